-- Supervision (issue 7): the supervisors' decisions on late steps, the centre's thresholds for the
-- discipline flags, and the indexes the dashboard's aggregates read. The figures are computed in SQL
-- over a period (a week to a year): every query below starts from one of these indexes, so a year of
-- 200,000 dossiers is read through index ranges, never by scanning the tables.

-- A supervisor's (or leader's) judgement of one late step: a valid reason (the step is not held
-- against its officer and department) or not. Append-only like the history: the current decision is
-- the step's latest row; reversing one is another row. Each row has its `lateness_reviewed` event in
-- the dossier's hash-chained history (event_id), so `audit verify` can match the two.
CREATE TABLE lateness_decisions (
  id          INTEGER PRIMARY KEY,
  dossier_id  INTEGER NOT NULL REFERENCES dossiers (id),
  seq         INTEGER NOT NULL CHECK (seq >= 1),
  valid       INTEGER NOT NULL CHECK (valid IN (0, 1)),
  reason      TEXT NOT NULL CHECK (length(reason) BETWEEN 5 AND 500),
  decided_by  INTEGER NOT NULL REFERENCES staff (id),
  decided_at  TEXT NOT NULL,
  event_id    INTEGER NOT NULL UNIQUE REFERENCES dossier_events (id),
  FOREIGN KEY (dossier_id, seq) REFERENCES dossier_steps (dossier_id, seq)
) STRICT;
CREATE INDEX lateness_decisions_step ON lateness_decisions (dossier_id, seq, id);
CREATE TRIGGER lateness_decisions_no_update BEFORE UPDATE ON lateness_decisions
BEGIN SELECT RAISE(ABORT, 'lateness decisions are append-only: record a new decision instead'); END;
CREATE TRIGGER lateness_decisions_no_delete BEFORE DELETE ON lateness_decisions
BEGIN SELECT RAISE(ABORT, 'lateness decisions are append-only: record a new decision instead'); END;

-- Thanh Hóa practice (one-stop rules §7): late twice or more without a valid reason → review for
-- discipline or transfer; three apologies or more → serious handling. Settings, as the legal source of
-- the numbers is unconfirmed (`motcua settings set discipline-late-steps N | serious-apologies N`).
ALTER TABLE centre ADD COLUMN discipline_late_steps INTEGER NOT NULL DEFAULT 2 CHECK (discipline_late_steps BETWEEN 1 AND 100);
ALTER TABLE centre ADD COLUMN serious_apologies INTEGER NOT NULL DEFAULT 3 CHECK (serious_apologies BETWEEN 1 AND 100);

-- Dossiers finished in a period, with what judging them needs: read from the index alone.
CREATE INDEX dossiers_completed ON dossiers (completed_at, procedure_code, original_due_at, due_rule, received_at) WHERE completed_at IS NOT NULL;
-- Dossiers received in a period, counted per procedure from the index alone.
CREATE INDEX dossiers_received_procedure ON dossiers (received_at, procedure_code);
-- Steps finished / started in a period, per department and officer.
CREATE INDEX dossier_steps_completed ON dossier_steps (completed_at, department_code, held_by, timeliness, started_at) WHERE completed_at IS NOT NULL;
CREATE INDEX dossier_steps_started ON dossier_steps (started_at, department_code, held_by) WHERE started_at IS NOT NULL;
-- Open steps held by an officer (the officer's "open now").
CREATE INDEX dossier_steps_state_holder ON dossier_steps (state, held_by);
-- Apologies, supplement requests and refused attempts in a period.
CREATE INDEX dossier_events_kind_at ON dossier_events (kind, at);
