import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLookupKey, makeLookupKey } from '../../../../shared/lookup-key.ts';
import { NO_READS, type ReadState, type ReadVerdict, cleanRead, nextRead } from './reads.ts';
import { cameraProblem, problemBeforeStart } from './camera-problem.ts';

const KEY = makeLookupKey('696306624402680');
const OTHER = makeLookupKey('123456789012345');
/** The same key with its last digit changed: the Damm check fails. */
const WRONG = KEY.slice(0, 15) + String((Number(KEY[15]) + 1) % 10);

function feed(reads: readonly string[]): ReadVerdict[] {
  let state: ReadState = NO_READS;
  return reads.map((raw) => {
    const step = nextRead(state, raw);
    state = step.state;
    return step.verdict;
  });
}

describe('camera reads', () => {
  it('accepts a key read twice in a row, not once', () => {
    expect(feed([KEY, KEY]).map((v) => v.kind)).toEqual(['once', 'accepted']);
    expect(feed([KEY, KEY])[1]).toEqual({ kind: 'accepted', key: KEY });
  });

  it('never accepts a key whose check digit fails, however often it is read', () => {
    const verdicts = feed(Array.from({ length: 10 }, () => WRONG));
    expect(checkLookupKey(WRONG)).toBe('bad-check-digit');
    expect(verdicts.some((v) => v.kind === 'accepted')).toBe(false);
    // Read steadily, it is a real barcode that is not a receipt's: the citizen is told (from the third read).
    expect(verdicts.map((v) => v.kind)).toEqual(['noise', 'noise', ...Array.from({ length: 8 }, () => 'not-a-key')]);
  });

  it('needs the two reads consecutive: a different read in between starts again', () => {
    expect(feed([KEY, WRONG, KEY]).map((v) => v.kind)).toEqual(['once', 'noise', 'once']);
    expect(feed([KEY, OTHER, KEY, OTHER]).map((v) => v.kind)).toEqual(['once', 'once', 'once', 'once']);
    expect(feed([KEY, OTHER, OTHER]).at(-1)).toEqual({ kind: 'accepted', key: OTHER });
  });

  it('ignores a garbled read (too short, too long, letters) once, and never accepts it', () => {
    for (const garbled of [KEY.slice(0, 14), `${KEY}0`, 'ABC-123', '']) {
      expect(feed([garbled, garbled]).map((v) => v.kind)).toEqual(['noise', 'noise']);
    }
  });

  it('drops the group separator quagga2 appends when the Code 128 check symbol is 102', () => {
    // 6963066244026808: start C (105) + Σ position × pair = 1338 ≡ 102 (mod 103), which quagga2 reads as FNC1.
    expect(cleanRead(`${KEY}\x1d`)).toBe(KEY);
    expect(feed([`${KEY}\x1d`, KEY])).toEqual([{ kind: 'once' }, { kind: 'accepted', key: KEY }]);
    // Only at the end, and only that character.
    expect(cleanRead(`\x1d${KEY}`)).toBe(`\x1d${KEY}`);
  });

  it('accepts exactly when the last two reads are the same valid key, for any sequence of reads', () => {
    const read = fc.constantFrom(KEY, OTHER, WRONG, `${KEY}\x1d`, KEY.slice(0, 15), 'X');
    fc.assert(
      fc.property(fc.array(read, { maxLength: 30 }), (reads) => {
        const verdicts = feed(reads);
        verdicts.forEach((v, i) => {
          const here = cleanRead(reads[i]!);
          const before = i > 0 ? cleanRead(reads[i - 1]!) : null;
          const shouldAccept = before === here && checkLookupKey(here) === 'valid';
          expect(v.kind === 'accepted').toBe(shouldAccept);
          if (v.kind === 'accepted') expect(v.key).toBe(here);
        });
      }),
    );
  });
});

describe('camera problems', () => {
  it('names the getUserMedia failures a citizen can act on, by the error’s name', () => {
    const named = (name: string) => cameraProblem(Object.assign(new Error('whatever the browser says'), { name }));
    expect(named('NotAllowedError')).toBe('denied');
    expect(named('SecurityError')).toBe('denied');
    expect(named('NotFoundError')).toBe('no-camera');
    expect(named('OverconstrainedError')).toBe('no-camera');
    expect(named('NotReadableError')).toBe('in-use');
    expect(named('AbortError')).toBe('in-use');
    expect(named('SomethingNew')).toBe('failed');
    // quagga2's own "Unable to play video stream" and things that are not errors at all.
    expect(cameraProblem(new Error('Unable to play video stream. Is webcam working?'))).toBe('failed');
    expect(cameraProblem('a string')).toBe('failed');
    expect(cameraProblem(null)).toBe('failed');
  });

  it('says “not a secure context” before asking, rather than “unsupported”: plain http hides the camera API', () => {
    expect(problemBeforeStart({ secureContext: false, hasGetUserMedia: false })).toBe('insecure');
    expect(problemBeforeStart({ secureContext: true, hasGetUserMedia: false })).toBe('unsupported');
    expect(problemBeforeStart({ secureContext: true, hasGetUserMedia: true })).toBeNull();
  });
});
