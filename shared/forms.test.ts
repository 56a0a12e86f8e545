import { describe, expect, it } from 'vitest';
import { formOn } from './forms.ts';

describe('form sets by effective date', () => {
  it('numbers the control sheet 05 until 30/06/2025 and 06 from 01/07/2025; the register 06 then 07', () => {
    expect(formOn('controlSheet', '2025-06-30')).toMatchObject({ number: '05', basis: 'Thông tư 01/2018/TT-VPCP' });
    expect(formOn('controlSheet', '2025-07-01')).toMatchObject({ number: '06', basis: 'Thông tư 03/2025/TT-VPCP' });
    expect(formOn('register', '2024-01-01').number).toBe('06');
    expect(formOn('register', '2026-11-27').number).toBe('07');
  });
  it('renames the apology in 2025 and has "stop processing" only from then', () => {
    expect(formOn('apology', '2025-01-01').title).toBe('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(formOn('apology', '2025-07-01').title).toBe('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
    // Before 01/07/2025 there was no stop form: a plain notice, without a number, under the 2018 set.
    expect(formOn('stop', '2024-05-01')).toEqual({ number: null, title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', basis: 'Thông tư 01/2018/TT-VPCP' });
    expect(() => formOn('stop', '2018-01-01')).toThrow(RangeError);
    expect(formOn('stop', '2026-01-01').number).toBe('05');
  });
});
