/**
 * Staff account rules both sides check: the server in its schemas (contracts.ts) and its service, the
 * /admin screen before it sends a form. Plain values, so the screen does not load the schema library.
 */

/** Letters without diacritics, digits, ".", "_" and "-": typed on any keyboard, safe in a log line. */
export const USERNAME_PATTERN = '^[A-Za-z0-9._-]{3,64}$';
export const PASSWORD_MIN_LENGTH = 8;
/** The sign-in form accepts at most this many characters, so no longer password could ever be typed in. */
export const PASSWORD_MAX_LENGTH = 200;
