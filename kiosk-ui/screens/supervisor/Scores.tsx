/**
 * "Điểm thi đua": the grades of each official and each agency (department) for the month, quarter or
 * year of the chosen period, under Circular 01/2018/TT-VPCP art. 13 as the server computes them, with
 * the citizens' satisfaction ratings beside them — the two views of one service, side by side.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SupervisionScores } from '../../../shared/contracts.ts';
import { type ApiError, api, asApiError, isAbort } from '../../lib/api.ts';
import { clockTime } from '../../lib/format.ts';
import { cx } from '../../lib/status.ts';
import { type Period, scoresPeriodOf } from './period.ts';
import { decimal } from './words.ts';
import d from './dashboard.module.css';

type Ratings = SupervisionScores['ratings'];

function periodWords(key: string): string {
  if (/^\d{4}$/.test(key)) return `năm ${key}`;
  const q = /^(\d{4})-Q(\d)$/.exec(key);
  if (q) return `quý ${q[2]}/${q[1]}`;
  return `tháng ${Number(key.slice(5))}/${key.slice(0, 4)}`;
}

const score = (n: number | null, scale: number) => (n === null ? '—' : `${decimal(n)} / ${scale}`);

export function Scores({ period, refreshKey, onError, onAsOf }: { readonly period: Period; readonly refreshKey: number; readonly onError: (e: unknown) => boolean; readonly onAsOf: (t: string | null) => void }) {
  const key = scoresPeriodOf(period);
  const [data, setData] = useState<SupervisionScores | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const c = new AbortController();
    api
      .supervisionScores(key, c.signal)
      .then((x) => {
        setData(x);
        setError(null);
        onAsOf(clockTime(x.asOf));
      })
      .catch((e: unknown) => {
        if (isAbort(e) || onError(e)) return;
        setError(asApiError(e));
      });
    return () => c.abort();
  }, [key, refreshKey, onError, onAsOf]);

  const current = data && data.period === key ? data : null;
  return (
    <div class={d.dashboard} data-testid="scores">
      <p class={d.note}>
        Điểm thi đua {periodWords(key)}, chấm theo các chỉ số tại Điều 13 Thông tư 01/2018/TT-VPCP trên các hồ sơ đã giải quyết trong kỳ; bên cạnh là đánh giá của người dân tại ki-ốt.
        {key.length === 7 && ' Chọn “Theo quý” hoặc “Năm nay” ở trên để xem điểm quý, năm.'}
      </p>
      {error && (
        <p class={d.errorBox} role="alert">
          Không tải được điểm thi đua: {error.message}
        </p>
      )}
      {!current && !error && <p class={d.loading}>Đang tải điểm thi đua…</p>}
      {current && (
        <>
          <section class={d.cards} aria-label="Toàn Trung tâm">
            <div class={cx(d.card, d.cardWide)}>
              <div class={d.cardMain}>
                <span class={d.cardLabel}>Toàn Trung tâm</span>
                <span class={d.cardValue}>{score(current.centre.score, current.scale.agency)}</span>
                <span class={d.cardSub}>
                  {current.centre.gradeLabel ? <Grade label={current.centre.gradeLabel.vi} grade={current.centre.grade} /> : 'Chưa đủ hồ sơ để xếp loại'} · {current.centre.dossiers} hồ sơ đã giải quyết
                </span>
              </div>
            </div>
            <div class={cx(d.card, d.cardWide)}>
              <div class={d.cardMain}>
                <span class={d.cardLabel}>Mức độ hài lòng của người dân</span>
                <span class={d.cardValue}>{current.ratings.average === null ? '—' : `${decimal(current.ratings.average)} / 5`}</span>
                <span class={d.cardSub}>{current.ratings.count} lượt đánh giá</span>
              </div>
              <RatingBar ratings={current.ratings} />
            </div>
          </section>

          <ScoreTable
            title="Theo cán bộ, công chức"
            scale={current.scale.official}
            rows={current.officials.map((o) => ({ key: o.officer.username, name: o.officer.displayName, sub: o.officer.department?.name ?? null, dossiers: o.dossiers, score: o.score, grade: o.grade, gradeLabel: o.gradeLabel?.vi ?? null, ratings: o.ratings }))}
            testId="scores-officials"
          />
          <ScoreTable
            title="Theo cơ quan, đơn vị"
            scale={current.scale.agency}
            rows={current.agencies.map((a) => ({ key: a.department.code, name: a.department.name, sub: null, dossiers: a.dossiers, score: a.score, grade: a.grade, gradeLabel: a.gradeLabel?.vi ?? null, ratings: a.ratings }))}
            testId="scores-agencies"
          />

          <details class={d.panel}>
            <summary class={d.summaryButton}>Cách chấm điểm</summary>
            <ul class={d.indexList}>
              {current.indices.map((i) => (
                <li key={i.key}>
                  <strong>{i.label.vi}</strong> <span class={d.muted}>({i.appliesTo.map((a) => (a === 'official' ? 'cán bộ' : 'cơ quan')).join(', ')})</span>
                  <span class={d.cellSub}>{i.basis}</span>
                </li>
              ))}
            </ul>
            <p class={d.note}>
              Cán bộ chấm trên thang {current.scale.official} điểm, cơ quan trên thang {current.scale.agency} điểm; mỗi chỉ số 2 / 1 / 0 điểm cho từng hồ sơ.
            </p>
            <p class={d.note} data-testid="scores-rule">
              Thời gian giải quyết của hồ sơ: {current.timeliness.label.vi.toLocaleLowerCase('vi')} — {current.timeliness.rule.vi}
            </p>
          </details>
        </>
      )}
    </div>
  );
}

interface ScoreRow {
  readonly key: string;
  readonly name: string;
  readonly sub: string | null;
  readonly dossiers: number;
  readonly score: number | null;
  readonly grade: string | null;
  readonly gradeLabel: string | null;
  readonly ratings: Ratings;
}

function ScoreTable({ title, scale, rows, testId }: { readonly title: string; readonly scale: number; readonly rows: readonly ScoreRow[]; readonly testId: string }) {
  const sorted = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.name.localeCompare(b.name, 'vi'));
  return (
    <section class={d.panel} aria-label={title} data-testid={testId}>
      <h2 class={d.panelTitle}>{title}</h2>
      <div class={d.tableBox} tabIndex={0} role="region" aria-label={`${title} (cuộn ngang nếu cần)`}>
        <table class={d.table}>
          <thead>
            <tr>
              <th scope="col">Tên</th>
              <th scope="col" class={d.num}>
                Hồ sơ
              </th>
              <th scope="col" class={d.num}>
                Điểm
              </th>
              <th scope="col">Xếp loại</th>
              <th scope="col" class={d.num}>
                Hài lòng
              </th>
              <th scope="col">Đánh giá của người dân</th>
            </tr>
          </thead>
          <tbody>
            {sorted.length === 0 && (
              <tr>
                <td colSpan={6} class={d.muted}>
                  Chưa có hồ sơ giải quyết trong kỳ.
                </td>
              </tr>
            )}
            {sorted.map((r) => (
              <tr key={r.key} data-testid="score-row">
                <th scope="row">
                  <span class={d.rowName}>{r.name}</span>
                  {r.sub && <span class={d.cellSub}>{r.sub}</span>}
                </th>
                <td class={d.num}>{r.dossiers}</td>
                <td class={d.num}>{score(r.score, scale)}</td>
                <td>{r.gradeLabel ? <Grade label={r.gradeLabel} grade={r.grade} /> : <span class={d.muted}>—</span>}</td>
                <td class={d.num}>{r.ratings.average === null ? '—' : `${decimal(r.ratings.average)} / 5`}</td>
                <td>
                  <RatingBar ratings={r.ratings} compact />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Weak grades in red words, the best in green words; the middle ones plain. */
