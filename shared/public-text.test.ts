import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { folded, numbersIn, personalDataCheck, wordsOf } from './public-text.ts';

const an = personalDataCheck({ fullName: 'Nguyễn Văn An', idNumber: '038190012345', phone: '0381234567', email: 'an.nv@example.com', address: 'Số 12 ngõ Bình Minh, xã Minh An' });
const dung = personalDataCheck({ fullName: 'Phạm Thị Dung', idNumber: '001203004005', phone: '0912345678', email: 'dung.pt@example.com', address: 'Thôn Tây, xã Minh An' });
const hoa = personalDataCheck({ fullName: 'Nguyễn Minh Hòa', idNumber: '036095001122', phone: '0987654321', email: '', address: 'Xã Bình Minh' });

describe('the normal form', () => {
  it('lower case, one space for every run of separators, invisible characters gone; folded drops diacritics and đ', () => {
    expect(wordsOf('NGUYỄN_Văn/An, .-·  x')).toBe('nguyễn văn an x');
    expect(wordsOf('Ngu\u200byễn\u00adVăn\ufeffAn')).toBe('nguyễnvănan');
    expect(folded('Đặng  Thị—Đào')).toBe('dang thi dao');
    // Decomposed input (NFD) is the same text.
    expect(folded('Nguye\u0302\u0303n')).toBe('nguyen');
  });

  it('numbers are joined across separators but not across letters, dates or times', () => {
    expect(numbersIn('gọi 038.123.4567 hoặc 0 3 8 1 2 3 4 5 6 7 hoặc +84 38 123 4567')).toEqual(['0381234567', '0381234567', '84381234567']);
    expect(numbersIn('hẹn 15/12/2026 lúc 09:30, 2 bản')).toEqual(['2']);
    expect(numbersIn('hẹn 15-12-2026 09:30')).toEqual([]);
  });
});

describe('the applicant’s name, however it is written, is refused', () => {
  const tries = [
    'Nguyễn Văn An xin rút hồ sơ', // spaces
    'Nguyễn_Văn_An xin rút hồ sơ', // underscores
    'Nguyễn/Văn/An xin rút hồ sơ', // slashes
    'Nguyễn,Văn,An xin rút hồ sơ', // commas
    'Nguyễn-Văn-An xin rút hồ sơ', // dashes
    'Nguyễn.Văn.An xin rút hồ sơ', // dots
    'Nguyen Van An xin rut ho so', // no diacritics
    'NGUYỄN VĂN AN XIN RÚT', // upper case
    'nGuYeN_vAn/an xin rút', // mixed
    'Nguyễn · Văn · An', // middle dots
    'Ngu\u200byễn Văn An', // a zero-width space inside a word
    'Nguye\u0302\u0303n Va\u0306n An', // decomposed (NFD)
    'nguyenvanan xin rút', // run together
    'NguyễnVănAn xin rút',
    'Nguyễn VănAn xin rút',
    'N g u y e n V a n A n xin rút', // spaced letters
    'N_g_u_y_e_n_V_a_n_A_n',
    'ông An xin rút', // a form of address with the given name
    'Văn An xin rút', // a middle name with the given name
    'Nguyễn_An xin rút', // the family name with the given name
    'N.V.An xin rút', // initials
    'N. V. An xin rút',
    'Nguyen An xin rut', // no diacritics: the family name with the given name
    'ban dia chi Bình Minh: Số 12 ngõ Bình Minh', // the address's first part
    'Số_12_ngõ_Bình_Minh',
    'thư an.nv@example.com',
    'thư an_nv (at) example.com',
    'CCCD 038190012345',
    'CCCD 038-190-012-345',
    'CCCD 0 3 8 1 9 0 0 1 2 3 4 5',
    'gọi 038.123.4567',
    'gọi 038 123 4567',
    'gọi +84 38 123 4567',
    'gọi (+84) 381-234-567',
    'gọi 0381\u200b234567',
    'gọi ０３８１２３４５６７', // full-width digits
    'số lạ 0912 345 678', // any phone-shaped number
    'x@y.vn',
  ];
  it.each(tries)('%s', (text) => {
    expect(an(text)).toBe(true);
  });

  it('the name of another applicant is found the same ways', () => {
    for (const t of ['Pham_Thi_Dung', 'PHAM/THI/DUNG', 'phamthidung', 'P.T.Dung rút', 'bà Dung rút', 'Thị Dung rút', 'Phạm Dung rút', 'Pham Dung rut', 'P T Dung rut']) expect([t, dung(t)]).toEqual([t, true]);
  });
});

describe('ordinary text is accepted', () => {
  const ordinary = [
    'Người nộp hồ sơ có đơn xin rút',
    'Thiếu bản sao giấy khai sinh, cần bổ sung bản chính',
    'Chờ xác minh tại xã Minh An', // the commune every applicant shares
    'Hồ sơ an toàn, đủ điều kiện',
    'Văn bản trả lời của Sở Tư pháp', // "Văn" alone is a word
    'Bình thường, đủ giấy tờ',
    'Dữ liệu minh họa',
    'Chờ ý kiến phòng Văn hóa – Thông tin',
    'Hẹn lại ngày 15/12/2026 lúc 09:30',
    'Hẹn lại 15-12-2026 09:30, mang 2 bản sao',
    'Tờ khai mẫu số 01/2016, quyết định 1234/QĐ-UBND',
    'neu thieu thi dung ban sao', // "thì dùng", no diacritics
    'co dung ban chinh khong', // "có dùng"
    'Đã an toàn, văn thư nhận',
  ];
  it.each(ordinary)('%s', (text) => {
    expect([an(text), dung(text), hoa(text)]).toEqual([false, false, false]);
  });

  it('the parts of a name keep their diacritics in a text that has any: "minh họa" is not Nguyễn Minh Hòa', () => {
    expect(hoa('Dữ liệu minh họa')).toBe(false);
    expect(hoa('Anh Minh Hòa xin rút')).toBe(true);
    expect(hoa('Nguyen_Minh_Hoa')).toBe(true);
  });

  it('text built from ordinary words and short numbers never matches (property)', () => {
    const words = ['hồ', 'sơ', 'bản', 'sao', 'giấy', 'tờ', 'chờ', 'xác', 'minh', 'thư', 'an', 'toàn', 'bình', 'thường', 'lý', 'do', 'bổ', 'sung', 'xã', 'phòng', 'ngày', 'dùng', 'thì', 'có'];
    const token = fc.oneof(fc.constantFrom(...words), fc.integer({ min: 0, max: 99_999 }).map(String));
    const sep = fc.constantFrom(' ', ', ', ' - ', '; ', ': ');
    fc.assert(
      fc.property(fc.array(fc.tuple(token, sep), { minLength: 1, maxLength: 20 }), (parts) => {
        const text = parts.map(([w, s]) => w + s).join('');
        // Two numbers side by side may join into a phone-shaped one; that refusal is intended.
        fc.pre(numbersIn(text).every((d) => d.length < 9));
        return !an(text) && !dung(text);
      }),
      { numRuns: 2000 },
    );
  });
});
