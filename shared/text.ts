/**
 * Text at the edge. Vietnamese arrives both precomposed (NFC) and decomposed (NFD: "ê" + combining
 * acute) depending on the keyboard and the OS; stored text and comparisons need one form, and pdfkit
 * draws decomposed marks wrongly. Everything is normalised to NFC on the way in.
 */
const NON_ASCII = /[\u0080-\uffff]/;
export function nfc(text: string): string {
  // ASCII is already NFC: the test is cheaper than ICU's pass (a kiosk lookup's key, every request).
  return NON_ASCII.test(text) ? text.normalize('NFC') : text;
}

/** NFC every string inside a JSON-like value, leaving everything else alone. */
/**
 * How deeply a parsed JSON value nests (a scalar is 0, `[1]` is 1), counted without recursion and
 * stopping once past `limit`: a body nested thousands deep must be refused, not walked until the
 * stack runs out.
 */
export function nestingExceeds(value: unknown, limit: number): boolean {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, depth: depth + 1 });
  }
  return false;
}

export function deepNfc<T>(value: T): T {
  if (typeof value === 'string') return nfc(value) as T;
  if (Array.isArray(value)) return value.map((v) => deepNfc(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepNfc(v);
    return out as T;
  }
  return value;
}

/** Collapses runs of white space and trims: what a clerk meant, not what the keyboard produced. */
export function tidy(text: string): string {
  return nfc(text).replace(/\s+/g, ' ').trim();
}

/**
 * A public-screen name: each word's first letter and asterisks, "Nguyễn Văn An" → "N*** V*** A***".
 * Enough for a citizen to recognise their own dossier, not enough to identify them (one-stop rules
 * §8). The word count is kept; the length of each word is not.
 */
export function maskName(fullName: string): string {
  return tidy(fullName)
    .split(' ')
    .filter(Boolean)
    .map((word) => `${Array.from(word)[0]?.toLocaleUpperCase('vi') ?? ''}***`)
    .join(' ');
}
