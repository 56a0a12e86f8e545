/**
 * One Idempotency-Key per save (the server keeps the first answer under it: server/idempotency/).
 * A key is made when the clerk presses save and reused as long as the same request is sent again — an
 * automatic retry after a network failure, or the clerk pressing again on the unchanged form — so a
 * save whose answer was lost on the way back gets that answer, not a second dossier. A success, or
 * any change to what would be sent, gives the next save a new key.
 */

/** 128 random bits as 32 hex digits. getRandomValues, not randomUUID: that one needs a secure context,
 * and counters on a centre's LAN may be on plain http. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface SaveKeys {
  /** The key for sending `request`: the last one if the same request is sent again, else a new one. */
  keyFor(request: unknown): string;
  /** The save went through: the next one, even of the same form, is another save. */
  succeeded(): void;
}

export function saveKeys(make: () => string = newIdempotencyKey): SaveKeys {
  let current: { request: string; key: string } | null = null;
  return {
    keyFor(request) {
      const text = JSON.stringify(request);
      if (current?.request !== text) current = { request: text, key: make() };
      return current.key;
    },
    succeeded() {
      current = null;
    },
  };
}

/**
 * Sends again, with the same key, when the request got no answer at all (status 0: the network, a
 * restarting server): safe only because the key makes the server act once. Any answer — a success or
 * a refusal — is final. `delays` are the waits before each retry.
 */
export async function retryUnanswered<T>(send: () => Promise<T>, delays: readonly number[] = [700, 2000], wait = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      const unanswered = typeof e === 'object' && e !== null && (e as { status?: unknown }).status === 0;
      if (!unanswered || attempt >= delays.length) throw e;
      await wait(delays[attempt]!);
    }
  }
}
