/**
 * Early warning: open dossiers this centre's own history says will miss their appointment, listed
 * while an apology is still possible (at least one working day before it, Decree 61 art. 19(9)).
 *
 * Each remaining step is expected to take what that procedure's step has taken here (median and 90th
 * percentile of the finished ones over the last HISTORY_DAYS days), or its allotted time when there
 * are fewer than MIN_SAMPLES of them; the open step is credited with the time it has already had.
 */
import type { SupervisionWarnings } from '../../shared/contracts.ts';
import { apologyDeadline } from '../../shared/processing.ts';
import { type StepForecast, forecastStep, remainingMinutes, riskOf } from '../../shared/supervision.ts';
import { toVnIso, vnDayNumber } from '../../shared/time.ts';
import { type WorkCalendar, addWorkingMinutes, workingMinutesBetween } from '../../shared/working-time.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { instant } from '../dossiers/views.ts';
import { midnightIso } from './period.ts';
import { type OpenStepRow, scoresRepo } from './scores-repo.ts';
import type { WorkDays } from './work-days.ts';

interface Deps {
  readonly db: Db;
  readonly workDays: WorkDays;
  readonly catalogue: CatalogueService;
  readonly clock: Clock;
}

/** How far back the durations are taken: recent enough to reflect today's staffing, long enough to have samples. */
export const HISTORY_DAYS = 90;
/** Durations are re-read at most this often (clock minutes): a quarter's history barely moves in an hour. */
const HISTORY_TTL_MINUTES = 15;

/** The durations, and the forecasts made from them (each sorts its samples twice: made once, not per request). */
interface History {
  readonly samples: Map<string, number[]>;
  readonly forecasts: Map<string, StepForecast>;
}
const cache = new WeakMap<Db, { key: string; at: number; history: History }>();

function history(deps: Deps, now: Date, calendar: WorkCalendar): History {
  const today = vnDayNumber(now);
  const key = `${today}`;
  const hit = cache.get(deps.db);
  if (hit && hit.key === key && Math.abs(now.getTime() - hit.at) < HISTORY_TTL_MINUTES * 60_000) return hit.history;
  deps.workDays.ensure(calendar, now);
  const samples = new Map<string, number[]>();
  for (const r of scoresRepo(deps.db).durations({ from: midnightIso(today - HISTORY_DAYS), to: midnightIso(today + 1) })) {
    if (r.m === null) continue;
    const k = `${r.procedure_code}#${r.seq}`;
    const list = samples.get(k);
    if (list) list.push(r.m);
    else samples.set(k, [r.m]);
  }
  const made: History = { samples, forecasts: new Map() };
  cache.set(deps.db, { key, at: now.getTime(), history: made });
  return made;
}

export function warningsOf(deps: Deps): SupervisionWarnings {
  const now = deps.clock();
  const calendar = deps.catalogue.calendar();
  const { samples, forecasts } = history(deps, now, calendar);
  const byDossier = new Map<number, OpenStepRow[]>();
  for (const r of scoresRepo(deps.db).openSteps()) {
    const list = byDossier.get(r.dossier_id);
    if (list) list.push(r);
    else byDossier.set(r.dossier_id, [r]);
  }
  const forecast = (r: OpenStepRow) => {
    const k = `${r.procedure_code}#${r.seq}#${r.allotted_minutes}`;
    let f = forecasts.get(k);
    if (!f) forecasts.set(k, (f = forecastStep(samples.get(`${r.procedure_code}#${r.seq}`) ?? [], r.allotted_minutes)));
    return f;
  };

  const items: (SupervisionWarnings['items'][number] & { p90Short: number })[] = [];
  for (const steps of byDossier.values()) {
    const open = steps[0]!;
    const due = instant(open.due_at);
    const deadline = apologyDeadline(now, due, calendar);
    if (!deadline) continue;
    const elapsed = open.started_at ? Math.max(0, workingMinutesBetween(instant(open.started_at), now, calendar)) : 0;
    const need = remainingMinutes(elapsed, steps.map(forecast));
    const predictedAt = addWorkingMinutes(now, need.median, calendar);
    const predictedP90At = addWorkingMinutes(now, need.p90, calendar);
    const short = Math.round(workingMinutesBetween(due, predictedAt, calendar));
    const p90Short = Math.round(workingMinutesBetween(due, predictedP90At, calendar));
    const risk = riskOf(short, p90Short);
    if (!risk) continue;
    items.push({
      code: open.code,
      procedure: { code: open.procedure_code, name: open.procedure_name },
      department: { code: open.department_code, name: open.department_name },
      officer: open.held_by_username ? { username: open.held_by_username, displayName: open.held_by_name ?? open.held_by_username } : null,
      step: { seq: open.seq, name: open.name },
      dueAt: open.due_at,
      apologyDeadline: toVnIso(deadline),
      predictedAt: toVnIso(predictedAt),
      predictedP90At: toVnIso(predictedP90At),
      workingMinutesShort: short,
      risk,
      basis: need.basis,
      apologized: open.apologized === 1,
      p90Short,
    });
  }
  // Riskiest first: furthest past the appointment at the median, then at the 90th percentile, then the nearest apology deadline.
  items.sort((a, b) => b.workingMinutesShort - a.workingMinutesShort || b.p90Short - a.p90Short || a.apologyDeadline.localeCompare(b.apologyDeadline) || a.code.localeCompare(b.code));
  return { asOf: toVnIso(now), items: items.map(({ p90Short: _, ...item }) => item) };
}
