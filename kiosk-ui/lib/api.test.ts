import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';

describe('ApiError.messageEn', () => {
  it('is the code\'s English wording, and a lock says until when, as the Vietnamese does', () => {
    expect(new ApiError(401, 'INVALID_CREDENTIALS', 'x').messageEn).toMatch(/password/i);
    const locked = new ApiError(429, 'ACCOUNT_LOCKED', 'Tài khoản tạm khóa … thử lại sau 19:16 …', { retryAt: '2026-12-06T19:16:04+07:00', retryAfterSeconds: 60 });
    expect(locked.messageEn).toBe('This account is locked after repeated failed logins: try again after 19:16, or ask an administrator to unlock it.');
    // Without the instant (an older server): the code's own wording.
    expect(new ApiError(429, 'ACCOUNT_LOCKED', 'x').messageEn).toMatch(/^This account is locked for a while/);
  });
});
