-- Processing after intake (issue 5): who holds each step, who finished it and how it was judged; the
-- supplement pause; the return of the result; which leadership heads each department.

-- A department's leadership: the leaders who may apologise for it, refuse its dossiers or act for it
-- (in a commune the Chairman's office heads the commune's own offices; a land-registry branch has its
-- own director). NULL: the department is headed only by its own leaders.
ALTER TABLE departments ADD COLUMN led_by TEXT REFERENCES departments (code);
UPDATE departments SET led_by = 'LD-UBND' WHERE code IN ('TTPVHCC', 'VP-TPHT', 'P-KT', 'P-VHXH') AND EXISTS (SELECT 1 FROM departments WHERE code = 'LD-UBND');
UPDATE departments SET led_by = 'LD-CN-VPDKDD' WHERE code = 'CN-VPDKDD' AND EXISTS (SELECT 1 FROM departments WHERE code = 'LD-CN-VPDKDD');

-- The officer who took the step (accept-step, the receiver on the control sheet), the one who finished
-- it (the giver), and the judgement against the step's due time, fixed when it finished so that the
-- lateness is attributed once, to the department and the officer of that moment.
ALTER TABLE dossier_steps ADD COLUMN held_by INTEGER REFERENCES staff (id);
ALTER TABLE dossier_steps ADD COLUMN completed_by INTEGER REFERENCES staff (id);
ALTER TABLE dossier_steps ADD COLUMN timeliness TEXT CHECK (timeliness IN ('early', 'on_time', 'late'));
-- Working minutes past the due time when it finished (0 when early or on time).
ALTER TABLE dossier_steps ADD COLUMN late_minutes INTEGER CHECK (late_minutes >= 0);
CREATE INDEX dossier_steps_held ON dossier_steps (held_by);

-- When the clock stopped for a supplement (NULL when it runs); the status to go back to afterwards.
ALTER TABLE dossiers ADD COLUMN paused_at TEXT;
ALTER TABLE dossiers ADD COLUMN status_before_pause TEXT CHECK (status_before_pause IN ('received', 'processing'));
-- The result handed over (completed_at is when it was ready: the dossier's lateness is judged then).
ALTER TABLE dossiers ADD COLUMN returned_at TEXT;
ALTER TABLE dossiers ADD COLUMN returned_by_method TEXT CHECK (returned_by_method IN ('counter', 'post'));

-- How long after receipt a department may still ask for a supplement, in working minutes (Decree 61
-- art. 19(4): 3 working days unless sectoral law says otherwise).
ALTER TABLE centre ADD COLUMN supplement_window_minutes INTEGER NOT NULL DEFAULT 1440 CHECK (supplement_window_minutes > 0);
