/**
 * Fonts for official papers. pdfkit's built-in fonts have no Vietnamese letters, so we embed Noto
 * Serif (close to the Times New Roman of printed government forms, and it covers every Vietnamese
 * letter). Parsed once per process: handing pdfkit a parsed fontkit Font avoids re-parsing ~500 KB
 * per receipt (measured: about 2.5× faster).
 */
import * as fontkit from 'fontkit';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const FILES = {
  regular: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  italic: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
} as const;

export type FontFace = keyof typeof FILES;
// fontkit's typings do not describe the Font object pdfkit accepts; only `hasGlyphForCodePoint` is used here.
export interface LoadedFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

let cache: Record<FontFace, LoadedFont> | null = null;

export function receiptFonts(): Record<FontFace, LoadedFont> {
  if (!cache) {
    const open = (file: string) => (fontkit as unknown as { openSync(p: string): LoadedFont }).openSync(require.resolve(file));
    cache = { regular: open(FILES.regular), bold: open(FILES.bold), italic: open(FILES.italic) };
  }
  return cache;
}

/**
 * The fonts for a new document. fontkit keeps each glyph object it has made, with the characters it
 * was made for, and pdfkit builds a document's text layer from those characters: a glyph first made
 * in an earlier document could carry the wrong ones, and pdftotext then lost the "O" of "OÒÓỎÕỌ" (the
 * printed glyphs were right; search and copy-paste were not). Forgetting the glyph objects keeps the
 * parsed tables, so this costs next to nothing, unlike parsing the fonts again (6× slower receipts).
 */
export function fontsForNewDocument(): Record<FontFace, LoadedFont> {
  const fonts = receiptFonts();
  for (const font of Object.values(fonts)) (font as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
  return fonts;
}

/** Characters of `text` the font cannot draw: pdfkit would drop them silently. */
export function missingGlyphs(text: string, face: FontFace = 'regular'): string[] {
  const font = receiptFonts()[face];
  return [...new Set(Array.from(text.normalize('NFC')))].filter((ch) => !/\s/.test(ch) && !font.hasGlyphForCodePoint(ch.codePointAt(0)!));
}
