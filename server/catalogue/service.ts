/**
 * The catalogue: the centre, its departments and the procedures it receives, loaded from data/catalogue
 * into a new database and read back in the API's shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CentreInfo, Procedure, TimeLimitVariant } from '../../shared/contracts.ts';
import { isAgencyId } from '../../shared/dossier-code.ts';
import { deepNfc } from '../../shared/text.ts';
import type { CalendarYear, OfficialCalendar } from '../../shared/calendar.ts';
import type { DeadlinePolicy, SupplementClock, TimeLimit } from '../../shared/deadline.ts';
import { DEFAULT_TIMELINESS_MODE, type TimelinessMode, isTimelinessMode } from '../../shared/vocabulary.ts';
import { MINUTES_PER_WORKING_DAY, hhmmToMinutes } from '../../shared/working-time.ts';
import { type CalendarRepo, calendarRepo } from '../calendar/repo.ts';
import { buildCalendar, importedYears, loadOfficialYears } from '../calendar/service.ts';
import { PROJECT_ROOT } from '../config.ts';
import type { Db } from '../db/types.ts';
import { type CatalogueRepo, type ProcedureRow, type ProcedureStepRow, type TimeLimitVariantRow, catalogueRepo } from './repo.ts';
import { CONVENTIONS, SettingsError, checkCutoffInHours, parseCutoff, parseOfficeHours, policyOf } from './settings.ts';

export const CATALOGUE_DIR = join(PROJECT_ROOT, 'data', 'catalogue');

interface CentreFile {
  name: string;
  parentAuthority: string;
  agencyId: string;
  address: string;
  place: string;
  phone: string;
  fictional: boolean;
  officeHours: unknown;
  deadlines?: { convention?: string; cutoffForAll?: string | null };
}

interface ProcedureFileEntry {
  code: string;
  name: string;
  field: string;
  decidedBy: string;
  timeLimitText: string;
  timeLimitHours: number;
  sameDayCutoff?: string;
  supplementClock?: SupplementClock;
  timeLimitVariants?: { key: string; name: string; nameEn: string; timeLimitHours: number; stepHours: number[]; basis: string; status: 'sourced' | 'proposed' }[];
  supplementWindowDays?: number;
  supplementWindowBasis?: string;
  documents: string[];
  fee: string;
  steps: { name: string; department: string; allottedHours: number }[];
  source: string;
  stepsSource: string;
}

const readJson = <T>(file: string): T => deepNfc(JSON.parse(readFileSync(join(CATALOGUE_DIR, file), 'utf8')) as T);

/** Hours in the catalogue are decimals (0.5 h); the database keeps whole minutes to avoid float drift. */
export const hoursToMinutes = (hours: number) => Math.round(hours * 60);
export const minutesToHours = (minutes: number) => minutes / 60;

