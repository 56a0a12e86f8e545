/**
 * Circular 01/2018 art. 13 over a month, quarter or year: each dossier finished in the period gets
 * 2 / 1 / 0 points per index (shared/supervision.ts says which indices, and what could be sourced),
 * rolled up per official (the staff who held its steps), per agency (the departments that handled
 * them) and for the centre, with grades, and the applicants' ratings of those dossiers beside them.
 */
import type { SupervisionScores } from '../../shared/contracts.ts';
import { RATING_LEVELS, RATING_LEVEL_KEYS } from '../../shared/kiosk.ts';
import {
  AGENCY_GRADES,
  AGENCY_INDICES,
  type IndexPoints,
  type IndexSums,
  OFFICIAL_GRADES,
  OFFICIAL_INDICES,
  type Points,
  SCALE,
  SCORE_INDEX_KEYS,
  SCORE_INDICES,
  addPoints,
  agencyGrade,
  countPoints,
  mergeSums,
  officialGrade,
  ratingPoints,
  rollUpSums,
  stagePoints,
  timelinessPoints,
} from '../../shared/supervision.ts';
import { toVnIso, vnDayNumber } from '../../shared/time.ts';
import { timelinessRuleOf } from '../../shared/vocabulary.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import type { DayCache, Partials } from './day-cache.ts';
import type { FiguresRepo, Window } from './figures-repo.ts';
import type { CheckedPeriod } from './period.ts';
import { type ScoredDossierRow, type ScoresRepo, scoresRepo } from './scores-repo.ts';

interface Deps {
  readonly db: Db;
  readonly figures: FiguresRepo;
  readonly cache: DayCache;
  readonly catalogue: CatalogueService;
  readonly clock: Clock;
}

type Timeliness = 'early' | 'on_time' | 'late';

interface PerDossier {
  row: ScoredDossierRow;
  steps: { department: string; officer: number | null; t: Timeliness }[];
  requests: { officer: number | null; department: string | null }[];
  apologies: { department: string | null }[];
}

/** The dossiers finished in a window, each with its steps, supplement requests and apologies. */
function dossiersIn(repo: ScoresRepo, w: Window): Map<number, PerDossier> {
  const byId = new Map<number, PerDossier>();
  for (const row of repo.dossiers(w)) byId.set(row.id, { row, steps: [], requests: [], apologies: [] });
  for (const s of repo.steps(w)) byId.get(s.dossier_id)?.steps.push({ department: s.department_code, officer: s.held_by, t: s.timeliness });
  for (const e of repo.events(w)) {
    const d = byId.get(e.dossier_id);
    if (!d) continue;
    if (e.kind === 'supplement_requested') d.requests.push({ officer: e.actor_id, department: e.department_code });
    else d.apologies.push({ department: e.department_code });
  }
  return byId;
}

/** A dossier's points on every index. */
function pointsOf(d: PerDossier): IndexPoints {
  return {
    total_time: timelinessPoints(d.row.timeliness),
    stage_time: stagePoints(d.steps.map((s) => s.t)),
    contacts: countPoints(d.requests.length),
    // One-stop: the applicant deals with the centre's desk only.
    agencies: 2,
    apologies: countPoints(d.apologies.length),
    satisfaction: ratingPoints(d.row.rating),
  };
}

/** Dossiers, their points per index and their ratings per level, for one official, agency or the centre. Adds up across days. */
interface Tally {
  n: number;
  points: IndexSums;
  ratings: Record<string, number>;
}
interface ScoresPartial {
  centre: Tally;
  officials: Record<string, Tally>;
  agencies: Record<string, Tally>;
}
const emptyTally = (): Tally => ({ n: 0, points: {}, ratings: {} });
const tallyIn = (tallies: Record<string, Tally>, key: string) => (tallies[key] ??= emptyTally());

function add(t: Tally, points: IndexPoints, rating: string | null): void {
  t.n++;
  addPoints(t.points, points);
  if (rating !== null) t.ratings[rating] = (t.ratings[rating] ?? 0) + 1;
}
function mergeTally(into: Tally, part: Tally): void {
  into.n += part.n;
  mergeSums(into.points, part.points);
  for (const level in part.ratings) into.ratings[level] = (into.ratings[level] ?? 0) + part.ratings[level]!;
}

/** Each official is scored on the steps they held, each agency on its own steps, requests and apologies. */
function partialOf(dossiers: Iterable<PerDossier>): ScoresPartial {
  const p: ScoresPartial = { centre: emptyTally(), officials: {}, agencies: {} };
  for (const d of dossiers) {
    const all = pointsOf(d);
    const rating = d.row.rating;
    add(p.centre, all, rating);
    for (const officer of new Set(d.steps.map((s) => s.officer).filter((x): x is number => x !== null))) {
      add(
        tallyIn(p.officials, String(officer)),
        {
          stage_time: stagePoints(d.steps.filter((s) => s.officer === officer).map((s) => s.t)),
          contacts: countPoints(d.requests.filter((r) => r.officer === officer).length),
          satisfaction: all.satisfaction ?? null,
        },
        rating,
      );
    }
    for (const department of new Set(d.steps.map((s) => s.department))) {
      const own = d.steps.filter((s) => s.department === department);
      add(
        tallyIn(p.agencies, department),
        {
          // A late dossier's total time counts against the agencies that were late on their own clock
          // (issue 12: each judged on what it controlled); one whose every step was in time is not
          // scored on it (null: left out of that index's average), as a step that arrived late is
          // late for the dossier, not for its holder.
          total_time: all.total_time === 0 && !own.some((s) => s.t === 'late') ? null : (all.total_time ?? null),
          stage_time: stagePoints(own.map((s) => s.t)),
          contacts: countPoints(d.requests.filter((r) => r.department === department).length),
          agencies: 2,
          apologies: countPoints(d.apologies.filter((x) => x.department === department).length),
          satisfaction: all.satisfaction ?? null,
        },
        rating,
      );
    }
  }
  return p;
}

