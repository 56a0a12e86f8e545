/**
 * Circular 01/2018 art. 13 over a month, quarter or year: each dossier finished in the period gets
 * 2 / 1 / 0 points per index (shared/supervision.ts says which indices, and what could be sourced),
 * rolled up per official (the staff who held its steps), per agency (the departments that handled
 * them) and for the centre, with grades, and the applicants' ratings of those dossiers beside them.
 */
import type { SupervisionScores } from '../../shared/contracts.ts';
import { RATING_LEVELS, RATING_LEVEL_KEYS, type RatingLevel } from '../../shared/kiosk.ts';
import {
  AGENCY_GRADES,
  AGENCY_INDICES,
  type IndexPoints,
  OFFICIAL_GRADES,
  OFFICIAL_INDICES,
  type Points,
  SCALE,
  SCORE_INDEX_KEYS,
  SCORE_INDICES,
  agencyGrade,
  countPoints,
  officialGrade,
  ratingPoints,
  rollUp,
  stagePoints,
  timelinessPoints,
} from '../../shared/supervision.ts';
import { toVnIso } from '../../shared/time.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/open.ts';
import type { FiguresRepo } from './figures-repo.ts';
import type { CheckedPeriod } from './period.ts';
import { type ScoredDossierRow, scoresRepo } from './scores-repo.ts';

