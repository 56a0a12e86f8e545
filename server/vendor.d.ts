// fontkit ships no typings; receipts/fonts.ts uses only `openSync` and `hasGlyphForCodePoint`.
declare module 'fontkit';
