/**
 * The public apology board: the apologies the centre's agencies made for late results (Decree 61/2018
 * art. 19(9); Thanh Hóa orders them public), newest first, for as long as the centre's setting keeps
 * them up. Shown on the kiosk's "Thư xin lỗi" tab and on /cong-khai for phones. What it lists comes
 * from GET /api/public/apologies, which carries nothing that names or finds an applicant.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { PublicApologies, PublicApology } from '../../../shared/contracts.ts';
import { parseIsoInstant, vnParts, weekdayName } from '../../../shared/time.ts';
import { api, isAbort } from '../../lib/api.ts';
import { appointmentParts } from '../../lib/format.ts';
import { cx } from '../../lib/status.ts';
import b from './ApologyBoard.module.css';
import { type Lang, useText } from './i18n.ts';

const PAGE = 20;
/** A list that could not be loaded is asked for again by itself: a kiosk has nobody to press "retry". */
const RETRY_MS = 5_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** "Thứ Tư, 25/11/2026" from "2026-11-25". */
function dayText(date: string, lang: Lang): string {
  const d = parseIsoInstant(`${date}T12:00:00+07:00`);
  if (!d) return date;
  const p = vnParts(d);
  return `${weekdayName(d, lang)}, ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

type Load = { readonly kind: 'loading' } | { readonly kind: 'failed' } | { readonly kind: 'ready'; readonly board: PublicApologies; readonly more: boolean };

export function ApologyBoard({ headingLevel = 1 }: { readonly headingLevel?: 1 | 2 }) {
  const { t, lang } = useText();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const inflight = useRef<AbortController | null>(null);

  const fetchPage = useCallback((offset: number) => {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    if (offset === 0) setLoad({ kind: 'loading' });
    else setLoad((l) => (l.kind === 'ready' ? { ...l, more: true } : l));
    api
      .publicApologies(offset === 0 ? { limit: PAGE } : { offset, limit: PAGE }, controller.signal)
      .then((page) => {
        if (controller.signal.aborted) return;
        setLoad((l) =>
          offset > 0 && l.kind === 'ready'
            ? { kind: 'ready', more: false, board: { ...page, offset: 0, apologies: [...l.board.apologies, ...page.apologies] } }
            : { kind: 'ready', more: false, board: page },
        );
      })
      .catch((e: unknown) => {
        if (isAbort(e) || controller.signal.aborted) return;
        setLoad((l) => (offset > 0 && l.kind === 'ready' ? { ...l, more: false } : { kind: 'failed' }));
      })
      .finally(() => {
        if (inflight.current === controller) inflight.current = null;
      });
  }, []);

  useEffect(() => {
    fetchPage(0);
    return () => inflight.current?.abort();
  }, [fetchPage]);

  useEffect(() => {
    if (load.kind !== 'failed') return;
    const timer = setTimeout(() => fetchPage(0), RETRY_MS);
    return () => clearTimeout(timer);
  }, [load.kind, fetchPage]);

  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const board = load.kind === 'ready' ? load.board : null;
  return (
    <section class={b.board} aria-labelledby="apology-board-title" data-testid="apology-board">
      <header class={b.head}>
        <Heading id="apology-board-title" class={b.title}>
          {t.boardTitle}
        </Heading>
        <p class={b.intro}>{t.boardIntro}</p>
        {board && (board.fictional || board.training) && (
          <p class={b.fictional} role="note" data-testid="apology-board-fictional">
            {t.boardFictional}
          </p>
        )}
        {board && (
          <p class={b.count} data-testid="apology-board-count">
            {board.total > 0 ? t.boardWindow(board.days, board.total) : t.boardEmpty(board.days)}
          </p>
        )}
      </header>

      {load.kind === 'loading' && (
        <p class={b.status} role="status">
          {t.boardLoading}
        </p>
      )}
      {load.kind === 'failed' && (
        <div class={b.failed} role="alert" data-testid="apology-board-failed">
          <p>{t.boardFailed}</p>
          <button type="button" class={b.button} onClick={() => fetchPage(0)}>
            {t.boardRetry}
          </button>
        </div>
      )}
      {board && board.apologies.length > 0 && (
        <ol class={b.list}>
          {board.apologies.map((a, i) => (
            <Entry key={`${a.date}-${i}`} apology={a} lang={lang} showFictional={!board.fictional && !board.training} />
          ))}
        </ol>
      )}
      {board && board.apologies.length < board.total && (
        <button type="button" class={cx(b.button, b.more)} disabled={load.kind === 'ready' && load.more} onClick={() => fetchPage(board.apologies.length)} data-testid="apology-board-more">
          {load.kind === 'ready' && load.more ? t.boardLoading : t.boardMore}
        </button>
      )}
      <p class={b.privacy}>{t.boardPrivacy}</p>
    </section>
  );
}

function Entry({ apology: a, lang, showFictional }: { readonly apology: PublicApology; readonly lang: Lang; readonly showFictional: boolean }) {
  const { t } = useText();
  return (
    <li class={b.item} data-testid="apology">
      <p class={b.when}>
        <span>
          {t.boardDate}: <time dateTime={a.date}>{dayText(a.date, lang)}</time>
        </span>
        {showFictional && a.fictional && <span class={b.tag}>{t.boardFictionalItem}</span>}
      </p>
      <p class={b.department}>
        <strong lang="vi">{a.department}</strong> <span class={b.verb}>{t.boardApologised}</span>
      </p>
      <dl class={b.facts}>
        <div class={b.fact}>
          <dt>{t.boardProcedure}</dt>
          <dd lang="vi">{a.procedure}</dd>
        </div>
        <div class={b.fact}>
          <dt>{t.boardReason}</dt>
          <dd lang="vi" data-testid="apology-reason">
            {a.reason}
          </dd>
        </div>
      </dl>
      <dl class={b.dates}>
        <div>
          <dt>{t.original}</dt>
          <dd>
            <del data-testid="apology-original">
              <Unbroken iso={a.originalDueAt} lang={lang} />
            </del>
          </dd>
        </div>
        <div>
          <dt>{t.newDate}</dt>
          <dd>
            <strong data-testid="apology-new">
              <Unbroken iso={a.newDueAt} lang={lang} />
            </strong>
          </dd>
        </div>
      </dl>
    </li>
  );
}

/** "Thứ Năm, 03/12/2026" and "lúc 08:47", each kept on one line (the line may break between them). */
function Unbroken({ iso, lang }: { readonly iso: string; readonly lang: Lang }) {
  const [date, time] = appointmentParts(iso, lang);
  return (
    <>
      <span class={b.nowrap}>{date}</span>
      {time && ' '}
      {time && <span class={b.nowrap}>{time}</span>}
    </>
  );
}
