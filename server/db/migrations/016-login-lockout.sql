-- Repeated failed logins lock the name that was tried (server/auth/lockout.ts): after 5 in a row it is
-- refused for 1 minute, then 2, 4, 8 … at most an hour for each further failure; a successful login,
-- an administrator (`motcua users unlock`, the /admin screen) or a quiet day clears the row.
-- Keyed by the name tried, known account or not, so that a lock says nothing about whether an
-- account of that name exists. Present state only: every failure is also in the audit log.
CREATE TABLE login_failures (
  username        TEXT PRIMARY KEY COLLATE NOCASE,
  failures        INTEGER NOT NULL CHECK (failures > 0),  -- in a row, since the last success or unlock
  locked_until    TEXT,                                    -- ISO +07:00; NULL: not locked
  last_failure_at TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_last ON login_failures (last_failure_at);
