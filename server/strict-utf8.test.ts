import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Error, decodeUtf8 } from './strict-utf8.ts';

const failure = (bytes: number[]) => {
  try {
    decodeUtf8(Uint8Array.from(bytes));
  } catch (e) {
    if (e instanceof Utf8Error) return { offset: e.offset, line: e.line, column: e.column, byte: e.byte };
    throw e;
  }
  return null;
};
const ascii = (s: string) => [...Buffer.from(s)];

describe('strict UTF-8', () => {
  it('decodes UTF-8, dropping a byte-order mark', () => {
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('Tết Nguyên đán')]))).toBe('Tết Nguyên đán');
  });

  it.each([
    ['a Latin-1 letter', [...ascii('{\n "a": "T'), 0xea, ...ascii('t"}')], { offset: 10, line: 2, column: 9, byte: 0xea }],
    ['a stray continuation byte', [...ascii('ab\ncd'), 0x80], { offset: 5, line: 2, column: 3, byte: 0x80 }],
    ['0xFF', [0x61, 0xff, 0x62], { offset: 1, line: 1, column: 2, byte: 0xff }],
    ['a sequence cut at the end', [...ascii('ab\nx'), 0xe1, 0xbb], { offset: 4, line: 2, column: 2, byte: 0xe1 }],
    ['an overlong form', [0x61, 0xc0, 0xaf], { offset: 1, line: 1, column: 2, byte: 0xc0 }],
    ['an encoded surrogate', [0x61, 0x62, 0xed, 0xa0, 0x80], { offset: 2, line: 1, column: 3, byte: 0xed }],
  ])('refuses %s, naming its line and byte', (_name, bytes, where) => {
    expect(failure(bytes)).toEqual(where);
  });

  it('names the first bad byte after any valid text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xf5, 0xff), fc.string(), (before, bad, after) => {
        const head = [...Buffer.from(before)];
        const f = failure([...head, bad, ...Buffer.from(after)]);
        return f !== null && f.offset === head.length && f.byte === bad && f.line === before.split('\n').length;
      }),
    );
  });
});