interface Deps {
  readonly db: Db;
  readonly figures: FiguresRepo;
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

function ratingsOf(levels: readonly (string | null)[]) {
  const counts = new Map<RatingLevel, number>();
  let sum = 0;
  let n = 0;
  for (const l of levels) {
    if (l === null || !(l in RATING_LEVELS)) continue;
    const level = l as RatingLevel;
    counts.set(level, (counts.get(level) ?? 0) + 1);
    sum += RATING_LEVELS[level].score;
    n++;
  }
  return {
    count: n,
    average: n > 0 ? Math.round((sum / n) * 100) / 100 : null,
    levels: RATING_LEVEL_KEYS.map((level) => ({ level, label: { vi: RATING_LEVELS[level].vi, en: RATING_LEVELS[level].en }, score: RATING_LEVELS[level].score, count: counts.get(level) ?? 0 })),
  };
}

export function scoresOf(deps: Deps, period: CheckedPeriod & { label: string }, detail: boolean): SupervisionScores {
  const repo = scoresRepo(deps.db);
  const w = period.window;
  const byId = new Map<number, PerDossier>();
  for (const row of repo.dossiers(w)) byId.set(row.id, { row, steps: [], requests: [], apologies: [] });
  for (const s of repo.steps(w)) byId.get(s.dossier_id)?.steps.push({ department: s.department_code, officer: s.held_by, t: s.timeliness });
  for (const e of repo.events(w)) {
    const d = byId.get(e.dossier_id);
    if (!d) continue;
    if (e.kind === 'supplement_requested') d.requests.push({ officer: e.actor_id, department: e.department_code });
    else d.apologies.push({ department: e.department_code });
  }

  const officials = new Map<number, { points: IndexPoints[]; ratings: (string | null)[] }>();
  const agencies = new Map<string, { points: IndexPoints[]; ratings: (string | null)[] }>();
  const centre: IndexPoints[] = [];
  const perDossier: NonNullable<SupervisionScores['dossiers']> = [];
  for (const d of byId.values()) {
    const satisfaction = ratingPoints(d.row.rating);
    const all: IndexPoints = {
      total_time: timelinessPoints(d.row.timeliness),
      stage_time: stagePoints(d.steps.map((s) => s.t)),
      contacts: countPoints(d.requests.length),
      // One-stop: the applicant deals with the centre's desk only.
      agencies: 2,
      apologies: countPoints(d.apologies.length),
      satisfaction,
    };
    centre.push(all);
    if (detail) {
      perDossier.push({
        code: d.row.code,
        procedure: { code: d.row.procedure_code, name: d.row.procedure_name },
        completedAt: d.row.completed_at,
        timeliness: d.row.timeliness,
        indices: SCORE_INDEX_KEYS.map((key) => ({ key, points: (all[key] ?? null) as Points | null })),
      });
    }
    for (const officer of new Set(d.steps.map((s) => s.officer).filter((x): x is number => x !== null))) {
      let o = officials.get(officer);
      if (!o) officials.set(officer, (o = { points: [], ratings: [] }));
      o.points.push({
        stage_time: stagePoints(d.steps.filter((s) => s.officer === officer).map((s) => s.t)),
        contacts: countPoints(d.requests.filter((r) => r.officer === officer).length),
        satisfaction,
      });
      o.ratings.push(d.row.rating);
    }
    for (const department of new Set(d.steps.map((s) => s.department))) {
      let a = agencies.get(department);
      if (!a) agencies.set(department, (a = { points: [], ratings: [] }));
      a.points.push({
        total_time: all.total_time,
        stage_time: stagePoints(d.steps.filter((s) => s.department === department).map((s) => s.t)),
        contacts: countPoints(d.requests.filter((r) => r.department === department).length),
        agencies: 2,
        apologies: countPoints(d.apologies.filter((x) => x.department === department).length),
        satisfaction,
      });
      a.ratings.push(d.row.rating);
    }
  }

  const staff = new Map(deps.figures.staff().map((s) => [s.id, s]));
  const departments = new Map(deps.figures.departments().map((d) => [d.code, d.name]));
  const dept = (code: string | null) => (code === null ? null : { code, name: departments.get(code) ?? code });
  const centreRoll = rollUp(centre, AGENCY_INDICES, SCALE.agency);
  const centreGrade = centreRoll.score === null ? null : agencyGrade(centreRoll.score);
  return {
    period: period.label,
    from: period.from,
    to: period.to,
    asOf: toVnIso(deps.clock()),
    indices: SCORE_INDEX_KEYS.map((key) => ({ key, label: SCORE_INDICES[key].label, appliesTo: [...SCORE_INDICES[key].appliesTo], basis: SCORE_INDICES[key].basis })),
    scale: { official: SCALE.official, agency: SCALE.agency },
    officials: [...officials]
      .map(([id, o]) => {
        const s = staff.get(id);
        const roll = rollUp(o.points, OFFICIAL_INDICES, SCALE.official);
        const grade = roll.score === null ? null : officialGrade(roll.score);
        return {
          officer: { username: s?.username ?? String(id), displayName: s?.display_name ?? String(id), department: dept(s?.department_code ?? null) },
          dossiers: o.points.length,
          indices: roll.indices,
          score: roll.score,
          grade,
          gradeLabel: grade ? OFFICIAL_GRADES[grade] : null,
          ratings: ratingsOf(o.ratings),
        };
      })
      .sort((a, b) => a.officer.displayName.localeCompare(b.officer.displayName, 'vi')),
    agencies: [...agencies]
      .map(([code, a]) => {
        const roll = rollUp(a.points, AGENCY_INDICES, SCALE.agency);
        const grade = roll.score === null ? null : agencyGrade(roll.score);
        return { department: dept(code)!, dossiers: a.points.length, indices: roll.indices, score: roll.score, grade, gradeLabel: grade ? AGENCY_GRADES[grade] : null, ratings: ratingsOf(a.ratings) };
      })
      .sort((a, b) => a.department.name.localeCompare(b.department.name, 'vi')),
    centre: { dossiers: centre.length, indices: centreRoll.indices, score: centreRoll.score, grade: centreGrade, gradeLabel: centreGrade ? AGENCY_GRADES[centreGrade] : null },
    ratings: ratingsOf([...byId.values()].map((d) => d.row.rating)),
    ...(detail ? { dossiers: perDossier } : {}),
  };
}
