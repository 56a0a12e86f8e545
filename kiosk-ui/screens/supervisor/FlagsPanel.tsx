/**
 * The two questions of the first screen. "Is anyone past the threshold?" — each officer or department
 * the server flags (the centre's thresholds, `motcua settings`), its level in words and an icon (never
 * colour alone), the counts and the dossiers behind them with the reason known so far. "Who was late?"
 * — the officers with late steps in the period, most first; each opens the late steps themselves.
 */
import { useState } from 'preact/hooks';
import type { SupervisionFlags, SupervisionSummary } from '../../../shared/contracts.ts';
import { FLAG_LEVEL_LABELS } from '../../../shared/supervision.ts';
import { cx } from '../../lib/status.ts';
import { type Drill, lateBy, pct } from './words.ts';
import d from './dashboard.module.css';

type Flag = SupervisionFlags['flags'][number];

export function LevelBadge({ level, label }: { readonly level: Flag['level']; readonly label: string }) {
  return (
    <span class={cx(d.level, level === 'serious' ? d.levelSerious : d.levelReview)} data-level={level}>
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        {level === 'serious' ? (
          <path d="M5 1h6l4 4v6l-4 4H5l-4-4V5z M8 4v5 M8 11.5v.5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" stroke-linecap="round" />
        ) : (
          <path d="M8 1.5 15 14H1z M8 6v4 M8 12v.3" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" stroke-linecap="round" />
        )}
      </svg>
      {label}
    </span>
  );
}

function flagName(f: Flag): { name: string; sub: string | null } {
  if (f.kind === 'officer' && f.officer) return { name: f.officer.displayName, sub: f.officer.department?.name ?? null };
  return { name: f.department?.name ?? '—', sub: 'Cả đơn vị' };
}

function flagDrill(f: Flag, code?: string): Drill {
  const { name } = flagName(f);
  const base = f.kind === 'officer' && f.officer ? { officer: f.officer.username } : { department: f.department?.code ?? '' };
  return { metric: 'late', ...base, who: name, ...(code ? { code } : {}) };
}

/** A busy centre may flag many: the gravest three show, the rest one tap away. */
const SHOWN_FLAGS = 3;
/** Each flag's two most recent dossiers show; the rest are in the drill-down. */
const SHOWN_DOSSIERS = 2;
/** The server lists a flag's most recent dossiers and says how many there are in all. */
const total = (f: Flag) => f.dossiersTotal ?? f.dossiers.length;

