import { describe, expect, it } from 'vitest';
import { newIdempotencyKey, retryUnanswered, saveKeys } from './idempotency.ts';

describe('save keys', () => {
  it('keeps one key while the same request is sent again, and makes a new one after a success or a change', () => {
    let n = 0;
    const keys = saveKeys(() => `key-${++n}`);
    const form = { procedureCode: '1.001193', applicant: { fullName: 'Nguyễn Thị Hồng Nhung' } };
    expect(keys.keyFor(form)).toBe('key-1');
    expect(keys.keyFor({ ...form })).toBe('key-1'); // the clerk presses again: same save
    expect(keys.keyFor({ ...form, applicant: { fullName: 'Nguyễn Thị Hồng Nhung Sửa' } })).toBe('key-2'); // the form changed
    keys.succeeded();
    expect(keys.keyFor({ ...form, applicant: { fullName: 'Nguyễn Thị Hồng Nhung Sửa' } })).toBe('key-3'); // saved: the next is another
  });

  it('makes keys the server accepts: 32 hex digits, never twice the same', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});

describe('retryUnanswered', () => {
  const unanswered = Object.assign(new Error('network'), { status: 0 });
  it('sends again after no answer, up to the retries given, and returns the first answer that comes', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryUnanswered(
      async () => {
        calls++;
        if (calls < 3) throw unanswered;
        return 'saved';
      },
      [10, 20],
      async (ms) => void waits.push(ms),
    );
    expect(result).toBe('saved');
    expect(waits).toEqual([10, 20]);
  });

  it('gives up after the last retry, and never retries an answer (a refusal is final)', async () => {
    let calls = 0;
    await expect(retryUnanswered(async () => (calls++, Promise.reject(unanswered)), [1], async () => {})).rejects.toBe(unanswered);
    expect(calls).toBe(2);
    const refused = Object.assign(new Error('conflict'), { status: 409 });
    calls = 0;
    await expect(retryUnanswered(async () => (calls++, Promise.reject(refused)), [1, 1], async () => {})).rejects.toBe(refused);
    expect(calls).toBe(1);
  });
});
