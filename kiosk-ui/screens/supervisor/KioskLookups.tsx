/**
 * The kiosk over the last seven days, for the supervisor: how lookups came in (scanner, camera,
 * keypad, typed code, the receipt's QR link) at each kiosk, how many found their dossier, and what the
 * citizens said in their ratings. A channel or a kiosk that finds too few (a scanner or camera that
 * misreads, someone guessing) is marked for attention; the server decides which (kiosk-report.ts).
 * Kiosks on the centre's network are shown by their address; every other client is "Internet".
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { KioskReport } from '../../../shared/contracts.ts';
import { type ApiError, api, asApiError } from '../../lib/api.ts';
import { clockTime, shortTime } from '../../lib/format.ts';
import { cx } from '../../lib/status.ts';
import k from './kiosk.module.css';
import s from './supervisor.module.css';

type Counts = KioskReport['totals'];

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}\u00a0%`);
const clientName = (client: string) => (client === 'internet' ? 'Internet (điện thoại, máy ngoài)' : `Ki-ốt ${client}`);
const dayLabel = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}`;

/** "Camera tại Ki-ốt 192.168.1.22 chỉ tìm thấy 9/21 lượt (43 %): 12 lượt mã sai" */
function attentionLine(g: KioskReport['groups'][number]): string {
  const misses = [g.invalid > 0 ? `${g.invalid} lượt mã sai` : '', g.notFound > 0 ? `${g.notFound} lượt không có hồ sơ` : ''].filter(Boolean).join(', ');
  return `${g.label.vi} tại ${clientName(g.client)} chỉ tìm thấy ${g.found}/${g.lookups} lượt (${percent(g.successRate)})${misses ? `: ${misses}` : ''}`;
}

/** Loads with the overview (its `refreshKey` changes each minute); a failure here never hides the overview. */
export function KioskLookups({ refreshKey, onAuthError }: { readonly refreshKey: number; readonly onAuthError: (e: unknown) => boolean }) {
  const [data, setData] = useState<KioskReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await api.supervisionKiosk());
      setError(null);
    } catch (e) {
      if (onAuthError(e)) return;
      setError(asApiError(e));
    }
  }, [onAuthError]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  return (
    <section class={s.card} aria-labelledby="sup-kiosk" data-testid="kiosk-section">
      <h2 id="sup-kiosk" class={s.cardTitle}>
        Ki-ốt tra cứu <span class={k.en} lang="en">/ Kiosk lookups</span> <span class={k.period}>(7 ngày qua{data ? `: ${dayLabel(data.from)} – ${dayLabel(data.to)}` : ''})</span>
      </h2>
      {error && (
        <p class={k.error} role="alert">
          Không tải được số liệu ki-ốt: {error.message}
        </p>
      )}
      {!data ? !error && <p class={s.empty}>Đang tải…</p> : <Report data={data} />}
    </section>
  );
}

