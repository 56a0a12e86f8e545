/**
 * The summary of a period: the centre's figures, per department, per officer and per procedure, and
 * the weekly on-time series. Every number comes from the aggregate queries of figures-repo.ts, run
 * once per day that is over and kept (day-cache.ts), and over the period's days from today on; this
 * file adds the groups up and words them. "Open now" is read at the time of asking.
 */
import type { Figures, SupervisionSummary } from '../../shared/contracts.ts';
import { formatDay, mondayOf, weeksOverlapping } from '../../shared/periods.ts';
import { type FigureCounts, REFUSED_SUPPLEMENTS, figuresOf, isEmpty, percentileOfCounts, rate, tenthsOfWorkingDay, zeroCounts } from '../../shared/supervision.ts';
import { toVnIso, vnDayNumber } from '../../shared/time.ts';
import { timelinessRuleOf } from '../../shared/vocabulary.ts';
import { MINUTES_PER_WORKING_DAY, addWorkingMinutes } from '../../shared/working-time.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { DayCache, Partials } from './day-cache.ts';
import type { FiguresRepo, Window } from './figures-repo.ts';
import type { CheckedPeriod } from './period.ts';
import type { WorkDays } from './work-days.ts';

/** The least number of weeks in the weekly series. */
const TREND_WEEKS = 8;

export interface SummaryDeps {
  readonly figures: FiguresRepo;
  readonly workDays: WorkDays;
  readonly cache: DayCache;
  readonly catalogue: CatalogueService;
  readonly clock: Clock;
}

/**
 * What a day adds to the figures, kept for days that are over (day-cache.ts): per procedure, per
 * department, per officer (staff id) and for the centre, the counts of FigureCounts that add up, and
 * the handling times as counts per tenth of a working day (the p90 is read off them exactly, see
 * tenthsOfWorkingDay). "Open now" is not in it: it is taken live, at the time of asking.
 */
interface Group {
  /** received, finished, early, onTime, late, apologies, supplementRequests, secondSupplementAttempts, handlingMinutesSum, handlingCount, supplementAttemptsAfterApology, …AfterWindow, …AfterDue */
  c: number[];
  /** tenths of a working day → how many finished in that time */
  h: Record<string, number>;
}
interface SummaryPartial {
  total: Group;
  procedure: Record<string, Group>;
  department: Record<string, Group>;
  officer: Record<string, Group>;
}
const RECEIVED = 0;
const FINISHED = 1;
const EARLY = 2;
const ON_TIME = 3;
const LATE = 4;
const APOLOGIES = 5;
const SUPPLEMENTS = 6;
const SECOND_ATTEMPTS = 7;
const MINUTES_SUM = 8;
const MINUTES_N = 9;
/** Refused supplement requests by reason (REFUSED_SUPPLEMENTS): the second request is SECOND_ATTEMPTS above. */
const AFTER_APOLOGY = 10;
const AFTER_WINDOW = 11;
const AFTER_DUE = 12;
/** The history's `supplement_request_refused:<why>` (figures-repo.ts) → where it is counted. */
const REFUSED_AT: Record<string, number> = {
  [`supplement_request_refused:${REFUSED_SUPPLEMENTS.secondSupplementAttempts.why}`]: SECOND_ATTEMPTS,
  [`supplement_request_refused:${REFUSED_SUPPLEMENTS.supplementAttemptsAfterApology.why}`]: AFTER_APOLOGY,
  [`supplement_request_refused:${REFUSED_SUPPLEMENTS.supplementAttemptsAfterWindow.why}`]: AFTER_WINDOW,
  [`supplement_request_refused:${REFUSED_SUPPLEMENTS.supplementAttemptsAfterDue.why}`]: AFTER_DUE,
};

const emptyGroup = (): Group => ({ c: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], h: {} });
const emptyPartial = (): SummaryPartial => ({ total: emptyGroup(), procedure: {}, department: {}, officer: {} });
const groupIn = (groups: Record<string, Group>, key: string): Group => (groups[key] ??= emptyGroup());

function mergeGroup(into: Group, part: Group): void {
  for (let i = 0; i < into.c.length; i++) into.c[i]! += part.c[i]!;
  for (const k in part.h) into.h[k] = (into.h[k] ?? 0) + part.h[k]!;
}
function mergePartial(into: SummaryPartial, part: SummaryPartial): void {
  mergeGroup(into.total, part.total);
  for (const level of ['procedure', 'department', 'officer'] as const) {
    for (const key in part[level]) mergeGroup(groupIn(into[level], key), part[level][key]!);
  }
}

