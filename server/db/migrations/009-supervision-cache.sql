-- The supervisors' figures for days that are over, kept so a month, a quarter or a year is added up
-- from a few hundred small rows instead of re-reading 200,000 dossiers and their steps each time
-- (server/supervision/day-cache.ts). A cache, never a record: every row can be rebuilt from the
-- dossiers, steps, history and ratings, and the triggers below delete a day's rows (and its month's)
-- whenever something that day's figures are made of is written, whichever process writes it. The
-- history itself stays append-only; only this table is ever deleted from.
--
-- `period` is a Vietnam day 'YYYY-MM-DD' or a whole month 'YYYY-MM'; `name` says which figures
-- (summary, scores, …); `data` is their JSON. Rows with period 'calendar-YYYY' hold a fingerprint of
-- that year's working calendar: handling times are counted in working minutes, so a calendar import
-- that changes a year already counted empties the cache.
CREATE TABLE supervision_cache (
  period TEXT NOT NULL,
  name   TEXT NOT NULL,
  data   TEXT NOT NULL,
  PRIMARY KEY (period, name)
) WITHOUT ROWID, STRICT;

-- What a trigger forgets: the day of a stored time (its first ten characters, every stored time being
-- ISO 8601 with +07:00) and the month that day is in. Most writes happen today, whose figures are
-- never kept, so these deletes usually find nothing: one primary-key probe each.
CREATE TRIGGER supervision_cache_dossier_insert AFTER INSERT ON dossiers
BEGIN
  DELETE FROM supervision_cache WHERE period IN (substr(NEW.received_at, 1, 10), substr(NEW.received_at, 1, 7),
                                                 substr(NEW.completed_at, 1, 10), substr(NEW.completed_at, 1, 7));
END;
CREATE TRIGGER supervision_cache_dossier_update AFTER UPDATE OF received_at, completed_at, original_due_at, due_rule, procedure_code ON dossiers
BEGIN
  DELETE FROM supervision_cache WHERE period IN (substr(OLD.received_at, 1, 10), substr(OLD.received_at, 1, 7),
                                                 substr(OLD.completed_at, 1, 10), substr(OLD.completed_at, 1, 7),
                                                 substr(NEW.received_at, 1, 10), substr(NEW.received_at, 1, 7),
                                                 substr(NEW.completed_at, 1, 10), substr(NEW.completed_at, 1, 7));
END;
CREATE TRIGGER supervision_cache_step_insert AFTER INSERT ON dossier_steps
BEGIN
  DELETE FROM supervision_cache WHERE period IN (substr(NEW.started_at, 1, 10), substr(NEW.started_at, 1, 7),
                                                 substr(NEW.completed_at, 1, 10), substr(NEW.completed_at, 1, 7));
END;
CREATE TRIGGER supervision_cache_step_update AFTER UPDATE OF started_at, completed_at, timeliness, held_by, department_code ON dossier_steps
BEGIN
  DELETE FROM supervision_cache WHERE period IN (substr(OLD.started_at, 1, 10), substr(OLD.started_at, 1, 7),
                                                 substr(OLD.completed_at, 1, 10), substr(OLD.completed_at, 1, 7),
                                                 substr(NEW.started_at, 1, 10), substr(NEW.started_at, 1, 7),
                                                 substr(NEW.completed_at, 1, 10), substr(NEW.completed_at, 1, 7));
  -- A dossier's scores are kept on the day it finished and read its steps.
  DELETE FROM supervision_cache WHERE period IN (SELECT substr(completed_at, 1, 10) FROM dossiers WHERE id = NEW.dossier_id
                                                 UNION ALL SELECT substr(completed_at, 1, 7) FROM dossiers WHERE id = NEW.dossier_id);
END;
-- An apology counts for the holder and department of the step it names, read when counted: a step
-- taken over or handed back afterwards re-counts the days its dossier's apologies were made on.
CREATE TRIGGER supervision_cache_step_holder AFTER UPDATE OF held_by, department_code ON dossier_steps
WHEN OLD.held_by IS NOT NEW.held_by OR OLD.department_code IS NOT NEW.department_code
BEGIN
  DELETE FROM supervision_cache WHERE period IN (SELECT substr(at, 1, 10) FROM dossier_events WHERE dossier_id = NEW.dossier_id AND kind = 'apologized'
                                                 UNION ALL SELECT substr(at, 1, 7) FROM dossier_events WHERE dossier_id = NEW.dossier_id AND kind = 'apologized');
END;
-- An event counts on its own day (apologies, supplement requests) and in the scores of its dossier,
-- kept on the day the dossier finished.
CREATE TRIGGER supervision_cache_event_insert AFTER INSERT ON dossier_events
BEGIN
  DELETE FROM supervision_cache WHERE period IN (substr(NEW.at, 1, 10), substr(NEW.at, 1, 7));
  DELETE FROM supervision_cache WHERE period IN (SELECT substr(completed_at, 1, 10) FROM dossiers WHERE id = NEW.dossier_id
                                                 UNION ALL SELECT substr(completed_at, 1, 7) FROM dossiers WHERE id = NEW.dossier_id);
END;
-- A rating comes after the dossier finished, and belongs to that day's scores.
CREATE TRIGGER supervision_cache_rating_insert AFTER INSERT ON ratings
BEGIN
  DELETE FROM supervision_cache WHERE period IN (SELECT substr(completed_at, 1, 10) FROM dossiers WHERE id = NEW.dossier_id
                                                 UNION ALL SELECT substr(completed_at, 1, 7) FROM dossiers WHERE id = NEW.dossier_id);
END;
-- Supplement requests count for the requester's department: moving someone re-counts everything.
CREATE TRIGGER supervision_cache_staff_department AFTER UPDATE OF department_code ON staff
WHEN OLD.department_code IS NOT NEW.department_code
BEGIN
  DELETE FROM supervision_cache WHERE period NOT LIKE 'calendar-%';
END;