export function FlagsPanel({ flags, onDrill }: { readonly flags: SupervisionFlags; readonly onDrill: (d: Drill) => void }) {
  const [all, setAll] = useState(false);
  // In the server's order (serious first, then the most apologies, then the most late steps): the
  // weekly report's page 1 lists them the same way.
  const list = flags.flags;
  const shown = all ? list : list.slice(0, SHOWN_FLAGS);
  return (
    <section class={cx(d.panel, list.length > 0 ? d.panelAlert : d.panelOk)} aria-labelledby="flags-title" data-testid="flags">
      <h2 id="flags-title" class={d.panelTitle}>
        Vượt ngưỡng xem xét kỷ luật
        <span class={cx(d.count, list.length > 0 && d.countAlert)} data-testid="flags-count">
          {list.length}
        </span>
      </h2>
      <p class={d.note}>
        Ngưỡng trong kỳ: từ {flags.thresholds.lateSteps} bước trễ hạn không có lý do chính đáng là “{FLAG_LEVEL_LABELS.discipline_review.vi}”; từ {flags.thresholds.apologies} lần xin
        lỗi hẹn lại không có lý do chính đáng là “{FLAG_LEVEL_LABELS.serious.vi}”.
      </p>
      {list.length === 0 ? (
        <p class={d.okLine} data-testid="flags-none">
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
            <path d="M4 10.5 8 14.5 16 5.5" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
          Không có cán bộ hay đơn vị nào vượt ngưỡng trong kỳ này.
        </p>
      ) : (
        <ul class={d.flagList}>
          {shown.map((f) => {
            const { name, sub } = flagName(f);
            const who = f.kind === 'officer' ? f.officer?.username : f.department?.code;
            return (
              <li key={`${f.kind}:${who}`} class={d.flag} data-testid="flag" data-kind={f.kind} data-who={who} data-level={f.level}>
                <div class={d.flagHead}>
                  <LevelBadge level={f.level} label={f.levelLabel.vi} />
                  <span class={d.flagName}>
                    {name}
                    {sub && <span class={d.flagSub}> · {sub}</span>}
                  </span>
                </div>
                <p class={d.flagCounts}>
                  <strong data-testid="flag-late">{f.lateWithoutValidReason}</strong> bước trễ không có lý do chính đáng ·{' '}
                  <strong data-testid="flag-apologies">{f.apologies}</strong> lần xin lỗi không có lý do chính đáng
                </p>
                <ul class={d.flagDossiers}>
                  {f.dossiers.slice(0, SHOWN_DOSSIERS).map((x) => (
                    <li key={`${x.code}:${x.seq}`}>
                      <button type="button" class={d.codeLink} onClick={() => onDrill(flagDrill(f, x.code))} data-testid="flag-dossier">
                        {x.code}
                      </button>{' '}
                      <span class={d.flagStep}>
                        Bước {x.seq}: {x.stepName}
                        {x.lateMinutes !== null && <strong class={d.lateText}> · {lateBy(x.lateMinutes)}</strong>}
                        {x.apologized && ' · đã xin lỗi'}
                      </span>
                      <span class={d.flagReason}>{x.reason ? `Lý do: ${x.reason}` : 'Chưa xem xét lý do'}</span>
                    </li>
                  ))}
                  {total(f) > SHOWN_DOSSIERS && (
                    <li>
                      <button type="button" class={d.codeLink} onClick={() => onDrill(flagDrill(f))} data-testid="flag-more">
                        và {total(f) - SHOWN_DOSSIERS} hồ sơ khác
                      </button>
                    </li>
                  )}
                </ul>
                <button type="button" class={d.button} onClick={() => onDrill(flagDrill(f))} data-testid="flag-open">
                  Xem xét từng bước trễ
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {list.length > SHOWN_FLAGS && (
        <button type="button" class={d.button} aria-expanded={all} onClick={() => setAll(!all)} data-testid="flags-more">
          {all ? 'Thu gọn' : `Xem thêm ${list.length - SHOWN_FLAGS} trường hợp vượt ngưỡng`}
        </button>
      )}
    </section>
  );
}

export function LateOfficers({ summary, onDrill }: { readonly summary: SupervisionSummary; readonly onDrill: (d: Drill) => void }) {
  const rows = summary.byOfficer.filter((r) => r.figures.late > 0).sort((a, b) => b.figures.late - a.figures.late || (b.figures.lateRate ?? 0) - (a.figures.lateRate ?? 0));
  const shown = rows.slice(0, 6);
  const steps = summary.byOfficer.reduce((n, r) => n + r.figures.finished, 0);
  const late = summary.byOfficer.reduce((n, r) => n + r.figures.late, 0);
  return (
    <section class={d.panel} aria-labelledby="late-title" data-testid="late-officers">
      <h2 id="late-title" class={d.panelTitle}>
        Ai trễ hạn trong kỳ
        <span class={cx(d.count, rows.length > 0 && d.countLate)}>{rows.length}</span>
      </h2>
      <p class={d.note}>
        {late > 0 ? `${late} trên ${steps} bước đã xong bị trễ hạn. ` : ''}Chạm vào một người để xem từng bước trễ và lý do.
      </p>
      {rows.length === 0 ? (
        <p class={d.okLine}>
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
            <path d="M4 10.5 8 14.5 16 5.5" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
          Không có bước xử lý nào trễ hạn trong kỳ này.
        </p>
      ) : (
        <ul class={d.lateList}>
          {shown.map((r) => (
            <li key={r.officer.username}>
              <button
                type="button"
                class={d.lateRow}
                data-testid="late-officer"
                data-who={r.officer.username}
                onClick={() => onDrill({ metric: 'late', officer: r.officer.username, who: r.officer.displayName })}
              >
                <span class={d.lateWho}>
                  <span class={d.lateName}>{r.officer.displayName}</span>
                  <span class={d.lateDept}>{r.officer.department?.name ?? 'Không thuộc đơn vị'}</span>
                </span>
                <span class={d.lateCount}>
                  <span>
                    <strong>{r.figures.late}</strong> bước trễ
                  </span>
                  <span class={d.lateOf}>
                    / {r.figures.finished} đã xong ({pct(r.figures.lateRate)})
                  </span>
                </span>
                <span class={d.chevron} aria-hidden="true">
                  ›
                </span>
              </button>
            </li>
          ))}
          {rows.length > shown.length && <li class={d.muted}>và {rows.length - shown.length} người khác (bảng “Theo cán bộ” bên dưới)</li>}
        </ul>
      )}
    </section>
  );
}
