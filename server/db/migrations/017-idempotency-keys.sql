-- Idempotency-Key on intake and the dossier actions (server/idempotency/): the first answer to a
-- write, kept in the same transaction as the write, so that a retry with the same key (after a
-- timeout, a dropped connection, a crash) gets that answer again instead of a second dossier.
-- A key belongs to the member of staff who sent it; kept 24 hours, then purged on a later write.
CREATE TABLE idempotency_keys (
  staff_id    INTEGER NOT NULL REFERENCES staff (id),
  key         TEXT NOT NULL,
  request     TEXT NOT NULL,           -- method and route pattern, e.g. POST /api/dossiers
  fingerprint TEXT NOT NULL,           -- sha256 of the method, the path and the body
  status      INTEGER NOT NULL,
  headers     TEXT NOT NULL DEFAULT '{}',
  body        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (staff_id, key)
) STRICT;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
