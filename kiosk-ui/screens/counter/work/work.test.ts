import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, eventKindLabel } from '../../../../shared/vocabulary.ts';
import { checkForm, emptyActionForm, newDueIso, otherDoc, placeProblems, toRequest } from './action-form.ts';
import { type HistoryEvent, describeEvent } from './history.ts';
import { doneMessage, slipTitle, slipsOf } from './outcome.ts';
import { countByUrgency, timeLeft, whenWords } from './urgency.ts';

const event = (kind: string, data: unknown, at = '2026-11-27T09:15:00+07:00'): HistoryEvent => ({ seq: 1, at, kind, actor: { username: 'officer', displayName: 'Trần Minh Đức' }, data });

describe('time left in words', () => {
  it('says the working time left, and how late a late step is', () => {
    expect(timeLeft({ minutesLeft: 150, urgency: 'today' })).toEqual({ vi: 'Còn 2 giờ 30 phút làm việc', en: '2 h 30 min of working time left' });
    expect(timeLeft({ minutesLeft: -70, urgency: 'late' })?.vi).toBe('Quá hạn 1 giờ 10 phút');
    expect(timeLeft({ minutesLeft: 480 * 2 + 60, urgency: 'fine' })?.vi).toBe('Còn 2 ngày 1 giờ làm việc');
  });

  it('a step due at 17:00 seen at 19:00 is late with no working minute between: "Đã quá hạn", not "0 phút"', () => {
    expect(timeLeft({ minutesLeft: 0, urgency: 'late' })?.vi).toBe('Đã quá hạn');
  });

  it('says nothing while the clock is stopped', () => {
    expect(timeLeft({ minutesLeft: null, urgency: 'paused' })).toBeNull();
  });

  it('names today and tomorrow in Vietnam time, whatever the device’s zone', () => {
    const asOf = '2026-11-27T23:30:00+07:00'; // 16:30 UTC: still the 27th in Vietnam
    expect(whenWords('2026-11-27T15:27:00+07:00', asOf).vi).toBe('15:27 hôm nay');
    expect(whenWords('2026-11-28T08:00:00+07:00', asOf).vi).toBe('08:00 ngày mai');
    expect(whenWords('2026-11-18T15:27:00+07:00', asOf).vi).toBe('15:27 18/11/2026');
  });

  it('counts every urgency, zero included', () => {
    expect(countByUrgency([{ urgency: 'late' }, { urgency: 'late' }, { urgency: 'paused' }])).toEqual({ late: 2, today: 0, tomorrow: 0, fine: 0, paused: 1, waiting: 0 });
  });
});

