/**
 * The supervisors' big reads as the JSON the server sends, made where the read was made (in the
 * reader's worker thread, reader-worker.ts): an overview of a busy centre is megabytes, and turning
 * it into text — or copying it between threads as objects — on the server's event loop held up every
 * kiosk lookup behind it. Each read through its route's response schema (shared/contracts.ts), as
 * Fastify would have serialised it: fields not in the contract never leave. The overview has no
 * response schema on its route: JSON as it is, as before.
 */
import { build } from 'fast-json-stringify';
import { KioskReport, SupervisionFlags, SupervisionScores, SupervisionSummary, SupervisionWarnings } from '../../shared/contracts.ts';
import type { READS } from './service.ts';

type Read = (typeof READS)[number];

const SCHEMAS: Record<Exclude<Read, 'overview'>, object> = {
  summary: SupervisionSummary,
  flags: SupervisionFlags,
  scores: SupervisionScores,
  warnings: SupervisionWarnings,
  kiosk: KioskReport,
};

const made = new Map<Read, (value: unknown) => string>();

/** `value`, the answer of `read`, as the JSON text of its response. */
export function readJson(read: Read, value: unknown): string {
  let serialize = made.get(read);
  if (!serialize) {
    serialize = read === 'overview' ? (v: unknown) => JSON.stringify(v) : (build(SCHEMAS[read]) as (v: unknown) => string);
    made.set(read, serialize);
  }
  return serialize(value);
}