function Report({ data }: { readonly data: KioskReport }) {
  const { totals, ratings } = data;
  const flagged = data.groups.filter((g) => g.attention);
  return (
    <>
      <div class={k.figures}>
        <Figure label="Lượt tra cứu" value={String(totals.lookups)} />
        <Figure label="Tìm thấy hồ sơ" value={percent(totals.successRate)} warn={totals.attention} />
        <Figure label="Bị làm chậm do nhập sai" value={String(totals.delayed + totals.throttled)} warn={totals.delayed + totals.throttled > 0} />
        <Figure label="Lượt đánh giá" value={String(ratings.count)} />
        <Figure label="Điểm hài lòng trung bình" value={ratings.average === null ? '—' : `${ratings.average.toFixed(1).replace('.', ',')} / 5`} />
      </div>

      {flagged.length > 0 && (
        <p class={k.alert} role="status" data-testid="kiosk-attention">
          Cần kiểm tra: {flagged.map(attentionLine).join('; ')}.
        </p>
      )}

      <h3 class={k.subTitle}>Theo kênh và máy tra cứu</h3>
      {data.groups.length === 0 ? (
        <p class={s.empty}>Chưa có lượt tra cứu nào trong 7 ngày qua.</p>
      ) : (
        <div class={s.tableWrap}>
          <table class={cx(s.table, k.table)}>
            <thead>
              <tr>
                <th scope="col">Kênh · Máy</th>
                <th scope="col" class={k.n}>
                  Lượt
                </th>
                <th scope="col" class={k.n}>
                  Tìm thấy
                </th>
                <th scope="col" class={k.n}>
                  Không có hồ sơ
                </th>
                <th scope="col" class={k.n}>
                  Mã sai
                </th>
                <th scope="col" class={k.n}>
                  Bị làm chậm
                </th>
                <th scope="col" class={k.n}>
                  Tỉ lệ tìm thấy
                </th>
              </tr>
            </thead>
            <tbody>
              {data.groups.map((g) => (
                <tr key={`${g.channel} ${g.client}`} class={cx(g.attention && k.rowWarn)} data-testid="kiosk-row" data-attention={g.attention ? 'yes' : 'no'}>
                  <th scope="row">
                    {g.label.vi}
                    <span class={k.client}>{clientName(g.client)}</span>
                  </th>
                  <td class={k.n}>{g.lookups}</td>
                  <td class={k.n}>{g.found}</td>
                  <td class={k.n}>{g.notFound}</td>
                  <td class={cx(k.n, g.attention && g.invalid > 0 && k.bad)}>{g.invalid}</td>
                  <td class={k.n}>{g.delayed + g.throttled}</td>
                  <td class={cx(k.n, k.rate)}>
                    <Rate counts={g} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div class={k.columns}>
        <div>
          <h3 class={k.subTitle}>Theo ngày</h3>
          <Days days={data.days} />
          {data.bursts.length > 0 && (
            <>
              <h3 class={k.subTitle}>Nhập sai nhiều lần liên tiếp</h3>
              <ul class={k.bursts}>
                {data.bursts.map((b) => (
                  <li key={b.at + b.client}>
                    {shortTime(b.at)} · {clientName(b.client)}: {b.count} lượt sai trong {b.windowMinutes} phút, đã bị làm chậm
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <Ratings ratings={ratings} />
      </div>
      <p class={k.note}>
        Số liệu cập nhật lúc {clockTime(data.asOf)}. Không ghi mã tra cứu, mã hồ sơ hay địa chỉ của người dân: máy ngoài mạng của Trung tâm chỉ ghi là “Internet”.
      </p>
    </>
  );
}

function Figure({ label, value, warn = false }: { label: string; value: string; warn?: boolean }) {
  return (
    <div class={cx(k.figure, warn && k.figureWarn)}>
      <p class={k.figureValue}>{value}</p>
      <p class={k.figureLabel}>{label}</p>
    </div>
  );
}

function Rate({ counts }: { readonly counts: Counts }) {
  return (
    <span class={k.rateCell}>
      <span class={k.rateBar} aria-hidden="true">
        <span class={cx(k.rateFill, counts.attention && k.rateFillBad)} style={{ width: `${Math.round((counts.successRate ?? 0) * 100)}%` }} />
      </span>
      <strong class={cx(counts.attention && k.bad)}>{percent(counts.successRate)}</strong>
      {counts.attention && <span class={k.badge}>Cần kiểm tra</span>}
    </span>
  );
}

function Days({ days }: { readonly days: KioskReport['days'] }) {
  const max = Math.max(1, ...days.map((d) => d.lookups));
  return (
    <div class={k.days} role="img" aria-label={days.map((d) => `${dayLabel(d.date)}: ${d.lookups} lượt, tìm thấy ${d.found}`).join('; ')}>
      {days.map((d) => (
        <div key={d.date} class={k.day}>
          <span class={k.dayCount}>{d.lookups}</span>
          <span class={k.dayBar} style={{ height: `${Math.round((d.lookups / max) * 72)}px` }}>
            <span class={k.dayFound} style={{ height: `${d.lookups ? Math.round((d.found / d.lookups) * 100) : 0}%` }} />
          </span>
          <span class={k.dayLabel}>{dayLabel(d.date)}</span>
        </div>
      ))}
    </div>
  );
}

function Ratings({ ratings }: { readonly ratings: KioskReport['ratings'] }) {
  const max = Math.max(1, ...ratings.levels.map((l) => l.count));
  const reasons = ratings.reasons.filter((r) => r.count > 0).sort((a, b) => b.count - a.count);
  return (
    <div data-testid="kiosk-ratings">
      <h3 class={k.subTitle}>Đánh giá của người dân ({ratings.count})</h3>
      {ratings.count === 0 ? (
        <p class={s.empty}>Chưa có đánh giá nào trong 7 ngày qua.</p>
      ) : (
        <>
          <ul class={k.levels}>
            {ratings.levels.map((l) => (
              <li key={l.level} class={k.level}>
                <span class={k.levelName}>{l.label.vi}</span>
                <span class={k.levelBar} aria-hidden="true">
                  <span class={cx(k.levelFill, l.score <= 2 && k.levelFillBad)} style={{ width: `${Math.round((l.count / max) * 100)}%` }} />
                </span>
                <span class={k.levelCount}>{l.count}</span>
              </li>
            ))}
          </ul>
          {reasons.length > 0 && (
            <p class={k.reasons}>
              <strong>Lý do được chọn: </strong>
              {reasons.map((r) => `${r.label.vi} (${r.count})`).join(' · ')}
            </p>
          )}
        </>
      )}
    </div>
  );
}
