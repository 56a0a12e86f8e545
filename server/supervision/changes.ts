/**
 * Waiting for the history to move: one timer for every waiting client, reading the newest event id
 * (a constant-time max(rowid)) every `pollEveryMs` while anyone waits, and none while nobody does.
 * Polling the database rather than hooking the writers: the CLI, a second server process on the same
 * file and the actions all append events, and each is seen the same way.
 */
export interface ChangeWaiter {
  /** Resolves with the newest event id once it is past `since`, or after `timeoutMs` (or an abort) with whatever it is then. */
  wait(since: number, timeoutMs: number, signal?: AbortSignal): Promise<number>;
  /** Answers every waiting client now (the server is closing). */
  close(): void;
}

export function changeWaiter(lastId: () => number, options: { pollEveryMs: number }): ChangeWaiter {
  const waiting = new Set<{ since: number; done: (id: number) => void }>();
  let timer: ReturnType<typeof setInterval> | null = null;
  const stopIfIdle = () => {
    if (waiting.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  const tick = () => {
    const id = lastId();
    for (const w of [...waiting]) if (id > w.since) w.done(id);
  };
  return {
    wait(since, timeoutMs, signal) {
      const now = lastId();
      if (now > since || signal?.aborted) return Promise.resolve(now);
      return new Promise((resolve) => {
        const entry = {
          since,
          done: (id: number) => {
            clearTimeout(timeout);
            signal?.removeEventListener('abort', onAbort);
            waiting.delete(entry);
            stopIfIdle();
            resolve(id);
          },
        };
        const onAbort = () => entry.done(lastId());
        const timeout = setTimeout(() => entry.done(lastId()), timeoutMs);
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.add(entry);
        if (!timer) timer = setInterval(tick, options.pollEveryMs);
      });
    },
    close() {
      const id = lastId();
      for (const w of [...waiting]) w.done(id);
    },
  };
}
