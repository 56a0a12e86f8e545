/**
 * "Việc cần xử lý": the dossiers waiting on the signed-in officer, leader or clerk, most urgent first,
 * as the server sorts and judges them (GET /api/work-queue: working time needs the holiday calendar,
 * and the actions offered are computed with the rules the server enforces). Refreshed every 45 s and
 * whenever the window comes back into view; a dossier opens by tapping its row, typing its code or
 * scanning its receipt.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CentreInfo, CounterInfo, DossierDetail, StaffMe, WorkItem, WorkQueue as Queue } from '../../../../shared/contracts.ts';
import { normaliseDossierCode } from '../../../../shared/dossier-code.ts';
import type { ActionType } from '../../../../shared/processing.ts';
import { nfc } from '../../../../shared/text.ts';
import { type ApiError, type SlipKind, api, asApiError } from '../../../lib/api.ts';
import { clockTime } from '../../../lib/format.ts';
import { saveKeys } from '../../../lib/idempotency.ts';
import { listenForScans } from '../../../lib/scanner.ts';
import { cx } from '../../../lib/status.ts';
import { readStored } from '../../../lib/storage.ts';
import { ActionDialog } from './ActionDialog.tsx';
import { DossierPanel } from './DossierPanel.tsx';
import { UrgencyIcon } from './UrgencyChip.tsx';
import { WorkRow } from './WorkRow.tsx';
import { SLIP_OF, doneMessage, slipHref, slipTitle } from './outcome.ts';
import { URGENCIES, URGENCY_ORDER, type Urgency, countByUrgency } from './urgency.ts';
import s from './work.module.css';

const REFRESH_MS = 45_000;

interface Props {
  readonly staff: StaffMe;
  readonly centre: CentreInfo | null;
  /** The clerk's tab is showing (the queue keeps refreshing behind the intake form for the tab's count). */
  readonly active: boolean;
  readonly onAuthError: (e: unknown) => boolean;
  /** For the clerk's tab: how many items, and how many late. */
  readonly onCounts?: (counts: { total: number; late: number }) => void;
}

interface Panel {
  readonly code: string;
  readonly detail: DossierDetail | null;
  readonly error: ApiError | null;
}

interface Notice {
  readonly message: string;
  readonly code: string;
  readonly slip: { kind: SlipKind; at: string } | null;
  /** The dossier has left this person's queue with the action. */
  readonly gone: boolean;
}

