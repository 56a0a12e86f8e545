-- The kiosk (issue 6): a record of each lookup, and the citizens' satisfaction ratings.

-- One row per lookup: how it came in and what became of it, so supervisors see a failing scanner or
-- camera (many 'invalid' reads) and bursts of wrong keys. Deliberately nothing that identifies a
-- person or a dossier: never the key or code typed, never a dossier id (with the time it would say
-- who looked up which dossier), and the client only as a LAN address (a kiosk on the centre's
-- network) or the word 'internet' — a citizen's phone address is personal data (Decree 13/2023).
-- `outcome` is what the lookup found; 'throttled' means it was refused unanswered because the client
-- already had too much waiting queued after a burst of wrong keys. `delay_ms` is how long an answered
-- lookup was held back by that slowdown (0: not slowed), so the real outcome is kept either way.
CREATE TABLE kiosk_lookups (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  channel   TEXT NOT NULL CHECK (channel IN ('scanner', 'camera', 'keypad', 'code', 'link')),
  outcome   TEXT NOT NULL CHECK (outcome IN ('found', 'not_found', 'invalid', 'throttled')),
  tier      TEXT CHECK (tier IN ('detail', 'summary')),
  client    TEXT NOT NULL,
  delay_ms  INTEGER NOT NULL DEFAULT 0 CHECK (delay_ms >= 0),
  fictional INTEGER NOT NULL DEFAULT 0 CHECK (fictional IN (0, 1)),
  CHECK ((outcome = 'found') = (tier IS NOT NULL))
) STRICT;
-- The supervisor's report reads a date range.
CREATE INDEX kiosk_lookups_at ON kiosk_lookups (at);

-- One rating per dossier, given by whoever holds its receipt once the result is returned (one-stop
-- rules §6: raw votes are immutable). The UNIQUE constraint settles two ratings sent at once; the
-- triggers refuse changing or removing one, and the INSERT trigger refuses INSERT OR REPLACE, which
-- would otherwise delete the first rating without firing the DELETE trigger.
CREATE TABLE ratings (
  id         INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL UNIQUE REFERENCES dossiers (id),
  level      TEXT NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very_dissatisfied')),
  reasons    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons) AND json_type(reasons) = 'array'),
  at         TEXT NOT NULL,
  channel    TEXT CHECK (channel IN ('scanner', 'camera', 'keypad', 'code', 'link'))
) STRICT;
CREATE INDEX ratings_at ON ratings (at);
CREATE TRIGGER ratings_once BEFORE INSERT ON ratings
WHEN EXISTS (SELECT 1 FROM ratings WHERE dossier_id = NEW.dossier_id)
BEGIN SELECT RAISE(ABORT, 'a dossier is rated once; ratings are never changed'); END;
CREATE TRIGGER ratings_no_update BEFORE UPDATE ON ratings
BEGIN SELECT RAISE(ABORT, 'a dossier is rated once; ratings are never changed'); END;
CREATE TRIGGER ratings_no_delete BEFORE DELETE ON ratings
BEGIN SELECT RAISE(ABORT, 'a dossier is rated once; ratings are never changed'); END;
