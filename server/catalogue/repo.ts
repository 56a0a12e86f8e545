/** SQL for the centre, its departments and the procedure catalogue. */
import type { Db } from '../db/types.ts';

export interface CentreRow {
  name: string;
  parent_authority: string;
  agency_id: string;
  address: string;
  place: string;
  phone: string;
  office_hours: string;
  fictional: number;
  source: string;
  deadline_convention: string;
  cutoff_for_all: string | null;
  public_base_url: string;
  supplement_window_minutes: number;
  /** How many days an apology stays on the public board (migration 012). */
  apology_board_days: number;
  /** 'day' | 'minute' (migration 015): how a dossier's result is judged against its appointment. */
  timeliness: string;
}

export interface DepartmentRow {
  code: string;
  name: string;
  /** The department whose leaders head this one (null: only its own). */
  led_by: string | null;
}

export interface ProcedureRow {
  code: string;
  name: string;
  field: string;
  time_limit_minutes: number;
  time_limit_text: string;
  decided_by: string;
  fee: string;
  documents: string;
  source: string;
  steps_source: string;
  same_day_cutoff: string | null;
  supplement_clock: string;
  /** Working minutes after receipt in which a supplement may be asked for; null: the centre's setting. */
  supplement_window_minutes: number | null;
  supplement_window_basis: string | null;
}

/** A time limit the law gives the procedure in some cases (migration 013). */
export interface TimeLimitVariantRow {
  procedure_code: string;
  key: string;
  seq: number;
  name: string;
  name_en: string;
  time_limit_minutes: number;
  /** JSON array: the working minutes of each template step under this variant. */
  step_minutes: string;
  basis: string;
  sourced: number;
}

export interface ProcedureStepRow {
  procedure_code: string;
  seq: number;
  name: string;
  department_code: string;
  department_name: string;
  allotted_minutes: number;
}

export type CatalogueRepo = ReturnType<typeof catalogueRepo>;