function Grade({ label, grade }: { readonly label: string; readonly grade: string | null }) {
  const bad = grade === 'weak' || grade === 'not_met';
  const good = grade === 'excellent' || grade === 'full';
  return <span class={cx(d.grade, bad && d.gradeBad, good && d.gradeGood)}>{label}</span>;
}

/** The ratings by level as one bar (most satisfied first), each level written out for screen readers. */
function RatingBar({ ratings, compact = false }: { readonly ratings: Ratings; readonly compact?: boolean }) {
  if (ratings.count === 0) return <span class={d.muted}>Chưa có đánh giá</span>;
  const levels = [...ratings.levels].sort((a, b) => b.score - a.score);
  const text = levels.map((l) => `${l.label.vi}: ${l.count}`).join(', ');
  return (
    <span class={cx(d.ratingBar, compact && d.ratingBarCompact)}>
      <span class={d.ratingTrack} aria-hidden="true">
        {levels.map((l) => (l.count > 0 ? <span key={l.level} class={cx(d.ratingPart, d[`rating-${l.score}`])} style={{ flexGrow: l.count }} title={`${l.label.vi}: ${l.count}`} /> : null))}
      </span>
      <span class={compact ? 'visually-hidden' : d.ratingText}>{text}</span>
      {compact && (
        <span class={d.ratingMini} aria-hidden="true">
          {ratings.count} lượt
        </span>
      )}
    </span>
  );
}
