-- Training mode (issue 5, item 7): a database is either a centre's real one ('live') or one for
-- training clerks, demonstrations and end-to-end tests ('training'), and it stays what it was made:
-- training dossiers must never be mixed into a real register, nor a real register be served with a
-- settable clock. One row, written once when the database is set up (server/db/init.ts); these
-- triggers refuse changing, removing or replacing it (INSERT OR REPLACE deletes without firing the
-- DELETE trigger, hence the INSERT one).
CREATE TABLE database_mode (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  mode   TEXT NOT NULL CHECK (mode IN ('live', 'training')),
  set_at TEXT NOT NULL
) STRICT;

-- A database set up before this migration (it has its centre row) served real work: it is live.
-- A new, empty one gets its mode from the command that sets it up.
INSERT INTO database_mode (id, mode, set_at)
SELECT 1, 'live', strftime('%Y-%m-%dT%H:%M:%S', 'now', '+7 hours') || '+07:00'
WHERE EXISTS (SELECT 1 FROM centre);

CREATE TRIGGER database_mode_set_once BEFORE INSERT ON database_mode
WHEN EXISTS (SELECT 1 FROM database_mode)
BEGIN SELECT RAISE(ABORT, 'the database mode is set once, for good'); END;
CREATE TRIGGER database_mode_no_update BEFORE UPDATE ON database_mode
BEGIN SELECT RAISE(ABORT, 'the database mode is set once, for good'); END;
CREATE TRIGGER database_mode_no_delete BEFORE DELETE ON database_mode
BEGIN SELECT RAISE(ABORT, 'the database mode is set once, for good'); END;
