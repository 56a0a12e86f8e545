-- A history an insider cannot rewrite unseen (issue 13, item 6). Someone who can write the database
-- file can recompute plain sha256 links; they cannot read the centre's history key, kept outside the
-- data directory (`motcua audit keygen`). With the key configured:
--  * every new link of the dossiers' history and of the audit log also carries a tag, an HMAC of the
--    link under a secret derived from the key: a link recomputed without the key has no valid tag;
--  * the server signs an anchor (the heads of both chains, their counts, the previous anchor) with
--    Ed25519 every few minutes and at shutdown: history up to an anchor is proven with the public key
--    alone, which the weekly report prints.
-- Without a key the server works as before and `audit verify` warns. See ARCHITECTURE.md, "History".

-- The audit log gets its own chain, like dossier_event_chain (migration 004).
CREATE TABLE audit_log_chain (
  audit_id  INTEGER PRIMARY KEY REFERENCES audit_log (id),
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL,
  tag       TEXT
) STRICT;
CREATE TRIGGER audit_log_chain_no_update BEFORE UPDATE ON audit_log_chain
BEGIN SELECT RAISE(ABORT, 'the audit log chain is append-only'); END;
CREATE TRIGGER audit_log_chain_no_delete BEFORE DELETE ON audit_log_chain
BEGIN SELECT RAISE(ABORT, 'the audit log chain is append-only'); END;

ALTER TABLE dossier_event_chain ADD COLUMN tag TEXT;

-- Where this upgrade found the database. Events after `events_through` are linked with their dossier's
-- received_at and lookup_key when they are its `received` event; audit rows up to `audit_through` and
-- events up to `events_through` were sealed by this program at the upgrade, not provable before.
CREATE TABLE history_upgrade (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  at              TEXT NOT NULL,
  events_through  INTEGER NOT NULL,
  audit_through   INTEGER NOT NULL,
  dossiers_through INTEGER NOT NULL
) STRICT;
INSERT INTO history_upgrade (id, at, events_through, audit_through, dossiers_through)
VALUES (1, strftime('%Y-%m-%dT%H:%M:%S', 'now', '+7 hours') || '+07:00',
        (SELECT coalesce(max(id), 0) FROM dossier_events), (SELECT coalesce(max(id), 0) FROM audit_log),
        (SELECT coalesce(max(id), 0) FROM dossiers));
CREATE TRIGGER history_upgrade_no_update BEFORE UPDATE ON history_upgrade
BEGIN SELECT RAISE(ABORT, 'the upgrade record is written once'); END;

-- The staff accounts as the upgrade found them, into the audit log (sealed at the next start): from
-- now on every account's role, department, name and active flag is recorded there when it changes,
-- and `audit verify` compares the staff rows with it.
INSERT INTO audit_log (at, staff_id, action, dossier_id, detail)
SELECT strftime('%Y-%m-%dT%H:%M:%S', 'now', '+7 hours') || '+07:00', NULL, 'staff_state', NULL,
       json_object('staff', id, 'username', username, 'role', role, 'department', department_code, 'active', active, 'basis', 'upgrade')
FROM staff ORDER BY id;

-- The key that protects this history, recorded (and signed with it) the first time the server runs
-- with it: from `events_from` / `audit_from` on, every link must carry a valid tag. One row.
CREATE TABLE history_protection (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  payload     TEXT NOT NULL, -- JSON {publicKey, fingerprint, eventsFrom, auditFrom, at}
  signature   TEXT NOT NULL  -- Ed25519 over payload, base64
) STRICT;
CREATE TRIGGER history_protection_no_update BEFORE UPDATE ON history_protection
BEGIN SELECT RAISE(ABORT, 'the protection record is written once'); END;
CREATE TRIGGER history_protection_no_delete BEFORE DELETE ON history_protection
BEGIN SELECT RAISE(ABORT, 'the protection record is written once'); END;

-- Signed anchors: each signs the heads of both chains, their counts and the previous anchor.
CREATE TABLE history_anchors (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  payload   TEXT NOT NULL, -- JSON {seq, at, reason, eventId, eventLink, events, auditId, auditLink, auditRows, prev, fingerprint}
  signature TEXT NOT NULL  -- Ed25519 over payload, base64
) STRICT;
CREATE TRIGGER history_anchors_no_update BEFORE UPDATE ON history_anchors
BEGIN SELECT RAISE(ABORT, 'anchors are append-only'); END;
CREATE TRIGGER history_anchors_no_delete BEFORE DELETE ON history_anchors
BEGIN SELECT RAISE(ABORT, 'anchors are append-only'); END;
