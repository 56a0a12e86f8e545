/**
 * When a camera read counts. A camera decoder sees a barcode many times a second and misreads long
 * Code 128 symbols now and then (a bar merged by blur, a frame caught mid-motion), so one read is
 * never enough: a key is accepted after two identical reads in a row that both pass the Damm check
 * digit. The check digit catches a single wrong digit; the repeat catches a misread that happens
 * to pass it. Pure: the panel feeds it every decoded text and acts on the verdict.
 */
import { checkLookupKey, stripLookupInput } from '../../../../shared/lookup-key.ts';

export const READS_TO_ACCEPT = 2;
/**
 * The same non-key read this many times in a row: a real barcode that is not a receipt's (a product
 * code, a wrong paper), worth telling the citizen about. A one-off garbled read is not.
 */
export const READS_TO_CALL_NOT_A_KEY = 3;

export interface ReadState {
  /** The last text read (cleaned), key or not. */
  readonly text: string | null;
  /** How many times in a row it was read. */
  readonly count: number;
}

export const NO_READS: ReadState = { text: null, count: 0 };

export type ReadVerdict =
  /** Read twice in a row and the check digit holds: look it up. */
  | { readonly kind: 'accepted'; readonly key: string }
  /** A valid key read once so far: hold still. */
  | { readonly kind: 'once' }
  /** The same code, not a lookup key, read again and again. */
  | { readonly kind: 'not-a-key' }
  /** Anything else (a misread, a stray code): ignored. */
  | { readonly kind: 'noise' };

/**
 * quagga2 1.12's Code 128 reader takes a check symbol of value 102 for FNC1 and leaves its character
 * (ASCII 29, group separator) at the end of the text: about one lookup key in 103 comes back as
 * "…\x1d". Our keys are digits only, so a trailing separator is always that artefact.
 */
export function cleanRead(raw: string): string {
  return raw.endsWith('\x1d') ? raw.slice(0, -1) : raw;
}

export function nextRead(state: ReadState, raw: string): { state: ReadState; verdict: ReadVerdict } {
  const text = cleanRead(raw);
  const count = state.text === text ? state.count + 1 : 1;
  const next: ReadState = { text, count };
  if (checkLookupKey(text) === 'valid') {
    return { state: next, verdict: count >= READS_TO_ACCEPT ? { kind: 'accepted', key: stripLookupInput(text) } : { kind: 'once' } };
  }
  return { state: next, verdict: count >= READS_TO_CALL_NOT_A_KEY ? { kind: 'not-a-key' } : { kind: 'noise' } };
}
