-- Apologies get the same review as late steps (issue 12, item 3): a supervisor or a leader — not the
-- leader who signed the apology, nor anyone who held the step it names — records whether it had a
-- valid reason. The "three apologies or more" flag (centre.serious_apologies) counts those without a
-- valid reason, as the provincial rule says (one-stop rules §7). Append-only like lateness_decisions:
-- the decision in force is the apology's latest row; reversing one is another row, and each row has
-- its `apology_reviewed` event in the dossier's hash-chained history (event_id), which `audit verify`
-- matches against it (server/dossiers/consistency.ts).
CREATE TABLE apology_decisions (
  id               INTEGER PRIMARY KEY,
  dossier_id       INTEGER NOT NULL REFERENCES dossiers (id),
  -- The apology reviewed: its `apologized` history event.
  apology_event_id INTEGER NOT NULL REFERENCES dossier_events (id),
  valid            INTEGER NOT NULL CHECK (valid IN (0, 1)),
  reason           TEXT NOT NULL CHECK (length(reason) BETWEEN 5 AND 500),
  decided_by       INTEGER NOT NULL REFERENCES staff (id),
  decided_at       TEXT NOT NULL,
  event_id         INTEGER NOT NULL UNIQUE REFERENCES dossier_events (id)
) STRICT;
-- The decision in force on an apology: the flags look it up for each apology of the period.
CREATE INDEX apology_decisions_apology ON apology_decisions (apology_event_id, id);
CREATE TRIGGER apology_decisions_no_update BEFORE UPDATE ON apology_decisions
BEGIN SELECT RAISE(ABORT, 'apology decisions are append-only: record a new decision instead'); END;
CREATE TRIGGER apology_decisions_no_delete BEFORE DELETE ON apology_decisions
BEGIN SELECT RAISE(ABORT, 'apology decisions are append-only: record a new decision instead'); END;

-- The flags are counted live, never kept; but a decision changes what the apology's day counted, so
-- that day (and its month) is forgotten like any other write to it (migration 009): no kept figure
-- may ever read a decision as it was before.
CREATE TRIGGER supervision_cache_apology_decision AFTER INSERT ON apology_decisions
BEGIN
  DELETE FROM supervision_cache WHERE period IN (SELECT substr(at, 1, 10) FROM dossier_events WHERE id = NEW.apology_event_id
                                                 UNION ALL SELECT substr(at, 1, 7) FROM dossier_events WHERE id = NEW.apology_event_id);
END;
