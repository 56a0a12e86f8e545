-- The foundation: centre, departments, staff, catalogue, dossiers, their steps, and append-only history.
-- Times are TEXT in ISO 8601 with the fixed +07:00 offset: one offset and one width, so they sort and
-- compare correctly as strings, and they read the same in the database as in the API.

CREATE TABLE centre (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  name             TEXT NOT NULL,
  parent_authority TEXT NOT NULL,
  agency_id        TEXT NOT NULL,
  address          TEXT NOT NULL,
  place            TEXT NOT NULL DEFAULT '', -- the place name on forms: "<place>, ngày … tháng … năm …"
  phone            TEXT NOT NULL DEFAULT '',
  office_hours     TEXT NOT NULL,          -- JSON {"weekdays":[1..5],"periods":[{"start":"07:00","end":"11:30"},…]}
  fictional        INTEGER NOT NULL DEFAULT 0 CHECK (fictional IN (0, 1)),
  source           TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE departments (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
  id              INTEGER PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name    TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('clerk', 'officer', 'leader', 'supervisor', 'admin')),
  department_code TEXT REFERENCES departments (code),
  password_hash   TEXT NOT NULL,           -- scrypt$N$r$p$salt$hash
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  fictional       INTEGER NOT NULL DEFAULT 0 CHECK (fictional IN (0, 1)),
  created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,              -- sha256 of the cookie value: a stolen database holds no live session
  staff_id   INTEGER NOT NULL REFERENCES staff (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_staff ON sessions (staff_id);

CREATE TABLE procedures (
  code               TEXT PRIMARY KEY,      -- national procedure code, e.g. 1.001193
  name               TEXT NOT NULL,
  field              TEXT NOT NULL,
  time_limit_minutes INTEGER NOT NULL CHECK (time_limit_minutes > 0),
  time_limit_text    TEXT NOT NULL DEFAULT '',
  decided_by         TEXT NOT NULL DEFAULT '',
  fee                TEXT NOT NULL DEFAULT '',
  documents          TEXT NOT NULL,         -- JSON array of document names, in the published order
  source             TEXT NOT NULL,
  steps_source       TEXT NOT NULL,
  active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE procedure_steps (
  procedure_code   TEXT NOT NULL REFERENCES procedures (code),
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  name             TEXT NOT NULL,
  department_code  TEXT NOT NULL REFERENCES departments (code),
  allotted_minutes INTEGER NOT NULL CHECK (allotted_minutes > 0),
  PRIMARY KEY (procedure_code, seq)
) STRICT;

-- The per-agency, per-day counter behind XXXX in the dossier code. Incremented in the same transaction
-- as the dossier insert, so a failed intake rolls its number back: no gaps, no repeats.
CREATE TABLE dossier_sequences (
  agency_id TEXT NOT NULL,
  date_key  TEXT NOT NULL,                  -- YYMMDD in Vietnam time
  last      INTEGER NOT NULL CHECK (last BETWEEN 1 AND 9999),
  PRIMARY KEY (agency_id, date_key)
) STRICT;

CREATE TABLE dossiers (
  id                  INTEGER PRIMARY KEY,
  code                TEXT NOT NULL UNIQUE,
  lookup_key          TEXT NOT NULL UNIQUE,
  procedure_code      TEXT NOT NULL REFERENCES procedures (code),
  procedure_name      TEXT NOT NULL,        -- as printed on the receipt, even if the catalogue changes later
  applicant_name      TEXT NOT NULL,
  applicant_id_number TEXT NOT NULL,
  applicant_phone     TEXT NOT NULL DEFAULT '',
  applicant_address   TEXT NOT NULL DEFAULT '',
  applicant_email     TEXT NOT NULL DEFAULT '',
  documents           TEXT NOT NULL,        -- JSON [{"name","originals","copies"}] as received
  sets                INTEGER NOT NULL DEFAULT 1 CHECK (sets >= 1),
  channel             TEXT NOT NULL CHECK (channel IN ('in_person', 'post', 'online')),
  return_method       TEXT NOT NULL CHECK (return_method IN ('at_centre', 'post', 'online')),
  status              TEXT NOT NULL CHECK (status IN ('received', 'processing', 'awaiting_supplement', 'ready', 'returned', 'refused', 'withdrawn')),
  received_at         TEXT NOT NULL,
  received_by         INTEGER NOT NULL REFERENCES staff (id),
  time_limit_minutes  INTEGER NOT NULL CHECK (time_limit_minutes > 0),
  original_due_at     TEXT NOT NULL,        -- the appointment printed at intake; never changes
  due_at              TEXT NOT NULL,        -- the current appointment (an apology may re-set it once)
  completed_at        TEXT,
  register_year       INTEGER NOT NULL,     -- Mẫu 06 register: numbered from 1 each year
  register_no         INTEGER NOT NULL,
  fictional           INTEGER NOT NULL DEFAULT 0 CHECK (fictional IN (0, 1)),
  UNIQUE (register_year, register_no)
) STRICT;
CREATE INDEX dossiers_status_due ON dossiers (status, due_at);
CREATE INDEX dossiers_received ON dossiers (received_at);

CREATE TABLE dossier_steps (
  dossier_id       INTEGER NOT NULL REFERENCES dossiers (id),
  seq              INTEGER NOT NULL CHECK (seq >= 1),
  name             TEXT NOT NULL,
  department_code  TEXT NOT NULL REFERENCES departments (code),
  allotted_minutes INTEGER NOT NULL CHECK (allotted_minutes > 0),
  due_at           TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('pending', 'in_progress', 'done')),
  started_at       TEXT,
  completed_at     TEXT,
  PRIMARY KEY (dossier_id, seq)
) STRICT;
CREATE INDEX dossier_steps_open ON dossier_steps (state, department_code);

-- What happened to each dossier, in order. Rows are only ever added.
CREATE TABLE dossier_events (
  id         INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
  at         TEXT NOT NULL,
  kind       TEXT NOT NULL,
  actor_id   INTEGER REFERENCES staff (id),
  data       TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id, id);
CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier history is append-only'); END;
CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier history is append-only'); END;

-- Staff access to personal data (Decree 13/2023/NĐ-CP: every access attributable).
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  staff_id   INTEGER REFERENCES staff (id),
  action     TEXT NOT NULL,
  dossier_id INTEGER REFERENCES dossiers (id),
  detail     TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_log_dossier ON audit_log (dossier_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
