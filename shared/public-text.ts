/**
 * Keeping an applicant's identity out of text the public sees (a reason, a note or a document name
 * shown on the kiosk, the phone lookup and the apology board). Pure: the applicant's particulars in,
 * a test on a text out.
 *
 * Text is compared in a normal form, so that writing the name with other separators, without its
 * diacritics or in other case does not pass: NFC, invisible format characters (zero-width spaces,
 * soft hyphens) removed, lower case, every run of anything but letters and digits ("_", "/", ",",
 * ".", "-", "·", spaces) made one space; "folded" also drops the diacritics (đ → d).
 *
 * What is refused, and why ordinary text is not:
 * - the whole name, folded: it is two or more words in a row that spell exactly the applicant's name
 *   ("Nguyen_Van_An", "NGUYỄN-VĂN-AN"), and also when its letters are run together or spread out
 *   ("nguyenvanan", "N g u y e n V a n A n", "Nguyễn VănAn"): consecutive words whose letters,
 *   joined, are exactly the name's (for a name of 6 letters or more). A single word of the name alone ("An", "Bình", "Minh") is never
 *   enough: those are ordinary words;
 * - the given name after a family or middle name, after a form of address ("bà Dung") or after
 *   initials ("P.T.Dung"). These keep their diacritics when the text has any ("minh họa" is an
 *   ordinary phrase, not Nguyễn Minh Hòa); only a text written wholly without diacritics is compared
 *   folded, and then only after the family name or initials ("Pham Dung xin rut"; "thi dung" is
 *   also "thì dùng");
 * - the applicant's e-mail, address (or its first part, the house or hamlet), e-mail's local part;
 * - the applicant's ID number or phone, whatever separates its digits ("038.123.4567",
 *   "0 3 8 1 2 3 4 5 6 7", "+84 38 123 4567"), and any number shaped like one (9 digits or more,
 *   once dates and times are set aside), and anything shaped like an e-mail address.
 */

export interface ApplicantParticulars {
  readonly fullName: string;
  readonly idNumber: string;
  readonly phone: string;
  readonly email: string;
  readonly address: string;
}

/** Invisible format characters (zero-width space and joiners, soft hyphen, BOM, word joiner…). */
const FORMAT = /\p{Cf}/gu;
/** Anything that is not part of a word. Marks stay with their letters. */
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/gu;

/** Lower case, words separated by one space, diacritics kept. */
export function wordsOf(text: string): string {
  return text.normalize('NFC').replace(FORMAT, '').toLocaleLowerCase('vi').replace(SEPARATORS, ' ').trim();
}

/** As `wordsOf`, without diacritics (đ → d). */
export function folded(text: string): string {
  return wordsOf(text).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').normalize('NFC');
}

const hasDiacritics = (text: string) => /\p{M}|đ/iu.test(text.normalize('NFD'));
const FORMS_OF_ADDRESS = ['ông', 'bà', 'anh', 'chị', 'em', 'cô', 'chú', 'bác', 'cụ', 'con', 'cháu'];

/** Do consecutive words of `words`, joined, spell exactly `target`? */
function spelledBy(words: readonly string[], target: string): boolean {
  for (let i = 0; i < words.length; i++) {
    let joined = '';
    for (let j = i; j < words.length && joined.length < target.length; j++) {
      joined += words[j];
      if (joined === target) return true;
    }
  }
  return false;
}

/** Does `phrase` (words separated by single spaces) occur in `text` (the same) as whole words? */
const hasPhrase = (text: string, phrase: string) => phrase !== '' && ` ${text} `.includes(` ${phrase} `);

/**
 * Digits as a person might have written one number: runs of digits joined across short runs of
 * separators (spaces, dots, dashes, underscores, commas, a "+"), but not across letters, nor across a
 * date or a time, which are set aside first.
 */
export function numbersIn(text: string): string[] {
  const t = text
    .normalize('NFKC')
    .replace(FORMAT, '')
    .replace(/(?<!\d)\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d)/g, ' ; ') // dates
    .replace(/(?<!\d)\d{1,2}\s*[:h]\s*\d{2}(?!\d)/gi, ' ; '); // times
  return (t.match(/\d(?:[\s.\-_,·+()]{0,3}\d)*/g) ?? []).map((m) => m.replace(/\D/g, ''));
}

/** The forms a phone or ID number may take: as stored, and a phone with or without its country code. */
function numberForms(n: string): string[] {
  const d = n.replace(/\D/g, '');
  if (d.length < 6) return [];
  if (d.startsWith('84') && d.length >= 11) return [d, `0${d.slice(2)}`, d.slice(2)];
  if (d.startsWith('0')) return [d, `84${d.slice(1)}`, d.slice(1)];
  return [d];
}

export type PublicTextCheck = (text: string) => boolean;

/** A test for texts about one applicant: true when `text` carries their identity (see above). */
export function personalDataCheck(applicant: ApplicantParticulars): PublicTextCheck {
  const nameWords = wordsOf(applicant.fullName).split(' ').filter(Boolean);
  const nameFolded = folded(applicant.fullName);
  const nameCompact = nameFolded.replace(/ /g, '');
  const given = nameWords.at(-1) ?? '';
  const others = nameWords.slice(0, -1);
  /**
   * Given name after a family/middle name or a form of address, or after initials, on words of `t`.
   * Folded (a text without diacritics), only after the family name or initials: "thi dung" and
   * "co dung" are also "thì dùng" and "có dùng".
   */
  const partial = (t: string[], fold: (w: string) => string, strict: boolean) => {
    const g = fold(given);
    const before = new Set((strict ? others.slice(0, 1) : [...others, ...FORMS_OF_ADDRESS]).map(fold));
    const initials = new Set(others.map((w) => fold(Array.from(w)[0]!)));
    const first = others[0] ? fold(Array.from(others[0])[0]!) : null;
    for (let i = 1; i < t.length; i++) {
      if (t[i] !== g) continue;
      if (before.has(t[i - 1]!)) return true;
      // "p t dung" (P.T.Dung): single letters, the first the family name's initial.
      let k = i - 1;
      while (k >= 0 && t[k]!.length === 1 && initials.has(t[k]!)) k--;
      if (k < i - 1 && t[k + 1] === first) return true;
    }
    return false;
  };
  const identity = (s: string) => s;
  const stripped = (s: string) => folded(s);

  const street = applicant.address.split(',')[0]!.trim();
  const local = applicant.email.split('@')[0]!;
  const own = [applicant.email, applicant.address.length >= 10 ? applicant.address : '', street.length >= 6 ? street : '', local.length >= 4 ? local : '']
    .map(folded)
    .filter(Boolean);
  const numbers = [applicant.idNumber, applicant.phone].flatMap(numberForms);

  return (text: string) => {
    const f = folded(text);
    const fw = f.split(' ').filter(Boolean);
    if (nameWords.length >= 2 && (hasPhrase(f, nameFolded) || (nameCompact.length >= 6 && spelledBy(fw, nameCompact)))) return true;
    if (nameWords.length === 1 && hasPhrase(f, nameFolded)) return true;
    if (others.length > 0) {
      if (hasDiacritics(text) ? partial(wordsOf(text).split(' '), identity, false) : partial(fw, stripped, true)) return true;
    }
    if (own.some((o) => hasPhrase(f, o))) return true;
    const found = numbersIn(text);
    if (found.some((d) => d.length >= 9 || numbers.some((n) => d.includes(n)))) return true;
    return /[^\s@]+@[^\s@]+\.[^\s@]+/.test(text);
  };
}