/** Loads the shipped catalogue into an empty database. Checks what a typo would otherwise hide. */
export function seedCatalogue(db: Db): { procedures: number; departments: number } {
  const repo = catalogueRepo(db);
  const centre = readJson<CentreFile>('centre.json');
  const { departments } = readJson<{ departments: { code: string; name: string; ledBy?: string }[] }>('departments.json');
  const { procedures } = readJson<{ procedures: ProcedureFileEntry[] }>('procedures.json');
  if (!isAgencyId(centre.agencyId)) throw new Error(`centre.json: agencyId "${centre.agencyId}" is not NNN.NN.NN.X00`);
  const convention = centre.deadlines?.convention ?? 'working-hours';
  const cutoffForAll = centre.deadlines?.cutoffForAll ?? null;
  try {
    const hours = parseOfficeHours(centre.officeHours);
    const cutoff = parseCutoff(cutoffForAll);
    if (cutoff !== null) checkCutoffInHours(cutoff, hours);
    if (!(CONVENTIONS as readonly string[]).includes(convention)) throw new SettingsError([`deadlines.convention must be one of ${CONVENTIONS.join(', ')}`]);
  } catch (e) {
    throw new Error(`centre.json: ${e instanceof SettingsError ? e.problems.join('; ') : (e as Error).message}`, { cause: e });
  }

  db.transaction(() => {
    repo.putCentre({
      name: centre.name,
      parent_authority: centre.parentAuthority,
      agency_id: centre.agencyId,
      address: centre.address,
      place: centre.place,
      phone: centre.phone,
      office_hours: JSON.stringify(centre.officeHours),
      fictional: centre.fictional ? 1 : 0,
      source: 'data/catalogue/centre.json',
      deadline_convention: convention,
      cutoff_for_all: cutoffForAll,
    });
    for (const d of departments) repo.putDepartment({ code: d.code, name: d.name });
    const known = new Set(departments.map((d) => d.code));
    for (const d of departments) {
      if (d.ledBy !== undefined && !known.has(d.ledBy)) throw new Error(`departments.json ${d.code}: ledBy names an unknown department ${d.ledBy}`);
      repo.setLedBy(d.code, d.ledBy ?? null);
    }
    for (const p of procedures) {
      const total = p.steps.reduce((sum, s) => sum + hoursToMinutes(s.allottedHours), 0);
      if (total !== hoursToMinutes(p.timeLimitHours)) {
        throw new Error(`procedures.json ${p.code}: steps add up to ${total / 60} h, the time limit is ${p.timeLimitHours} h`);
      }
      const row: ProcedureRow = {
        code: p.code,
        name: p.name,
        field: p.field,
        time_limit_minutes: hoursToMinutes(p.timeLimitHours),
        time_limit_text: p.timeLimitText,
        decided_by: p.decidedBy,
        fee: p.fee,
        documents: JSON.stringify(p.documents),
        source: p.source,
        steps_source: p.stepsSource,
        same_day_cutoff: p.sameDayCutoff ?? null,
        supplement_clock: p.supplementClock ?? 'restart',
        supplement_window_minutes: p.supplementWindowDays === undefined ? null : Math.round(p.supplementWindowDays * MINUTES_PER_WORKING_DAY),
        supplement_window_basis: p.supplementWindowBasis ?? null,
      };
      if (p.supplementWindowDays !== undefined && !(p.supplementWindowDays > 0 && p.supplementWindowBasis)) {
        throw new Error(`procedures.json ${p.code}: supplementWindowDays must be > 0 and come with its supplementWindowBasis`);
      }
      const variants = variantRows(p);
      if (p.sameDayCutoff !== undefined) hhmmToMinutes(p.sameDayCutoff);
      const steps = p.steps.map((s, i) => {
        if (!known.has(s.department)) throw new Error(`procedures.json ${p.code}: unknown department ${s.department}`);
        return { procedure_code: p.code, seq: i + 1, name: s.name, department_code: s.department, allotted_minutes: hoursToMinutes(s.allottedHours) };
      });
      repo.putProcedure(row, steps, variants);
    }
  }).immediate();
  return { procedures: procedures.length, departments: departments.length };
}

/** A procedure's time-limit variants from the catalogue file, checked: a typo must not promise a wrong date. */
function variantRows(p: ProcedureFileEntry): TimeLimitVariantRow[] {
  const seen = new Set<string>();
  return (p.timeLimitVariants ?? []).map((v, i) => {
    const where = `procedures.json ${p.code} timeLimitVariants[${i}]`;
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(v.key) || seen.has(v.key)) throw new Error(`${where}: key "${v.key}" must be unique, lower-case letters, digits and dashes`);
    seen.add(v.key);
    if (!v.name || !v.nameEn || !v.basis) throw new Error(`${where}: name, nameEn and basis are required`);
    if (v.status !== 'sourced' && v.status !== 'proposed') throw new Error(`${where}: status must be sourced or proposed`);
    if (v.stepHours.length !== p.steps.length) throw new Error(`${where}: stepHours has ${v.stepHours.length} entries for ${p.steps.length} steps`);
    const stepMinutes = v.stepHours.map(hoursToMinutes);
    const total = stepMinutes.reduce((a, b) => a + b, 0);
    if (stepMinutes.some((m) => m <= 0) || total !== hoursToMinutes(v.timeLimitHours)) throw new Error(`${where}: stepHours add up to ${total / 60} h, the limit is ${v.timeLimitHours} h`);
    return { procedure_code: p.code, key: v.key, seq: i + 1, name: v.name, name_en: v.nameEn, time_limit_minutes: hoursToMinutes(v.timeLimitHours), step_minutes: JSON.stringify(stepMinutes), basis: v.basis, sourced: v.status === 'sourced' ? 1 : 0 };
  });
}

export function toVariant(v: TimeLimitVariantRow): TimeLimitVariant {
  return {
    key: v.key,
    name: { vi: v.name, en: v.name_en },
    timeLimitHours: minutesToHours(v.time_limit_minutes),
    stepHours: (JSON.parse(v.step_minutes) as number[]).map(minutesToHours),
    basis: v.basis,
    sourced: v.sourced === 1,
  };
}

export function toProcedure(row: ProcedureRow, steps: readonly ProcedureStepRow[], variants: readonly TimeLimitVariantRow[] = [], centreWindowMinutes = 3 * MINUTES_PER_WORKING_DAY): Procedure {
  return {
    code: row.code,
    name: row.name,
    field: row.field,
    timeLimitHours: minutesToHours(row.time_limit_minutes),
    timeLimitText: row.time_limit_text,
    sameDayCutoff: row.same_day_cutoff,
    supplementClock: row.supplement_clock === 'resume' ? 'resume' : 'restart',
    timeLimitVariants: variants.map(toVariant),
    supplementWindowDays: (row.supplement_window_minutes ?? centreWindowMinutes) / MINUTES_PER_WORKING_DAY,
    supplementWindowBasis: row.supplement_window_minutes === null ? null : row.supplement_window_basis,
    decidedBy: row.decided_by,
    fee: row.fee,
    documents: JSON.parse(row.documents) as string[],
    steps: steps.map((s) => ({
      name: s.name,
      department: { code: s.department_code, name: s.department_name },
      allottedHours: minutesToHours(s.allotted_minutes),
    })),
    source: row.source,
    stepsSource: row.steps_source,
  };
}

