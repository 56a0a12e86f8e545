-- Deadline rules as data (one-stop rules §4–5): the centre's convention and afternoon cut-off, the
-- procedures' same-day flag and supplement clock, how each dossier's appointment was computed, and the
-- official calendars an administrator imports.

-- 'working-hours': due = start + N × 8 working hours. 'civil-code': BLDS 2015 art. 147–148 days.
ALTER TABLE centre ADD COLUMN deadline_convention TEXT NOT NULL DEFAULT 'working-hours'
  CHECK (deadline_convention IN ('working-hours', 'civil-code'));
-- HH:MM, or NULL: when set, dossiers of every procedure received after it count from the next working day.
ALTER TABLE centre ADD COLUMN cutoff_for_all TEXT
  CHECK (cutoff_for_all IS NULL OR cutoff_for_all GLOB '[0-2][0-9]:[0-5][0-9]');

-- HH:MM for same-day procedures ("nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo").
ALTER TABLE procedures ADD COLUMN same_day_cutoff TEXT
  CHECK (same_day_cutoff IS NULL OR same_day_cutoff GLOB '[0-2][0-9]:[0-5][0-9]');
-- After a supplement the time limit restarts from zero (Decree 61 art. 19(4), the default) or resumes.
ALTER TABLE procedures ADD COLUMN supplement_clock TEXT NOT NULL DEFAULT 'restart'
  CHECK (supplement_clock IN ('restart', 'resume'));
-- Databases created before this migration: the catalogue's own wording names the same-day procedures.
UPDATE procedures SET same_day_cutoff = '15:00'
  WHERE time_limit_minutes = 480 AND time_limit_text LIKE '%sau 15 giờ%';

-- How the appointment was computed when it was promised, so that lateness is judged by the same rule
-- after the centre changes its settings.
ALTER TABLE dossiers ADD COLUMN due_rule TEXT NOT NULL DEFAULT 'working-hours'
  CHECK (due_rule IN ('working-hours', 'civil-code', 'same-day'));
ALTER TABLE dossiers ADD COLUMN counted_from TEXT;
-- JSON {"vi","en"}: why the appointment falls where it does, worded when it was promised, so the kiosk
-- tells the same story as the counter did even after the calendar or the settings change.
ALTER TABLE dossiers ADD COLUMN due_explanation TEXT;

-- Each import of a year's official notice (motcua calendar import). The latest import of a year wins
-- over the shipped file and the computed year; earlier ones stay as the record of what was in force.
CREATE TABLE calendar_imports (
  id          INTEGER PRIMARY KEY,
  year        INTEGER NOT NULL,
  data        TEXT NOT NULL,                -- the validated year, JSON in the data/calendar shape
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL                 -- the operating-system account that ran the command
) STRICT;
CREATE INDEX calendar_imports_year ON calendar_imports (year, id);
CREATE TRIGGER calendar_imports_no_update BEFORE UPDATE ON calendar_imports
BEGIN SELECT RAISE(ABORT, 'calendar imports are append-only'); END;
CREATE TRIGGER calendar_imports_no_delete BEFORE DELETE ON calendar_imports
BEGIN SELECT RAISE(ABORT, 'calendar imports are append-only'); END;
