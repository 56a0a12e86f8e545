-- Two clocks per step (issue 12): the plan's milestone (due_at, what the citizen was promised) and the
-- holder's own due time, judged separately so that a person is judged only on the time they had.
--
-- share_minutes   the step's allotment on its holder's clock: its segment of the appointment's window
--                 (shared/step-clocks.ts stepShares); re-scaled when a supplement restarts the clock
-- milestone_at    the plan's milestone the holder's clock is held to: as planned at intake, moved by a
--                 supplement's pause, never by an apology (due_at, what the citizen is shown, is
--                 re-planned after an apology to end on the new appointment)
-- own_due_at      when the step reached its department (or the deadline started counting, if later)
--                 plus its allotment, moved by a supplement's pause, and never before milestone_at;
--                 NULL until the step is reached
-- taken_at        when its current holder took it (accept-step); NULL when nobody has
-- timeliness,     from now on the HOLDER's own judgement (against own_due_at), which every figure about
-- late_minutes    a person or a department reads (flags, thresholds, per-officer and per-department
--                 figures, the weekly report)
-- plan_timeliness the step against the plan's milestone (due_at): the citizen's and the dossier's view
-- plan_late_minutes
--
-- Steps from before this migration have share_minutes NULL: at the next start the server replays each
-- such dossier's history (server/dossiers/rejudge.ts), fills these columns, keeps the old judgement as
-- the plan's and appends a `steps_rejudged` event to the history where a judgement changed.
ALTER TABLE dossier_steps ADD COLUMN share_minutes INTEGER CHECK (share_minutes >= 0);
ALTER TABLE dossier_steps ADD COLUMN milestone_at TEXT;
ALTER TABLE dossier_steps ADD COLUMN own_due_at TEXT;
ALTER TABLE dossier_steps ADD COLUMN taken_at TEXT;
ALTER TABLE dossier_steps ADD COLUMN plan_timeliness TEXT CHECK (plan_timeliness IN ('early', 'on_time', 'late'));
ALTER TABLE dossier_steps ADD COLUMN plan_late_minutes INTEGER CHECK (plan_late_minutes >= 0);
-- The steps still to be judged again after the upgrade (a small partial index: empty once done).
CREATE INDEX dossier_steps_unshared ON dossier_steps (dossier_id) WHERE share_minutes IS NULL;
-- The supervisors' kept figures were counted on the old judgements (and the agencies' scores on the
-- dossier's total time whoever was late): counted again from the rows on the next request.
DELETE FROM supervision_cache WHERE period NOT LIKE 'calendar-%';