/** The scores' kept figures. Points count no working minutes (timeliness is judged when a step or dossier finishes), so the calendar does not enter them. */
export const scoresPartials = (repo: ScoresRepo): Partials<ScoresPartial> => ({
  name: 'scores-1',
  compute: (w) => partialOf(dossiersIn(repo, w).values()),
  empty: () => ({ centre: emptyTally(), officials: {}, agencies: {} }),
  merge: (into, part) => {
    mergeTally(into.centre, part.centre);
    for (const k in part.officials) mergeTally(tallyIn(into.officials, k), part.officials[k]!);
    for (const k in part.agencies) mergeTally(tallyIn(into.agencies, k), part.agencies[k]!);
  },
});

function ratingsOf(counts: Readonly<Record<string, number>>) {
  let sum = 0;
  let n = 0;
  for (const level of RATING_LEVEL_KEYS) {
    const c = counts[level] ?? 0;
    sum += RATING_LEVELS[level].score * c;
    n += c;
  }
  return {
    count: n,
    average: n > 0 ? Math.round((sum / n) * 100) / 100 : null,
    levels: RATING_LEVEL_KEYS.map((level) => ({ level, label: { vi: RATING_LEVELS[level].vi, en: RATING_LEVELS[level].en }, score: RATING_LEVELS[level].score, count: counts[level] ?? 0 })),
  };
}

export function scoresOf(deps: Deps, period: CheckedPeriod & { label: string }, detail: boolean): SupervisionScores {
  const repo = scoresRepo(deps.db);
  const now = deps.clock();
  const today = vnDayNumber(now);
  // Points count no working minutes (timeliness is judged when a step or dossier finishes), so the
  // calendar does not enter these kept figures.
  const p = deps.cache.total(scoresPartials(repo), period.range, today);
  // Every dossier's points, asked for by name (?detail=true): read afresh, never kept.
  const perDossier: NonNullable<SupervisionScores['dossiers']> = [];
  if (detail) {
    for (const d of dossiersIn(repo, period.window).values()) {
      const all = pointsOf(d);
      perDossier.push({
        code: d.row.code,
        procedure: { code: d.row.procedure_code, name: d.row.procedure_name },
        completedAt: d.row.completed_at,
        timeliness: d.row.timeliness,
        indices: SCORE_INDEX_KEYS.map((key) => ({ key, points: (all[key] ?? null) as Points | null })),
      });
    }
  }

  const staff = new Map(deps.figures.staff().map((s) => [s.id, s]));
  const departments = new Map(deps.figures.departments().map((d) => [d.code, d.name]));
  const dept = (code: string | null) => (code === null ? null : { code, name: departments.get(code) ?? code });
  const centreRoll = rollUpSums(p.centre.points, AGENCY_INDICES, SCALE.agency);
  const centreGrade = centreRoll.score === null ? null : agencyGrade(centreRoll.score);
  return {
    period: period.label,
    from: period.from,
    to: period.to,
    asOf: toVnIso(now),
    indices: SCORE_INDEX_KEYS.map((key) => ({ key, label: SCORE_INDICES[key].label, appliesTo: [...SCORE_INDICES[key].appliesTo], basis: SCORE_INDICES[key].basis })),
    scale: { official: SCALE.official, agency: SCALE.agency },
    officials: Object.entries(p.officials)
      .map(([id, o]) => {
        const s = staff.get(Number(id));
        const roll = rollUpSums(o.points, OFFICIAL_INDICES, SCALE.official);
        const grade = roll.score === null ? null : officialGrade(roll.score);
        return {
          officer: { username: s?.username ?? id, displayName: s?.display_name ?? id, department: dept(s?.department_code ?? null) },
          dossiers: o.n,
          indices: roll.indices,
          score: roll.score,
          grade,
          gradeLabel: grade ? OFFICIAL_GRADES[grade] : null,
          ratings: ratingsOf(o.ratings),
        };
      })
      .sort((a, b) => a.officer.displayName.localeCompare(b.officer.displayName, 'vi')),
    agencies: Object.entries(p.agencies)
      .map(([code, a]) => {
        const roll = rollUpSums(a.points, AGENCY_INDICES, SCALE.agency);
        const grade = roll.score === null ? null : agencyGrade(roll.score);
        return { department: dept(code)!, dossiers: a.n, indices: roll.indices, score: roll.score, grade, gradeLabel: grade ? AGENCY_GRADES[grade] : null, ratings: ratingsOf(a.ratings) };
      })
      .sort((a, b) => a.department.name.localeCompare(b.department.name, 'vi')),
    centre: { dossiers: p.centre.n, indices: centreRoll.indices, score: centreRoll.score, grade: centreGrade, gradeLabel: centreGrade ? AGENCY_GRADES[centreGrade] : null },
    ratings: ratingsOf(p.centre.ratings),
    ...(detail ? { dossiers: perDossier } : {}),
    timeliness: timelinessRuleOf(deps.catalogue.timelinessMode()),
  };
}