export function catalogueRepo(db: Db) {
  const getCentre = db.prepare<[], CentreRow>('SELECT * FROM centre WHERE id = 1');
  // What the working calendar is built from, in one read: the office hours and the last calendar
  // import (every due time and every kiosk lookup asks; the whole centre row is several times wider).
  const calendarKey = db.prepare<[], { key: string }>("SELECT coalesce((SELECT max(id) FROM calendar_imports), 0) || '|' || office_hours AS key FROM centre WHERE id = 1");
  const putCentre = db.prepare(
    `INSERT INTO centre (id, name, parent_authority, agency_id, address, place, phone, office_hours, fictional, source, deadline_convention, cutoff_for_all)
     VALUES (1, @name, @parent_authority, @agency_id, @address, @place, @phone, @office_hours, @fictional, @source, @deadline_convention, @cutoff_for_all)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_authority = excluded.parent_authority,
       agency_id = excluded.agency_id, address = excluded.address, place = excluded.place, phone = excluded.phone,
       office_hours = excluded.office_hours, fictional = excluded.fictional, source = excluded.source,
       deadline_convention = excluded.deadline_convention, cutoff_for_all = excluded.cutoff_for_all`,
  );
  const putDepartment = db.prepare(
    'INSERT INTO departments (code, name) VALUES (@code, @name) ON CONFLICT (code) DO UPDATE SET name = excluded.name',
  );
  const setLedBy = db.prepare('UPDATE departments SET led_by = @led_by WHERE code = @code');
  const getDepartment = db.prepare<[string], DepartmentRow>('SELECT code, name, led_by FROM departments WHERE code = ?');
  const allDepartments = db.prepare<[], DepartmentRow>('SELECT code, name, led_by FROM departments ORDER BY code');
  const putProcedure = db.prepare(
    `INSERT INTO procedures (code, name, field, time_limit_minutes, time_limit_text, decided_by, fee, documents, source, steps_source, same_day_cutoff, supplement_clock,
       supplement_window_minutes, supplement_window_basis)
     VALUES (@code, @name, @field, @time_limit_minutes, @time_limit_text, @decided_by, @fee, @documents, @source, @steps_source, @same_day_cutoff, @supplement_clock,
       @supplement_window_minutes, @supplement_window_basis)`,
  );
  const putVariant = db.prepare(
    `INSERT INTO procedure_time_limit_variants (procedure_code, key, seq, name, name_en, time_limit_minutes, step_minutes, basis, sourced)
     VALUES (@procedure_code, @key, @seq, @name, @name_en, @time_limit_minutes, @step_minutes, @basis, @sourced)`,
  );
  const variantsOf = db.prepare<[string], TimeLimitVariantRow>('SELECT * FROM procedure_time_limit_variants WHERE procedure_code = ? ORDER BY seq');
  const allVariants = db.prepare<[], TimeLimitVariantRow>('SELECT * FROM procedure_time_limit_variants ORDER BY procedure_code, seq');
  const putStep = db.prepare(
    `INSERT INTO procedure_steps (procedure_code, seq, name, department_code, allotted_minutes)
     VALUES (@procedure_code, @seq, @name, @department_code, @allotted_minutes)`,
  );
  // One setting at a time, so that each change is its own audited act.
  const setHours = db.prepare('UPDATE centre SET office_hours = ? WHERE id = 1');
  const setConvention = db.prepare('UPDATE centre SET deadline_convention = ? WHERE id = 1');
  const setCutoff = db.prepare('UPDATE centre SET cutoff_for_all = ? WHERE id = 1');
  const setPublicUrl = db.prepare('UPDATE centre SET public_base_url = ? WHERE id = 1');
  const setSupplementWindow = db.prepare('UPDATE centre SET supplement_window_minutes = ? WHERE id = 1');
  const setApologyBoardDays = db.prepare('UPDATE centre SET apology_board_days = ? WHERE id = 1');
  const setTimeliness = db.prepare('UPDATE centre SET timeliness = ? WHERE id = 1');
  const countProcedures = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM procedures');
  const activeProcedures = db.prepare<[], ProcedureRow>('SELECT * FROM procedures WHERE active = 1 ORDER BY field, name');
  const procedureByCode = db.prepare<[string], ProcedureRow>('SELECT * FROM procedures WHERE code = ? AND active = 1');
  const stepsOf = db.prepare<[string], ProcedureStepRow>(
    `SELECT s.procedure_code, s.seq, s.name, s.department_code, d.name AS department_name, s.allotted_minutes
     FROM procedure_steps s JOIN departments d ON d.code = s.department_code
     WHERE s.procedure_code = ? ORDER BY s.seq`,
  );
  const allSteps = db.prepare<[], ProcedureStepRow>(
    `SELECT s.procedure_code, s.seq, s.name, s.department_code, d.name AS department_name, s.allotted_minutes
     FROM procedure_steps s JOIN departments d ON d.code = s.department_code
     JOIN procedures p ON p.code = s.procedure_code WHERE p.active = 1 ORDER BY s.procedure_code, s.seq`,
  );

  return {
    centre: () => getCentre.get(),
    /** Changes whenever the office hours change or a calendar is imported (by any process). */
    calendarKey: () => calendarKey.get()?.key,
    putCentre: (row: Omit<CentreRow, 'public_base_url' | 'supplement_window_minutes' | 'apology_board_days' | 'timeliness'>) => putCentre.run(row),
    setOfficeHours: (json: string) => setHours.run(json),
    setConvention: (convention: string) => setConvention.run(convention),
    setCutoffForAll: (hhmm: string | null) => setCutoff.run(hhmm),
    setPublicBaseUrl: (url: string) => setPublicUrl.run(url),
    setSupplementWindow: (minutes: number) => setSupplementWindow.run(minutes),
    setApologyBoardDays: (days: number) => setApologyBoardDays.run(days),
    setTimeliness: (mode: string) => setTimeliness.run(mode),
    putDepartment: (d: { code: string; name: string }) => putDepartment.run(d),
    /** Which leadership heads a department (after every department is in, so the reference holds). */
    setLedBy: (code: string, ledBy: string | null) => setLedBy.run({ code, led_by: ledBy }),
    department: (code: string) => getDepartment.get(code),
    departments: () => allDepartments.all(),
    putProcedure: (p: ProcedureRow, steps: Omit<ProcedureStepRow, 'department_name'>[], variants: readonly TimeLimitVariantRow[] = []) => {
      putProcedure.run(p);
      for (const s of steps) putStep.run(s);
      for (const v of variants) putVariant.run(v);
    },
    variantsOf: (code: string) => variantsOf.all(code),
    allVariants: () => allVariants.all(),
    procedureCount: () => countProcedures.get()?.n ?? 0,
    procedures: () => activeProcedures.all(),
    procedure: (code: string) => procedureByCode.get(code),
    stepsOf: (code: string) => stepsOf.all(code),
    allSteps: () => allSteps.all(),
  };
}