export type CatalogueService = ReturnType<typeof catalogueService>;

/** The time limit of a procedure as the deadline engine takes it. */
export function timeLimitOf(p: Pick<Procedure, 'timeLimitHours' | 'sameDayCutoff'>): TimeLimit {
  return { minutes: Math.round(p.timeLimitHours * 60), sameDayCutoff: p.sameDayCutoff === null ? null : hhmmToMinutes(p.sameDayCutoff) };
}

export function catalogueService(repo: CatalogueRepo, calendars: CalendarRepo, officialYears: readonly CalendarYear[] = loadOfficialYears()) {
  let calendarCache: { key: string; calendar: OfficialCalendar } | undefined;
  const centreRow = () => {
    const c = repo.centre();
    if (!c) throw new Error('the database has no centre: it was not initialised');
    return c;
  };
  return {
    centre(): CentreInfo {
      const c = centreRow();
      return { name: c.name, parentAuthority: c.parent_authority, agencyId: c.agency_id, address: c.address, place: c.place, phone: c.phone, fictional: c.fictional === 1 };
    },
    /**
     * The centre's working calendar: its office hours and the official days off and make-up days.
     * Rebuilt only when the hours change or a year is imported (by this process or the CLI): the
     * calendar indexes its days for fast due-time arithmetic.
     */
    calendar(): OfficialCalendar {
      const key = repo.calendarKey();
      if (key === undefined) throw new Error('the database has no centre: it was not initialised');
      if (calendarCache?.key !== key) {
        const c = centreRow();
        const { weekly, seasons } = parseOfficeHours(JSON.parse(c.office_hours));
        calendarCache = { key, calendar: buildCalendar(weekly, officialYears, importedYears(calendars), seasons) };
      }
      return calendarCache.calendar;
    },
    /** The office hours as stored (JSON in the shape of centre.json's officeHours). */
    officeHoursJson(): string {
      return centreRow().office_hours;
    },
    /** The base of the public lookup address printed on receipts ('' when not set). */
    publicBaseUrl(): string {
      return centreRow().public_base_url;
    },
    /**
     * How long after receipt a supplement may be asked for, in working minutes (Decree 61 art. 19(4)):
     * the procedure's own window when its sectoral law gives one, else the centre's setting (default
     * 3 working days). Without a procedure: the centre's setting.
     */
    supplementWindowMinutes(procedureCode?: string): number {
      const own = procedureCode === undefined ? null : repo.procedure(procedureCode)?.supplement_window_minutes ?? null;
      return own ?? centreRow().supplement_window_minutes;
    },
    /** How many days an apology stays on the public board after the day it was made (default 30). */
    apologyBoardDays(): number {
      return centreRow().apology_board_days;
    },
    /** How a dossier's result is judged against its appointment (`timeliness`, migration 015), read live. */
    timelinessMode(): TimelinessMode {
      const mode = centreRow().timeliness;
      return isTimelinessMode(mode) ? mode : DEFAULT_TIMELINESS_MODE;
    },
    /** The centre's deadline rules (day convention, afternoon cut-off for all procedures). */
    policy(): DeadlinePolicy {
      return policyOf(centreRow());
    },
    procedures(): Procedure[] {
      const byCode = new Map<string, ProcedureStepRow[]>();
      for (const s of repo.allSteps()) {
        const list = byCode.get(s.procedure_code) ?? [];
        list.push(s);
        byCode.set(s.procedure_code, list);
      }
      const variants = new Map<string, TimeLimitVariantRow[]>();
      for (const v of repo.allVariants()) variants.set(v.procedure_code, [...(variants.get(v.procedure_code) ?? []), v]);
      const window = centreRow().supplement_window_minutes;
      return repo.procedures().map((p) => toProcedure(p, byCode.get(p.code) ?? [], variants.get(p.code) ?? [], window));
    },
    procedure(code: string): Procedure | undefined {
      const row = repo.procedure(code);
      return row ? toProcedure(row, repo.stepsOf(code), repo.variantsOf(code), centreRow().supplement_window_minutes) : undefined;
    },
  };
}

/** The catalogue service over one database, with its calendar imports. */
export const catalogueFor = (db: Db) => catalogueService(catalogueRepo(db), calendarRepo(db));
