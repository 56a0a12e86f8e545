import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RATING_LEVELS, RATING_LEVEL_KEYS, RATING_REASONS, headlineOf, outcomeWording, ratingOpen, timeLeftWording, todoOf } from './kiosk.ts';
import { DOSSIER_STATUS_KEYS } from './vocabulary.ts';

const at = (name: string, departmentName = 'Phòng Kinh tế') => ({ name, departmentName });

describe('the headline', () => {
  it('says what is being done and where, from the step’s name', () => {
    expect(headlineOf({ status: 'processing', step: at('Thẩm định hồ sơ, kiểm tra thực địa, dự thảo giấy phép') }).vi).toBe('Hồ sơ đang được thẩm định tại Phòng Kinh tế');
    expect(headlineOf({ status: 'processing', step: at('Thẩm định hồ sơ, kiểm tra thực địa, dự thảo giấy phép') }).en).toBe('Your dossier is being assessed at Phòng Kinh tế');
    expect(headlineOf({ status: 'processing', step: at('Ký giấy phép xây dựng', 'Lãnh đạo UBND xã') }).vi).toBe('Hồ sơ đang chờ ký duyệt tại Lãnh đạo UBND xã');
    expect(headlineOf({ status: 'received', step: at('Tiếp nhận, kiểm tra hồ sơ', 'Trung tâm') }).vi).toBe('Hồ sơ đang được tiếp nhận, kiểm tra tại Trung tâm');
    // The longest matching start wins: "Thu phí, trả kết quả" is a handover, "Trích lục/kiểm tra trích đo" a survey.
    expect(headlineOf({ status: 'processing', step: at('Thu phí, trả kết quả') }).vi).toBe('Hồ sơ đang chờ trả kết quả tại Phòng Kinh tế');
    expect(headlineOf({ status: 'processing', step: at('Trích lục/kiểm tra trích đo, xác nhận hiện trạng') }).vi).toBe('Hồ sơ đang được đo đạc, xác minh tại Phòng Kinh tế');
    expect(headlineOf({ status: 'processing', step: at('Trình cấp GCN sau khi hoàn thành nghĩa vụ tài chính') }).vi).toBe('Hồ sơ đang được trình ký tại Phòng Kinh tế');
  });

  it('names an unknown step as it is rather than guessing a verb', () => {
    expect(headlineOf({ status: 'processing', step: at('Niêm yết công khai') }).vi).toBe('Hồ sơ đang ở bước “Niêm yết công khai” tại Phòng Kinh tế');
  });

  it('reads the step name whatever its Unicode form or case', () => {
    expect(headlineOf({ status: 'processing', step: at('THẨM ĐỊNH HỒ SƠ'.normalize('NFD')) }).vi).toBe('Hồ sơ đang được thẩm định tại Phòng Kinh tế');
  });

  it('follows the status once no step is in progress, and says how a posted result travels', () => {
    expect(headlineOf({ status: 'awaiting_supplement', step: at('Thẩm định hồ sơ') }).vi).toBe('Hồ sơ đang chờ ông/bà nộp bổ sung giấy tờ');
    expect(headlineOf({ status: 'ready', step: null }).vi).toBe('Đã có kết quả, mời ông/bà đến nhận');
    expect(headlineOf({ status: 'ready', step: null, returnMethod: 'post' }).vi).toBe('Đã có kết quả, đang gửi qua bưu điện');
    expect(headlineOf({ status: 'refused', step: at('Thẩm định hồ sơ') }).vi).toBe('Hồ sơ không được giải quyết');
  });

  it('is worded in both languages for every status, with or without a step', () => {
    for (const status of DOSSIER_STATUS_KEYS) {
      for (const step of [null, at('Thẩm định hồ sơ')]) {
        const w = headlineOf({ status, step });
        expect(w.vi.length, status).toBeGreaterThan(10);
        expect(w.en.length, status).toBeGreaterThan(10);
        expect(w.vi, status).toBe(w.vi.normalize('NFC'));
      }
    }
  });
});

