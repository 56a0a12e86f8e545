-- How a dossier's result is judged against its appointment in the headline figures, the scores, the
-- reports and the kiosk (`motcua settings set timeliness day|minute`): by the day, as officials count
-- it (before the appointment's day early, on it on time, after it late), or to the minute. A step's
-- own judgement (its holder against the step's due time) stays to the minute; the lateness amount
-- stays in working minutes. Day is the default: to the minute almost nothing is on time.
ALTER TABLE centre ADD COLUMN timeliness TEXT NOT NULL DEFAULT 'day' CHECK (timeliness IN ('day', 'minute'));

-- The supervisors' kept figures (migration 009) were judged to the minute: counted again by the day.
DELETE FROM supervision_cache WHERE period NOT LIKE 'calendar-%';

-- A change of the setting changes every finished dossier's judgement: everything kept is forgotten,
-- as a calendar change does (the calendar fingerprints stay: they are not figures).
CREATE TRIGGER supervision_cache_timeliness AFTER UPDATE OF timeliness ON centre
WHEN OLD.timeliness IS NOT NEW.timeliness
BEGIN
  DELETE FROM supervision_cache WHERE period NOT LIKE 'calendar-%';
END;