export function WorkQueue({ staff, centre, active, onAuthError, onCounts }: Props) {
  const [queue, setQueue] = useState<Queue | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [filter, setFilter] = useState<Urgency | 'all'>('all');
  const [department, setDepartment] = useState('all');
  const [search, setSearch] = useState('');
  const [searchError, setSearchError] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [dialog, setDialog] = useState<{ item: WorkItem; action: ActionType } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busyCode, setBusyCode] = useState<string | null>(null);
  const [counters, setCounters] = useState<readonly CounterInfo[]>([]);
  const isClerk = staff.role === 'clerk';

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const q = await api.workQueue();
      setQueue(q);
      setError(null);
      return q;
    } catch (e) {
      if (!onAuthError(e)) setError(asApiError(e));
      return null;
    } finally {
      setLoading(false);
    }
  }, [onAuthError]);

  // Every 45 s, and at once when the window or the tab comes back (a tablet woken from sleep).
  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    window.addEventListener('focus', onVisible);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onVisible);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load]);

  useEffect(() => {
    if (active) void load();
  }, [active, load]);

  // A clerk's counter printer takes the slips too (the counter picked on the intake tab).
  useEffect(() => {
    if (!isClerk) return;
    let live = true;
    api
      .counters()
      .then((list) => live && setCounters(list))
      .catch((e: unknown) => live && onAuthError(e));
    return () => {
      live = false;
    };
  }, [isClerk, onAuthError]);
  const counterCode = readStored('counter.code');
  const printer = counters.find((c) => c.code === counterCode && c.printer) ?? null;

  const counts = useMemo(() => countByUrgency(queue?.items ?? []), [queue]);
  useEffect(() => {
    if (queue) onCounts?.({ total: queue.items.length, late: counts.late });
  }, [queue, counts, onCounts]);

  const itemOf = (code: string) => queue?.items.find((i) => i.code === code) ?? null;

  const openPanel = useCallback(
    (code: string) => {
      setPanel({ code, detail: null, error: null });
      api
        .dossier(code)
        .then((detail) => setPanel((p) => (p && p.code === code ? { ...p, detail, error: null } : p)))
        .catch((e: unknown) => {
          if (onAuthError(e)) return;
          setPanel((p) => (p && p.code === code ? { ...p, error: asApiError(e) } : p));
        });
    },
    [onAuthError],
  );

  /** A typed or scanned code: the full dossier code, its date-and-number tail, or the receipt's 16-digit key. */
  const openByQuery = useCallback(
    async (text: string) => {
      const q = text.trim();
      if (!q) return;
      setSearchError(null);
      const digits = q.replace(/[\s.-]/g, '');
      let code = normaliseDossierCode(q);
      const tail = /^(\d{6})-(\d{1,4})$/.exec(q);
      if (!code && tail && centre) code = normaliseDossierCode(`${centre.agencyId}-${tail[1]}-${tail[2]!.padStart(4, '0')}`);
      if (!code && /^\d{16}$/.test(digits)) {
        try {
          code = (await api.dossier(digits)).code;
        } catch (e) {
          if (!onAuthError(e)) setSearchError(asApiError(e).message);
          return;
        }
      }
      if (code) {
        // The panel shows it; the list behind stays whole rather than filtered by a code or key.
        setSearch('');
        openPanel(code);
        return;
      }
      const matches = matching(queue?.items ?? [], q);
      if (matches.length === 1) openPanel(matches[0]!.code);
      else setSearchError('Không nhận ra mã. Nhập mã hồ sơ (ví dụ 261127-0001), 16 chữ số tra cứu, hoặc quét mã vạch trên giấy hẹn.');
    },
    [centre, queue, openPanel, onAuthError],
  );

  // A receipt scanned anywhere on this tab opens its dossier (the scanner types like a keyboard).
  const scanRef = useRef(openByQuery);
  scanRef.current = openByQuery;
  const activeRef = useRef(active);
  activeRef.current = active;
  useEffect(
    () =>
      listenForScans(document, (payload) => {
        if (!activeRef.current) return;
        setSearch(payload);
        void scanRef.current(payload);
      }),
    [],
  );

  // Taking a dossier sends one Idempotency-Key per press, reused if the same press is sent again.
  const acceptKeys = useState(() => saveKeys())[0];
  const act = (item: WorkItem, action: ActionType) => {
    if (action !== 'accept-step') {
      setDialog({ item, action });
      return;
    }
    // Taking a dossier changes nothing for the applicant and can be handed on again: no dialog.
    setBusyCode(item.code);
    const body = { type: 'accept-step' as const, ...(item.step ? { step: item.step.seq } : {}) };
    api
      .act(item.code, body, acceptKeys.keyFor({ code: item.code, body }))
      .then((detail) => {
        acceptKeys.succeeded();
        done(detail, action, doneMessage(action, detail));
      })
      .catch((e: unknown) => {
        if (onAuthError(e)) return;
        setNotice({ message: `Không nhận được hồ sơ ${item.code}: ${asApiError(e).message}`, code: item.code, slip: null, gone: false });
        void load();
      })
      .finally(() => setBusyCode(null));
  };

  const done = (detail: DossierDetail, action: ActionType, message: string) => {
    const kind = SLIP_OF[action];
    setPanel((p) => (p && p.code === detail.code ? { ...p, detail, error: null } : p));
    setNotice({ message, code: detail.code, slip: kind ? { kind, at: detail.history.at(-1)?.at ?? detail.receivedAt } : null, gone: false });
    void load().then((q) => {
      if (q && !q.items.some((i) => i.code === detail.code)) setNotice((n) => (n && n.code === detail.code ? { ...n, gone: true } : n));
    });
  };

  const departments = useMemo(() => {
    const seen = new Map<string, string>();
    for (const i of queue?.items ?? []) if (i.step) seen.set(i.step.department.code, i.step.department.name);
    return [...seen].map(([code, name]) => ({ code, name }));
  }, [queue]);

  const shown = useMemo(() => {
    let items = queue?.items ?? [];
    if (department !== 'all') items = items.filter((i) => i.step?.department.code === department);
    if (filter !== 'all') items = items.filter((i) => i.urgency === filter);
    if (search.trim()) items = matching(items, search);
    return items;
  }, [queue, filter, department, search]);

  const contact = [staff.displayName, centre?.phone ? `ĐT ${centre.phone}` : ''].filter(Boolean).join(', ');
  // A leader heads several departments: their names are in the department filter, not in this line.
  const scope = !queue ? '' : queue.departments.length === 1 ? queue.departments[0]!.name : queue.departments.length > 1 ? `${queue.departments.length} bộ phận bạn phụ trách` : '';

  if (!queue) {
    return error ? (
      <main class={s.main}>
        <div class={s.errorBox} role="alert">
          <p>Không tải được danh sách việc: {error.message}</p>
          <button type="button" class={s.button} onClick={() => void load()}>
            Thử lại
          </button>
        </div>
      </main>
    ) : (
      <div class="app-loading">Đang tải danh sách việc…</div>
    );
  }

  return (
    <main class={s.main} data-testid="work-queue">
      <div class={s.toolbar}>
        <div class={s.toolbarText}>
          <h1 class={s.title}>
            Việc cần xử lý{' '}
            <span class={s.titleEn} lang="en">
              My work
            </span>
          </h1>
          <p class={s.asOf} aria-live="polite">
            {scope && <span>{scope} · </span>}
            Cập nhật lúc <strong>{clockTime(queue.asOf)}</strong>
            {error && <span class={s.stale}> · Không làm mới được ({error.message}), đang hiển thị danh sách cũ</span>}
          </p>
        </div>
        <form
          class={s.search}
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            void openByQuery(search);
          }}
        >
          <label for="work-search" class="visually-hidden">
            Tìm hồ sơ theo mã, hoặc quét giấy hẹn
          </label>
          <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" class={s.searchIcon}>
            <circle cx="7.5" cy="7.5" r="5.5" fill="none" stroke="currentColor" stroke-width="1.8" />
            <path d="m11.5 11.5 4.5 4.5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
          </svg>
          <input
            id="work-search"
            type="search"
            autocomplete="off"
            spellcheck={false}
            placeholder="Mã hồ sơ, hoặc quét giấy hẹn"
            value={search}
            aria-invalid={searchError ? true : undefined}
            aria-describedby={searchError ? 'work-search-error' : undefined}
            onInput={(e) => {
              setSearch(e.currentTarget.value);
              setSearchError(null);
            }}
            data-testid="work-search"
          />
          <button type="submit" class={s.searchButton}>
            Mở
          </button>
        </form>
        <button type="button" class={s.button} onClick={() => void load()} disabled={loading} data-testid="work-refresh">
          {loading ? 'Đang làm mới…' : 'Làm mới'}
        </button>
      </div>
      {searchError && (
        <p class={s.searchError} id="work-search-error" role="alert">
          {searchError}
        </p>
      )}

      <div class={s.filters} role="group" aria-label="Lọc theo thời hạn">
        <button type="button" class={cx(s.filter, s['filter-all'], filter === 'all' && s.filterOn)} aria-pressed={filter === 'all'} onClick={() => setFilter('all')} data-testid="filter-all">
          <span class={s.filterLabel}>Tất cả</span>
          <span class={s.filterCount}>{queue.items.length}</span>
        </button>
        {URGENCY_ORDER.map((u) => (
          <button
            type="button"
            key={u}
            class={cx(s.filter, s[`filter-${u}`], filter === u && s.filterOn, counts[u] === 0 && s.filterZero)}
            aria-pressed={filter === u}
            onClick={() => setFilter(filter === u ? 'all' : u)}
            data-testid={`filter-${u}`}
          >
            <span class={s.filterLabel}>
              <UrgencyIcon urgency={u} />
              {URGENCIES[u].short.vi}
            </span>
            <span class={s.filterCount}>{counts[u]}</span>
          </button>
        ))}
      </div>

      {departments.length > 1 && (
        <div class={s.deptPick}>
          <label for="work-dept">Bộ phận đang giữ hồ sơ</label>
          <select id="work-dept" value={department} onChange={(e) => setDepartment(e.currentTarget.value)}>
            <option value="all">Tất cả bộ phận ({queue.items.length})</option>
            {departments.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name} ({queue.items.filter((i) => i.step?.department.code === d.code).length})
              </option>
            ))}
          </select>
        </div>
      )}

      {shown.length === 0 ? (
        <div class={s.empty} data-testid="work-empty">
          {queue.items.length === 0 ? (
            <>
              <p class={s.emptyTitle}>Không có hồ sơ nào đang chờ bạn xử lý.</p>
              <p lang="en">Nothing is waiting for you.</p>
            </>
          ) : (
            <>
              <p class={s.emptyTitle}>Không có hồ sơ nào khớp với bộ lọc.</p>
              <button
                type="button"
                class={s.button}
                onClick={() => {
                  setFilter('all');
                  setDepartment('all');
                  setSearch('');
                }}
              >
                Xem tất cả
              </button>
            </>
          )}
        </div>
      ) : (
        <ul class={s.list} aria-label="Hồ sơ cần xử lý, việc gấp nhất trước">
          {shown.map((item) => (
            <WorkRow
              key={item.code}
              item={item}
              asOf={queue.asOf}
              me={staff.displayName}
              busy={busyCode === item.code}
              onOpen={() => openPanel(item.code)}
              onAction={(a) => act(item, a)}
            />
          ))}
        </ul>
      )}

      {notice && (
        <div class={s.toast} role="status" data-testid="work-notice">
          <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" class={s.toastIcon}>
            <circle cx="12" cy="12" r="11" fill="currentColor" />
            <path d="m7 12.5 3.2 3.2L17 9" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
          <div class={s.toastText}>
            <p>{notice.message}</p>
            {notice.gone && <p class={s.toastSub}>Hồ sơ đã rời khỏi danh sách việc của bạn.</p>}
          </div>
          <div class={s.toastButtons}>
            {notice.slip && (
              <a class={s.toastLink} href={slipHref(notice.code, notice.slip.kind)} target="_blank" rel="noopener" title={slipTitle(notice.slip.kind, notice.slip.at)}>
                In phiếu (PDF)
              </a>
            )}
            <button type="button" class={s.toastLink} onClick={() => openPanel(notice.code)}>
              Xem hồ sơ
            </button>
            <button type="button" class={s.toastClose} onClick={() => setNotice(null)} aria-label="Đóng thông báo">
              ✕
            </button>
          </div>
        </div>
      )}

      {panel && (
        <DossierPanel
          code={panel.code}
          detail={panel.detail}
          error={panel.error}
          item={itemOf(panel.code)}
          asOf={queue.asOf}
          printer={printer}
          onAction={(a) => {
            const item = itemOf(panel.code);
            if (item) act(item, a);
          }}
          onRetry={() => openPanel(panel.code)}
          onClose={() => setPanel(null)}
        />
      )}

      {dialog && (
        <ActionDialog
          key={`${dialog.item.code}:${dialog.action}`}
          item={dialog.item}
          action={dialog.action}
          detail={panel?.code === dialog.item.code ? panel.detail : null}
          contact={contact}
          printer={printer}
          onDone={done}
          onClose={() => setDialog(null)}
          onAuthError={onAuthError}
          onStale={() => void load()}
        />
      )}
    </main>
  );
}

/** Rows whose code, procedure or masked name contains the text (accents and case as typed, NFC). */
function matching(items: readonly WorkItem[], text: string): WorkItem[] {
  const q = nfc(text.trim()).toLocaleLowerCase('vi');
  if (!q) return [...items];
  return items.filter((i) => i.code.toLowerCase().includes(q) || i.procedure.name.toLocaleLowerCase('vi').includes(q) || i.applicantMasked.toLocaleLowerCase('vi').includes(q));
}