function countFinished(g: Group, t: string | null, m: number | null): void {
  g.c[FINISHED]!++;
  if (t === 'early') g.c[EARLY]!++;
  else if (t === 'on_time') g.c[ON_TIME]!++;
  else if (t === 'late') g.c[LATE]!++;
  if (m !== null) {
    g.c[MINUTES_SUM]! += m;
    g.c[MINUTES_N]!++;
    const tenth = tenthsOfWorkingDay(m);
    g.h[tenth] = (g.h[tenth] ?? 0) + 1;
  }
}

function countEvent(g: Group, kind: string, n: number): void {
  if (kind === 'apologized') g.c[APOLOGIES]! += n;
  else if (kind === 'supplement_requested') g.c[SUPPLEMENTS]! += n;
  else if (REFUSED_AT[kind] !== undefined) g.c[REFUSED_AT[kind]]! += n;
}

/** A window's figures, from the aggregates of figures-repo.ts. */
function partialOf(repo: FiguresRepo, w: Window): SummaryPartial {
  const p = emptyPartial();
  // ——— Dossier level ———
  for (const r of repo.finishedDossierRows(w)) {
    countFinished(p.total, r.t, r.m);
    countFinished(groupIn(p.procedure, r.g), r.t, r.m);
  }
  for (const r of repo.receivedByProcedure(w)) {
    p.total.c[RECEIVED]! += r.n;
    groupIn(p.procedure, r.g ?? '').c[RECEIVED]! += r.n;
  }
  for (const r of repo.eventsByProcedure(w)) {
    countEvent(p.total, r.kind, r.n);
    countEvent(groupIn(p.procedure, r.g ?? ''), r.kind, r.n);
  }
  // ——— Step level: departments and officers ———
  const both = (g: string | null, h: number | null, f: (group: Group) => void) => {
    if (g !== null) f(groupIn(p.department, g));
    if (h !== null) f(groupIn(p.officer, String(h)));
  };
  for (const r of repo.finishedStepRows(w)) both(r.g, r.h, (g) => countFinished(g, r.t, r.m));
  for (const r of repo.startedSteps(w)) both(r.g, r.h, (g) => (g.c[RECEIVED]! += r.n));
  for (const r of repo.stepEvents(w)) both(r.g, r.h, (g) => countEvent(g, r.kind, r.n));
  return p;
}

/** Dossiers finished per Vietnam day, and how many of them early or on time: the weekly series. */
type DaysPartial = Record<string, [finished: number, inTime: number]>;

function countsOf(g: Group | undefined): FigureCounts {
  const c = zeroCounts();
  if (!g) return c;
  c.received = g.c[RECEIVED]!;
  c.finished = g.c[FINISHED]!;
  c.early = g.c[EARLY]!;
  c.onTime = g.c[ON_TIME]!;
  c.late = g.c[LATE]!;
  c.apologies = g.c[APOLOGIES]!;
  c.supplementRequests = g.c[SUPPLEMENTS]!;
  c.secondSupplementAttempts = g.c[SECOND_ATTEMPTS]!;
  c.supplementAttemptsAfterApology = g.c[AFTER_APOLOGY]!;
  c.supplementAttemptsAfterWindow = g.c[AFTER_WINDOW]!;
  c.supplementAttemptsAfterDue = g.c[AFTER_DUE]!;
  c.handlingMinutesSum = g.c[MINUTES_SUM]!;
  c.handlingCount = g.c[MINUTES_N]!;
  const p90 = percentileOfCounts(g.h, 90);
  c.p90HandlingMinutes = p90 === null ? null : (p90 * MINUTES_PER_WORKING_DAY) / 10;
  return c;
}

/** The summary's kept figures. */
export const summaryPartials = (repo: FiguresRepo): Partials<SummaryPartial> => ({ name: 'summary-2', compute: (w) => partialOf(repo, w), empty: emptyPartial, merge: mergePartial });

/** The weekly series' kept figures. */
export const finishedByDayPartials = (repo: FiguresRepo): Partials<DaysPartial> => ({
  name: 'finished-by-day-1',
  compute: (w) => Object.fromEntries(repo.finishedByDay(w).map((r) => [r.day, [r.finished, r.in_time]])),
  empty: () => ({}),
  merge: (into, part) => Object.assign(into, part),
});

