/**
 * The period's figures for the whole centre (dossier level: received in the period, finished in it and
 * judged against the printed appointment; open, overdue and due soon as of now). Each number is a
 * button to the dossiers behind it. Late is red and says "trễ hạn" in words; the finished card's bar is
 * patterned per part, so the split reads without colour too.
 */
import type { Figures, SupervisionSummary } from '../../../shared/contracts.ts';
import { cx } from '../../lib/status.ts';
import { REFUSED_SUPPLEMENT_KEYS } from '../../../shared/supervision.ts';
import { type Drill, METRIC_LABELS, type Metric, REFUSED_SHORT, days, pct } from './words.ts';
import d from './dashboard.module.css';

interface Props {
  readonly totals: Figures;
  /** The centre's `timeliness` setting: by the day or to the minute, named under the split. */
  readonly rule: SupervisionSummary['timeliness'];
  readonly onDrill: (d: Drill) => void;
}

export function FigureCards({ totals: t, rule, onDrill }: Props) {
  const open = (metric: Metric) => () => onDrill({ metric });
  const parts = [
    { key: 'early', label: 'Trước hạn', n: t.early, rate: t.earlyRate, cls: d.partEarly },
    { key: 'onTime', label: 'Đúng hạn', n: t.onTime, rate: t.onTimeRate, cls: d.partOnTime },
    { key: 'late', label: 'Trễ hạn', n: t.late, rate: t.lateRate, cls: d.partLate },
  ] as const;
  return (
    <section class={d.cards} aria-label="Số liệu chung của Trung tâm trong kỳ" data-testid="figures">
      <Card label="Tiếp nhận" value={t.received} sub="hồ sơ nhận trong kỳ" onClick={open('received')} testId="fig-received" />

      <div class={cx(d.card, d.cardWide)}>
        <button type="button" class={d.cardMain} onClick={open('finished')} data-testid="fig-finished">
          <span class={d.cardLabel}>Đã giải quyết</span>
          <span class={d.cardValue}>{t.finished}</span>
          <span class={d.cardSub}>so với ngày hẹn ghi trên giấy tiếp nhận</span>
        </button>
        <div class={d.splitBar} aria-hidden="true">
          {parts.map((p) => (p.n > 0 ? <span key={p.key} class={cx(d.splitPart, p.cls)} style={{ flexGrow: p.n }} /> : null))}
          {t.finished === 0 && <span class={d.splitEmpty} />}
        </div>
        <div class={d.splitLegend}>
          {parts.map((p) => (
            <button type="button" key={p.key} class={cx(d.splitItem, p.key === 'late' && p.n > 0 && d.splitItemLate)} onClick={open(p.key)} data-testid={`fig-${p.key}`}>
              <span class={cx(d.swatch, p.cls)} aria-hidden="true" />
              <span class={d.splitLabel}>{p.label}</span>
              <strong class={d.splitNumber}>{p.n}</strong>
              <span class={d.splitRate}>{pct(p.rate)}</span>
            </button>
          ))}
        </div>
        <p class={d.cardRule} data-testid="fig-rule" data-mode={rule.mode} title={rule.rule.vi}>
          {rule.label.vi}: {lowerFirst(rule.rule.vi)}
        </p>
      </div>

      <Card
        label="Quá hạn hiện nay"
        value={t.overdueNow}
        sub={`trong ${t.openNow} hồ sơ đang giải quyết`}
        tone={t.overdueNow > 0 ? 'late' : 'ok'}
        onClick={open('overdueNow')}
        testId="total-overdue"
      />
      <Card label="Đến hạn trong 1 ngày làm việc" value={t.dueWithinOneDay} sub="chưa quá hạn, cần theo dõi" tone={t.dueWithinOneDay > 0 ? 'soon' : 'neutral'} onClick={open('dueWithinOneDay')} testId="fig-due-soon" />
      <Card label="Xin lỗi, hẹn lại" value={t.apologies} sub="văn bản xin lỗi trong kỳ" tone={t.apologies > 0 ? 'soon' : 'neutral'} onClick={open('apologies')} testId="fig-apologies" />

      <div class={d.card}>
        <button type="button" class={d.cardMain} onClick={open('supplementRequests')} data-testid="fig-supplements">
          <span class={d.cardLabel}>Yêu cầu bổ sung</span>
          <span class={d.cardValue}>{t.supplementRequests}</span>
        </button>
        {/* Refused requests, each under its own reason: a second request is not one made too late. */}
        <span class={cx(d.cardSub, d.refusedLabel)}>Yêu cầu bị chặn (đã ghi nhận):</span>
        <div class={d.refusedGrid}>
          {REFUSED_SUPPLEMENT_KEYS.map((k) => (
            <button type="button" key={k} class={cx(d.cardSubButton, d.refusedButton, t[k] > 0 && d.cardSubWarn)} onClick={open(k)} data-testid={`fig-refused-${k}`} title={METRIC_LABELS[k]}>
              {t[k]} {REFUSED_SHORT[k]}
            </button>
          ))}
        </div>
      </div>

      <div class={d.card} data-testid="fig-handling">
        <div class={d.cardMain}>
          <span class={d.cardLabel}>Thời gian giải quyết</span>
          <span class={d.cardValue}>
            {t.averageHandlingDays === null ? '—' : days(t.averageHandlingDays)}
          </span>
          <span class={d.cardSub}>trung bình (ngày làm việc); 90&nbsp;% xong trong {days(t.p90HandlingDays)}</span>
        </div>
      </div>
    </section>
  );
}

const lowerFirst = (text: string) => text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);

function Card({ label, value, sub, tone = 'neutral', onClick, testId }: { label: string; value: number; sub: string; tone?: 'neutral' | 'late' | 'soon' | 'ok'; onClick: () => void; testId: string }) {
  return (
    <div class={cx(d.card, tone === 'late' && d.cardLate, tone === 'soon' && d.cardSoon, tone === 'ok' && d.cardOk)}>
      <button type="button" class={d.cardMain} onClick={onClick}>
        <span class={d.cardLabel}>{label}</span>
        <span class={d.cardValue} data-testid={testId}>
          {value}
        </span>
        <span class={d.cardSub}>{sub}</span>
      </button>
    </div>
  );
}
