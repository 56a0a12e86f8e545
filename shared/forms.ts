/**
 * The official forms, versioned by the date they took effect (one-stop rules §1, §3): Circular
 * 01/2018/TT-VPCP until 30/06/2025, Circular 03/2025/TT-VPCP from 01/07/2025, which renames the
 * apology, adds "stop processing" and renumbers the control sheet and the register. A paper takes the
 * set in force on the date of the act it records.
 */
export type FormKind = 'receipt' | 'supplement' | 'refusal' | 'apology' | 'stop' | 'controlSheet' | 'register';

export interface FormSpec {
  /** Null: the set has no official form for this paper, which is then a plain notice without a number. */
  readonly number: string | null;
  readonly title: string;
}

export interface FormSet {
  /** `YYYY-MM-DD`, Vietnam date from which the set applies. */
  readonly from: string;
  readonly basis: string;
  readonly forms: Partial<Record<FormKind, FormSpec>>;
}

export const FORM_SETS: readonly FormSet[] = [
  {
    from: '2018-08-21',
    basis: 'Thông tư 01/2018/TT-VPCP',
    forms: {
      receipt: { number: '01', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' },
      supplement: { number: '02', title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ' },
      refusal: { number: '03', title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ' },
      apology: { number: '04', title: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ' },
      controlSheet: { number: '05', title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ' },
      register: { number: '06', title: 'SỔ THEO DÕI HỒ SƠ' },
      // The 2018 set had no stop form (it came with Circular 03/2025): a dossier stopped before
      // 01/07/2025 still gets its notice, plain, without a form number, as the law then had it.
      stop: { number: null, title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ' },
    },
  },
  {
    from: '2025-07-01',
    basis: 'Thông tư 03/2025/TT-VPCP',
    forms: {
      receipt: { number: '01', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' },
      supplement: { number: '02', title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ' },
      refusal: { number: '03', title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ' },
      apology: { number: '04', title: 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT' },
      stop: { number: '05', title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ' },
      controlSheet: { number: '06', title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ' },
      register: { number: '07', title: 'SỔ THEO DÕI HỒ SƠ' },
    },
  },
];

/** The form of a kind in force on a Vietnam date (`YYYY-MM-DD`), with the set's legal basis. */
export function formOn(kind: FormKind, date: string): FormSpec & { basis: string } {
  const set = [...FORM_SETS].reverse().find((s) => s.from <= date && s.forms[kind]);
  if (!set) throw new RangeError(`no ${kind} form in force on ${date}`);
  return { ...set.forms[kind]!, basis: set.basis };
}