class Tally<K> {
  readonly map = new Map<K, FigureCounts>();
  constructor(groups: Record<string, Group>, key: (k: string) => K) {
    for (const k in groups) this.map.set(key(k), countsOf(groups[k]));
  }
  get(key: K): FigureCounts {
    let c = this.map.get(key);
    if (!c) this.map.set(key, (c = zeroCounts()));
    return c;
  }
}

export function summaryOf(deps: SummaryDeps, period: CheckedPeriod): SupervisionSummary {
  const { figures: repo } = deps;
  const now = deps.clock();
  const calendar = deps.catalogue.calendar();
  const firstDay = deps.workDays.ensure(calendar, now);
  const today = vnDayNumber(now);
  deps.cache.checkCalendar(calendar, firstDay, today);
  const nowIso = toVnIso(now);
  const until = toVnIso(addWorkingMinutes(now, MINUTES_PER_WORKING_DAY, calendar));

  const p = deps.cache.total(summaryPartials(repo), period.range, today);
  const total = countsOf(p.total);
  const byProcedure = new Tally(p.procedure, (k) => k);
  const byDepartment = new Tally(p.department, (k) => k);
  const byOfficer = new Tally(p.officer, Number);

  // ——— Open now: live ———
  for (const r of repo.openByProcedure(nowIso, until)) {
    for (const c of [total, byProcedure.get(r.g ?? '')]) {
      c.openNow += r.open;
      c.overdueNow += r.overdue;
      c.dueWithinOneDay += r.due_soon;
    }
  }
  for (const r of repo.openSteps(nowIso, until)) {
    for (const c of [r.g === null ? null : byDepartment.get(r.g), r.h === null ? null : byOfficer.get(r.h)]) {
      if (!c) continue;
      c.openNow += r.open;
      c.overdueNow += r.overdue;
      c.dueWithinOneDay += r.due_soon;
    }
  }

  // ——— Names ———
  const departments = new Map(repo.departments().map((d) => [d.code, d.name]));
  const procedures = new Map(repo.procedures().map((p) => [p.code, p.name]));
  const staff = new Map(repo.staff().map((s) => [s.id, s]));
  const dept = (code: string | null) => (code === null ? null : { code, name: departments.get(code) ?? code });
  const byName = <T>(name: (x: T) => string) => (a: T, b: T) => name(a).localeCompare(name(b), 'vi');

  // ——— Weekly: whole ISO weeks overlapping the period, dossier level, and the weeks before it so a
  // trend shows at least TREND_WEEKS columns (a "this week" of one bar is no trend) ———
  const weeks = weeksOverlapping({ from: Math.min(period.range.from, mondayOf(period.range.to) - (TREND_WEEKS - 1) * 7), to: period.range.to });
  const days = deps.cache.total(finishedByDayPartials(repo), { from: weeks[0]!.from, to: weeks.at(-1)!.to }, today);
  const weekly = weeks.map((wk) => {
    let finished = 0;
    let inTime = 0;
    for (let d = wk.from; d <= wk.to; d++) {
      const r = days[formatDay(d)];
      if (r) {
        finished += r[0];
        inTime += r[1];
      }
    }
    return { week: wk.week, from: formatDay(wk.from), to: formatDay(wk.to), finished, onTimeOrEarly: inTime, onTimeRate: rate(inTime, finished) };
  });

  const rows = <K, R>(tally: Tally<K>, make: (key: K, figures: Figures) => R) =>
    [...tally.map].filter(([, c]) => !isEmpty(c)).map(([k, c]) => make(k, figuresOf(c)));
  return {
    from: period.from,
    to: period.to,
    asOf: nowIso,
    totals: figuresOf(total),
    byDepartment: rows(byDepartment, (code, figures) => ({ department: dept(code)!, figures })).sort(byName((r) => r.department.name)),
    byOfficer: rows(byOfficer, (id, figures) => {
      const s = staff.get(id);
      return { officer: { username: s?.username ?? String(id), displayName: s?.display_name ?? String(id), department: dept(s?.department_code ?? null) }, figures };
    }).sort(byName((r) => r.officer.displayName)),
    byProcedure: rows(byProcedure, (code, figures) => ({ procedure: { code, name: procedures.get(code) ?? code }, figures })).sort(byName((r) => r.procedure.name)),
    weekly,
    timeliness: timelinessRuleOf(deps.catalogue.timelinessMode()),
  };
}
