/**
 * The summary of a period: the centre's figures, per department, per officer and per procedure, and
 * the weekly on-time series. Every number comes from one aggregate query of figures-repo.ts; this
 * file only adds the groups up and words them.
 */
import type { Figures, SupervisionSummary } from '../../shared/contracts.ts';
import { formatDay, weeksOverlapping } from '../../shared/periods.ts';
import { type FigureCounts, figuresOf, isEmpty, percentile, rate, zeroCounts } from '../../shared/supervision.ts';
import { toVnIso } from '../../shared/time.ts';
import { MINUTES_PER_WORKING_DAY, addWorkingMinutes } from '../../shared/working-time.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { FiguresRepo } from './figures-repo.ts';
import { type CheckedPeriod, midnightIso } from './period.ts';
import type { WorkDays } from './work-days.ts';

export interface SummaryDeps {
  readonly figures: FiguresRepo;
  readonly workDays: WorkDays;
  readonly catalogue: CatalogueService;
  readonly clock: Clock;
}

class Tally<K> {
  readonly map = new Map<K, FigureCounts>();
  get(key: K): FigureCounts {
    let c = this.map.get(key);
    if (!c) this.map.set(key, (c = zeroCounts()));
    return c;
  }
}

function count(c: FigureCounts, t: string | null, m: number | null): void {
  c.finished++;
  if (t === 'early') c.early++;
  else if (t === 'on_time') c.onTime++;
  else if (t === 'late') c.late++;
  if (m !== null) {
    c.handlingMinutesSum += m;
    c.handlingCount++;
  }
}

/** Handling times per row, for the nearest-rank p90 (shared/supervision.ts percentile). */
class Samples<K> {
  private readonly lists = new Map<K, number[]>();
  add(key: K, m: number | null): void {
    if (m === null) return;
    const list = this.lists.get(key);
    if (list) list.push(m);
    else this.lists.set(key, [m]);
  }
  setP90(this: Samples<FigureCounts>): void {
    for (const [c, list] of this.lists) c.p90HandlingMinutes = percentile(list, 90);
  }
}

function addEvent(c: FigureCounts, kind: string, n: number): void {
  if (kind === 'apologized') c.apologies += n;
  else if (kind === 'supplement_requested') c.supplementRequests += n;
  else if (kind === 'supplement_request_refused') c.secondSupplementAttempts += n;
}

export function summaryOf(deps: SummaryDeps, period: CheckedPeriod): SupervisionSummary {
  const { figures: repo } = deps;
  const now = deps.clock();
  const calendar = deps.catalogue.calendar();
  deps.workDays.ensure(calendar, now);
  const w = period.window;
  const nowIso = toVnIso(now);
  const until = toVnIso(addWorkingMinutes(now, MINUTES_PER_WORKING_DAY, calendar));

  // ——— Dossier level ———
  const total = zeroCounts();
  const byProcedure = new Tally<string>();
  const minutes = new Samples<FigureCounts>();
  for (const r of repo.finishedDossierRows(w)) {
    for (const c of [total, byProcedure.get(r.g)]) {
      count(c, r.t, r.m);
      minutes.add(c, r.m);
    }
  }
  for (const r of repo.receivedByProcedure(w)) {
    total.received += r.n;
    byProcedure.get(r.g ?? '').received += r.n;
  }
  for (const r of repo.openByProcedure(nowIso, until)) {
    for (const c of [total, byProcedure.get(r.g ?? '')]) {
      c.openNow += r.open;
      c.overdueNow += r.overdue;
      c.dueWithinOneDay += r.due_soon;
    }
  }
  for (const r of repo.eventsByProcedure(w)) {
    addEvent(total, r.kind, r.n);
    addEvent(byProcedure.get(r.g ?? ''), r.kind, r.n);
  }

  // ——— Step level: departments and officers ———
  const byDepartment = new Tally<string>();
  const byOfficer = new Tally<number>();
  const both = (g: string | null, h: number | null, f: (c: FigureCounts) => void) => {
    if (g !== null) f(byDepartment.get(g));
    if (h !== null) f(byOfficer.get(h));
  };
  for (const r of repo.finishedStepRows(w)) {
    both(r.g, r.h, (c) => {
      count(c, r.t, r.m);
      minutes.add(c, r.m);
    });
  }
  minutes.setP90();
  for (const r of repo.startedSteps(w)) both(r.g, r.h, (c) => (c.received += r.n));
  for (const r of repo.openSteps(nowIso, until)) {
    both(r.g, r.h, (c) => {
      c.openNow += r.open;
      c.overdueNow += r.overdue;
      c.dueWithinOneDay += r.due_soon;
    });
  }
  for (const r of repo.stepEvents(w)) both(r.g, r.h, (c) => addEvent(c, r.kind, r.n));

  // ——— Names ———
  const departments = new Map(repo.departments().map((d) => [d.code, d.name]));
  const procedures = new Map(repo.procedures().map((p) => [p.code, p.name]));
  const staff = new Map(repo.staff().map((s) => [s.id, s]));
  const dept = (code: string | null) => (code === null ? null : { code, name: departments.get(code) ?? code });
  const byName = <T>(name: (x: T) => string) => (a: T, b: T) => name(a).localeCompare(name(b), 'vi');

  // ——— Weekly: whole ISO weeks overlapping the period, dossier level ———
  const weeks = weeksOverlapping(period.range);
  const days = new Map(repo.finishedByDay({ from: midnightIso(weeks[0]!.from), to: midnightIso(weeks.at(-1)!.to + 1) }).map((r) => [r.day, r]));
  const weekly = weeks.map((wk) => {
    let finished = 0;
    let inTime = 0;
    for (let d = wk.from; d <= wk.to; d++) {
      const r = days.get(formatDay(d));
      if (r) {
        finished += r.finished;
        inTime += r.in_time;
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
  };
}
