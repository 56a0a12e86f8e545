/**
 * Training mode's clock, as the screens and an administrator see it. Moving the clock is an
 * administrator's act, recorded in the audit log; it may go forward freely (to show tomorrow's late
 * dossiers) and back only as far as the latest event already in the dossiers' history.
 *
 * Why not further back: every history event is appended with the centre's time and sealed into the
 * hash chain in order (server/dossiers), dossier codes and register numbers are counted per day as
 * dossiers arrive, and the kiosk, the control sheet and `motcua audit verify` read the history as
 * something that happened in that order. A clock set before the latest event would append events
 * dated before ones already recorded, and hand out a day's dossier numbers after the day had moved
 * on, which is exactly the kind of record the chain exists to expose. Trainees who need an earlier
 * morning start a new training database (`--clock` on a fresh --db).
 */
import { toVnIso, vnParts } from '../../shared/time.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { Staff } from '../auth/service.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { TrainingClock } from './clock.ts';
import type { TrainingRepo } from './repo.ts';

export type TrainingService = ReturnType<typeof trainingService>;

const pad = (n: number) => String(n).padStart(2, '0');
const secondsAndDate = (at: Date) => {
  const p = vnParts(at);
  return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ngày ${pad(p.day)}/${pad(p.month)}/${p.year}`;
};

/**
 * Why the centre's clock may not be set to `at`, or null. The calendar covers only some years (an
 * intake outside them cannot get an appointment), and history never goes backwards.
 */
export function clockRefusal(at: Date, latestHistoryAt: string | null, years: { first: number; last: number }): AppError | null {
  const year = vnParts(at).year;
  if (year < years.first || year > years.last) {
    return new AppError('OUT_OF_CALENDAR', { field: 'now', firstYear: years.first, lastYear: years.last }, `Đồng hồ đào tạo chỉ đặt được trong các năm ${years.first}–${years.last} (lịch làm việc của Trung tâm).`);
  }
  if (latestHistoryAt !== null && toVnIso(at) < latestHistoryAt) {
    const latest = new Date(Date.parse(latestHistoryAt));
    return new AppError(
      'CLOCK_BEFORE_HISTORY',
      { latestEventAt: latestHistoryAt },
      `Không lùi đồng hồ về trước ${secondsAndDate(latest)} được: lịch sử hồ sơ đã ghi sự kiện vào lúc đó, và lịch sử không được đi ngược thời gian. Hãy chọn thời điểm từ lúc đó trở đi.`,
    );
  }
  return null;
}

export function trainingService(deps: { repo: TrainingRepo; audit: AuditRepo; clock: Clock; training: TrainingClock | null; calendarYears: () => { first: number; last: number } }) {
  return {
    /** Public: whether this is a training database and the centre's time, for the banner. */
    state: () => ({ training: deps.training !== null, now: toVnIso(deps.clock()) }),

    /** Sets the training clock (an administrator's act, recorded); only ever called in training mode. */
    setClock(at: Date, staff: Staff): { training: true; now: string } {
      const training = deps.training;
      if (!training) throw new AppError('NOT_FOUND');
      const refusal = clockRefusal(at, deps.repo.latestHistoryAt(), deps.calendarYears());
      if (refusal) throw refusal;
      const from = training.now();
      training.set(at);
      // Dated with the centre's time when the administrator acted; the real time goes in the detail,
      // so a trainer reading the log later can tell the two apart.
      deps.audit.recordStaff({ at: toVnIso(from), staff_id: staff.id, action: 'set_training_clock', detail: { from: toVnIso(from), to: toVnIso(at), realAt: toVnIso(training.base()) } });
      return { training: true, now: toVnIso(training.now()) };
    },
  };
}