describe('history in words', () => {
  it('names every kind of event the server writes', () => {
    const kinds = ['received', 'step_accepted', 'step_completed', 'step_returned', 'supplement_requested', 'supplement_request_refused', 'supplement_received', 'apologized', 'refused', 'result_ready', 'returned', 'stopped', 'printed', 'print_failed'];
    for (const k of kinds) expect(Object.keys(EVENT_KINDS)).toContain(k);
    expect(eventKindLabel('something_new')).toEqual({ vi: 'something_new', en: 'something_new' });
  });

  it('a supplement request lists the documents, their counts and the basis of one outside the published list', () => {
    const words = describeEvent(
      event('supplement_requested', {
        reason: 'Thiếu giấy chứng sinh',
        documents: [{ name: 'Giấy chứng sinh', originals: 1, copies: 0 }, { name: 'Xác nhận cư trú', basis: 'Điều 9 Nghị định 123/2015/NĐ-CP', copies: 1 }],
        contact: 'Trần Minh Đức, ĐT 0237 000 0000',
      }),
    );
    expect(words.title.vi).toBe('Yêu cầu bổ sung hồ sơ');
    expect(words.lines).toEqual([
      'Lý do: Thiếu giấy chứng sinh',
      'Giấy tờ cần bổ sung:',
      '• Giấy chứng sinh (1 bản chính)',
      '• Xác nhận cư trú (1 bản sao) — căn cứ: Điều 9 Nghị định 123/2015/NĐ-CP',
      'Liên hệ: Trần Minh Đức, ĐT 0237 000 0000',
    ]);
  });

  it('a finished step says how it was judged and where the dossier went', () => {
    const words = describeEvent(
      event('step_completed', {
        seq: 2,
        step: 'Thẩm tra',
        departmentName: 'Văn phòng UBND xã',
        timeliness: 'late',
        lateMinutes: 70,
        to: { seq: 3, step: 'Ký', departmentName: 'Lãnh đạo UBND xã' },
      }),
    );
    expect(words.tone).toBe('warn');
    expect(words.lines).toEqual(['Bước 2: Thẩm tra — Văn phòng UBND xã', 'Quá hạn 1 giờ 10 phút làm việc', 'Chuyển tới bước 3: Ký — Lãnh đạo UBND xã']);
  });

  it('a result says how the dossier was judged against its first appointment, and by which rule', () => {
    expect(describeEvent(event('result_ready', { dossierTimeliness: 'on_time', dossierLateMinutes: 0, timelinessMode: 'day' })).lines).toEqual(['Hồ sơ: Đúng hạn so với ngày hẹn ban đầu (tính theo ngày)']);
    expect(describeEvent(event('result_ready', { dossierTimeliness: 'late', dossierLateMinutes: 300, timelinessMode: 'minute' })).lines).toEqual(['Hồ sơ: Quá hạn 5 giờ làm việc so với ngày hẹn ban đầu (tính đến từng phút)']);
    // Recorded before the setting existed: the judgement alone.
    expect(describeEvent(event('result_ready', { dossierTimeliness: 'early', dossierLateMinutes: 0 })).lines).toEqual(['Hồ sơ: Trước hạn so với ngày hẹn ban đầu']);
  });

  it('an old event without the fields says less rather than breaking', () => {
    expect(describeEvent(event('step_completed', { seq: 1, step: 'Tiếp nhận', fictional: true })).lines).toEqual(['Bước 1: Tiếp nhận']);
    expect(describeEvent(event('apologized', null)).lines).toEqual([]);
    expect(describeEvent(event('printed', { document: 'apology', reprint: 2 })).lines).toEqual(['Văn bản xin lỗi và hẹn lại ngày trả kết quả', 'Bản in lại lần 2']);
  });

  it('a refused supplement request gives the rule in words, not its code', () => {
    expect(describeEvent(event('supplement_request_refused', { why: 'SUPPLEMENT_WINDOW_PASSED', reason: 'x', documents: [] })).lines[0]).toMatch(/^Đã quá thời hạn được yêu cầu bổ sung/);
  });
});