describe('what the citizen has to do', () => {
  it('nothing while on time; ask at the counter once late; bring documents; collect; rate', () => {
    expect(todoOf('processing', false).kind).toBe('nothing');
    expect(todoOf('processing', true).kind).toBe('ask_counter');
    expect(todoOf('awaiting_supplement', false).kind).toBe('bring_documents');
    expect(todoOf('ready', false).kind).toBe('collect');
    expect(todoOf('ready', false, 'post').kind).toBe('wait_post');
    expect(todoOf('returned', false).kind).toBe('rate');
    expect(todoOf('refused', false).kind).toBe('ask_counter');
    expect(todoOf('withdrawn', false).kind).toBe('done');
  });
});

describe('time left', () => {
  it('in hours up to a working day, then in half days, past or to come', () => {
    expect(timeLeftWording(0)).toEqual({ vi: 'Đến hạn ngay bây giờ', en: 'Due now' });
    expect(timeLeftWording(0, true)).toEqual({ vi: 'Đã quá giờ hẹn', en: 'Past the appointment time' });
    expect(timeLeftWording(30)).toEqual({ vi: 'Còn 1 giờ làm việc', en: '1 working hour left' });
    expect(timeLeftWording(480)).toEqual({ vi: 'Còn 8 giờ làm việc', en: '8 working hours left' });
    expect(timeLeftWording(481)).toEqual({ vi: 'Còn 1 ngày làm việc', en: '1 working day left' });
    expect(timeLeftWording(3 * 480 + 240)).toEqual({ vi: 'Còn 3,5 ngày làm việc', en: '3.5 working days left' });
    expect(timeLeftWording(-90)).toEqual({ vi: 'Quá hẹn 2 giờ làm việc', en: '2 working hours past the appointment' });
    expect(timeLeftWording(-2 * 480)).toEqual({ vi: 'Quá hẹn 2 ngày làm việc', en: '2 working days past the appointment' });
  });

  it('says "past" exactly when the minutes are negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (m) => {
        const w = timeLeftWording(m);
        expect(w.vi.startsWith('Quá hẹn')).toBe(m < 0);
        expect(w.en.includes('past')).toBe(m < 0);
      }),
    );
  });
});

describe('ratings', () => {
  it('open only once the result is handed over', () => {
    expect(DOSSIER_STATUS_KEYS.filter(ratingOpen)).toEqual(['returned']);
  });

  it('five levels, best first, and reasons worded in both languages', () => {
    expect(RATING_LEVEL_KEYS.map((k) => RATING_LEVELS[k].score)).toEqual([5, 4, 3, 2, 1]);
    expect(RATING_LEVELS.very_dissatisfied.vi).toBe('Rất không hài lòng');
    for (const r of Object.values(RATING_REASONS)) expect(r.vi && r.en).toBeTruthy();
  });
});

describe('outcomeWording', () => {
  it('says before, on or after the appointment’s day by the day, its time to the minute, and how late', () => {
    expect(outcomeWording('early', 'day', 0)).toEqual({ vi: 'Có kết quả trước ngày hẹn', en: 'Result ready before the appointment day' });
    expect(outcomeWording('early', 'minute', 0)).toEqual({ vi: 'Có kết quả trước giờ hẹn', en: 'Result ready before the appointment time' });
    expect(outcomeWording('on_time', 'minute', 0).vi).toBe('Có kết quả đúng hẹn');
    expect(outcomeWording('late', 'day', 540)).toEqual({ vi: 'Có kết quả trễ hẹn (quá hẹn 1 ngày làm việc)', en: 'Result ready late (1 working day past the appointment)' });
    // Late after closing time with no working minute since: late, without an amount.
    expect(outcomeWording('late', 'minute', 0)).toEqual({ vi: 'Có kết quả trễ hẹn', en: 'Result ready late' });
  });
});
