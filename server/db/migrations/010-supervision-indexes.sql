-- Supervision on a busy centre (issue 7: a year of 200,000 dossiers answered in under 200 ms): the late
-- steps, read from indexes of their own. About one step in twenty finishes late, so these partial
-- indexes hold a twentieth of the steps and are written only when a step is judged late, once, as it
-- finishes; they leave intake and the other step updates as fast as before.

-- Late steps finished in a period, per department and officer, with the (dossier_id, seq) the
-- lateness decisions are keyed by: the discipline flags count them from the index alone, and a
-- department's late steps (drill-down, a flag's most recent ones) are read from it in time order.
CREATE INDEX dossier_steps_late ON dossier_steps (completed_at, department_code, held_by, dossier_id, seq) WHERE timeliness = 'late';
-- One officer's late steps in time order: their drill-down over a year, and the most recent behind
-- their flag, without reading every step they ever held (dossier_steps_held).
CREATE INDEX dossier_steps_late_held ON dossier_steps (held_by, completed_at, dossier_id, seq) WHERE timeliness = 'late';