describe('the action form', () => {
  it('turns the date and time typed in Vietnam time into ISO with +07:00', () => {
    expect(newDueIso('2026-12-03', '16:00')).toBe('2026-12-03T16:00:00+07:00');
    expect(newDueIso('2026-12-03', '')).toBeNull();
    expect(newDueIso('03/12/2026', '16:00')).toBeNull();
  });

  it('refuses a new appointment not after the current one, before sending', () => {
    const form = { ...emptyActionForm(''), reason: 'Chờ kết quả xác minh', date: '2026-12-03', time: '08:00' };
    expect(checkForm('apologize', form, '2026-12-03T16:00:00+07:00').newDueAt).toBe('Ngày hẹn mới phải sau ngày hẹn hiện tại.');
    expect(checkForm('apologize', { ...form, time: '16:30' }, '2026-12-03T16:00:00+07:00')).toEqual({});
  });

  it('a supplement needs a document, and one outside the published list its legal basis', () => {
    const other = { ...otherDoc(), name: 'Giấy xác nhận cư trú' };
    const form = { ...emptyActionForm('Trần Minh Đức'), reason: 'Thiếu giấy tờ', docs: [other] };
    expect(checkForm('request-supplement', { ...form, docs: [] }, '').documents).toMatch(/ít nhất một giấy tờ/);
    expect(checkForm('request-supplement', form, '')[`doc:${other.id}`]).toMatch(/căn cứ pháp lý/);
    const withBasis = { ...form, docs: [{ ...other, basis: 'Điều 9 Nghị định 123/2015/NĐ-CP', copies: '2' }] };
    expect(checkForm('request-supplement', withBasis, '')).toEqual({});
    expect(toRequest('request-supplement', withBasis).body).toEqual({
      type: 'request-supplement',
      reason: 'Thiếu giấy tờ',
      documents: [{ name: 'Giấy xác nhận cư trú', basis: 'Điều 9 Nghị định 123/2015/NĐ-CP', originals: 1, copies: 2 }],
      contact: 'Trần Minh Đức',
    });
  });

  it('names the step the person saw, so a second tap cannot pass the dossier on twice', () => {
    expect(toRequest('complete-step', { ...emptyActionForm(''), note: ' Đủ điều kiện ' }, 2).body).toEqual({ type: 'complete-step', step: 2, note: 'Đủ điều kiện' });
    expect(toRequest('return-result', emptyActionForm('', 'post')).body).toEqual({ type: 'return-result', method: 'post' });
  });

  it('places the server’s problems on the row that was sent, and keeps the rest for the box', () => {
    const placed = placeProblems(
      [
        { field: '/documents/1/basis', message: 'ghi căn cứ' },
        { field: '/reason', message: 'ghi lý do' },
        { field: '/somethingElse', message: 'lạ' },
      ],
      ['sd1', 'sd7'],
    );
    expect(placed.errors).toEqual({ 'doc:sd7': 'ghi căn cứ', reason: 'ghi lý do' });
    expect(placed.unplaced).toEqual([{ field: '/somethingElse', message: 'lạ' }]);
  });
});

describe('slips after an act', () => {
  it('numbers each slip by the form set in force on the day of the act', () => {
    expect(slipTitle('apology', '2025-06-30T10:00:00+07:00')).toBe('Văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)');
    expect(slipTitle('stop-notice', '2026-11-27T10:00:00+07:00')).toBe('Thông báo dừng giải quyết hồ sơ (Mẫu 05)');
    // The 2018 set had no stop form: the notice is named without a number.
    expect(slipTitle('stop-notice', '2025-06-30T10:00:00+07:00')).toBe('Thông báo dừng giải quyết hồ sơ');
    expect(slipTitle('control-sheet', '2026-11-27T10:00:00+07:00')).toMatch(/\(Mẫu 06\)$/);
    expect(slipTitle('control-sheet', '2025-01-02T10:00:00+07:00')).toMatch(/\(Mẫu 05\)$/);
  });

  it('offers only the slips whose act the history holds', () => {
    expect(slipsOf({ history: [event('received', {}), event('apologized', {}, '2026-11-28T10:00:00+07:00')] })).toEqual([{ kind: 'apology', at: '2026-11-28T10:00:00+07:00' }]);
  });

  it('confirms a handover with where the dossier went', () => {
    const detail = {
      code: 'X-1',
      dueAt: '2026-12-01T17:00:00+07:00',
      steps: [
        { seq: 1, state: 'done', name: 'Tiếp nhận', department: { code: 'A', name: 'Trung tâm' } },
        { seq: 2, state: 'in_progress', name: 'Thẩm tra', department: { code: 'B', name: 'Văn phòng UBND xã' } },
      ],
    } as unknown as Parameters<typeof doneMessage>[1];
    expect(doneMessage('complete-step', detail)).toBe('Đã hoàn thành bước và chuyển hồ sơ X-1 tới bước 2 — Văn phòng UBND xã.');
  });
});
