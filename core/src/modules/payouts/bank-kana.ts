// Names in the bank character set (全銀協 規定文字) for Zengin transfer files.
//
// Accepted output characters, all single-byte in Shift_JIS:
//   half-width katakana ｱ–ﾝ (U+FF71–U+FF9D) with ﾞ (U+FF9E) and ﾟ (U+FF9F) as separate characters,
//   A–Z, 0–9, space, and the symbols ( ) - . / , \ ｢ ｣  (\ is byte 0x5C, printed ¥ by banks).
// Conversions (the bank conventions, applied openly, never to characters outside this list):
//   - full-width katakana and hiragana → half-width katakana, voiced ones split (ガ → ｶﾞ, パ → ﾊﾟ, ヴ → ｳﾞ);
//     a base kana followed by a combining or spacing (han)dakuten (U+3099/U+309A/゛/゜) takes ﾞ/ﾟ;
//   - small kana → their full-size forms: ァィゥェォ → ｱｲｳｴｵ, ャュョ → ﾔﾕﾖ, ッ → ﾂ, ヮ → ﾜ, ヵ → ｶ, ヶ → ｹ;
//   - ヲ → ｵ, ヰ → ｲ, ヱ → ｴ (ｦ is not in the set banks accept for names);
//   - the long-vowel mark ー (and ｰ, －, ‐, −) → '-' (hyphen-minus): ｰ (U+FF70) is outside ｱ–ﾝ, and banks
//     take '-' for it;
//   - the middle dot ・ / ･ → '.';
//   - full-width ASCII letters, digits, space and the accepted symbols → half-width, letters upper-case
//     (half-width a–z too); ¥ ￥ ＼ → \; 「」 → ｢｣;
//   - runs of spaces become one space, and leading and trailing spaces are dropped.
// Anything else (kanji, ｡ ､, &, ', ヷ–ヺ, ゝ ヽ, emoji, a voicing mark with no kana before it) is refused and
// reported, never replaced.

export type BankKanaResult = { ok: true; value: string } | { ok: false; invalid: string[] };

const FULL_KATAKANA =
  'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロヮワヰヱヲンヴヵヶ';
// biome-ignore format: one row per kana column
const HALF_KATAKANA = [
  'ｱ', 'ｱ', 'ｲ', 'ｲ', 'ｳ', 'ｳ', 'ｴ', 'ｴ', 'ｵ', 'ｵ',
  'ｶ', 'ｶﾞ', 'ｷ', 'ｷﾞ', 'ｸ', 'ｸﾞ', 'ｹ', 'ｹﾞ', 'ｺ', 'ｺﾞ',
  'ｻ', 'ｻﾞ', 'ｼ', 'ｼﾞ', 'ｽ', 'ｽﾞ', 'ｾ', 'ｾﾞ', 'ｿ', 'ｿﾞ',
  'ﾀ', 'ﾀﾞ', 'ﾁ', 'ﾁﾞ', 'ﾂ', 'ﾂ', 'ﾂﾞ', 'ﾃ', 'ﾃﾞ', 'ﾄ', 'ﾄﾞ',
  'ﾅ', 'ﾆ', 'ﾇ', 'ﾈ', 'ﾉ',
  'ﾊ', 'ﾊﾞ', 'ﾊﾟ', 'ﾋ', 'ﾋﾞ', 'ﾋﾟ', 'ﾌ', 'ﾌﾞ', 'ﾌﾟ', 'ﾍ', 'ﾍﾞ', 'ﾍﾟ', 'ﾎ', 'ﾎﾞ', 'ﾎﾟ',
  'ﾏ', 'ﾐ', 'ﾑ', 'ﾒ', 'ﾓ',
  'ﾔ', 'ﾔ', 'ﾕ', 'ﾕ', 'ﾖ', 'ﾖ',
  'ﾗ', 'ﾘ', 'ﾙ', 'ﾚ', 'ﾛ',
  'ﾜ', 'ﾜ', 'ｲ', 'ｴ', 'ｵ', 'ﾝ', 'ｳﾞ', 'ｶ', 'ｹ',
];
if ([...FULL_KATAKANA].length !== HALF_KATAKANA.length)
  throw new Error('bank-kana: kana tables differ in length');

const SMALL_HALF: Record<string, string> = {
  ｧ: 'ｱ',
  ｨ: 'ｲ',
  ｩ: 'ｳ',
  ｪ: 'ｴ',
  ｫ: 'ｵ',
  ｬ: 'ﾔ',
  ｭ: 'ﾕ',
  ｮ: 'ﾖ',
  ｯ: 'ﾂ',
  ｦ: 'ｵ',
};

const SYMBOLS: Record<string, string> = {
  ー: '-',
  ｰ: '-',
  '－': '-',
  '‐': '-',
  '−': '-',
  '・': '.',
  '･': '.',
  '¥': '\\',
  '￥': '\\',
  '＼': '\\',
  '「': '｢',
  '」': '｣',
  '\u3000': ' ',
};

const ACCEPTED_ASCII = /^[A-Z0-9 ()\-./,\\]$/;

const table = new Map<string, string>();
[...FULL_KATAKANA].forEach((kana, i) => {
  table.set(kana, HALF_KATAKANA[i]!);
});
for (const [from, to] of Object.entries(SMALL_HALF)) table.set(from, to);
for (const [from, to] of Object.entries(SYMBOLS)) table.set(from, to);

// Voicing marks: combining (U+3099, U+309A), spacing (゛ ゜) and half-width (ﾞ ﾟ).
const VOICING: Record<string, string> = {
  '\u3099': 'ﾞ',
  '\u309a': 'ﾟ',
  ゛: 'ﾞ',
  ゜: 'ﾟ',
  ﾞ: 'ﾞ',
  ﾟ: 'ﾟ',
};

function convertChar(char: string): string | undefined {
  const code = char.codePointAt(0)!;
  // Hiragana ぁ–ゖ (U+3041–U+3096) sit 0x60 below their katakana.
  if (code >= 0x3041 && code <= 0x3096) return convertChar(String.fromCodePoint(code + 0x60));
  // Full-width ASCII ！–～ (U+FF01–U+FF5E) sit 0xFEE0 above ASCII.
  if (code >= 0xff01 && code <= 0xff5e) return convertChar(String.fromCodePoint(code - 0xfee0));
  if (code >= 0x61 && code <= 0x7a) return char.toUpperCase();
  if (ACCEPTED_ASCII.test(char)) return char;
  // Half-width katakana ｱ–ﾝ and the corner brackets pass through.
  if ((code >= 0xff71 && code <= 0xff9d) || char === '｢' || char === '｣') return char;
  return table.get(char);
}

/**
 * Converts a name to the bank character set, or lists (once each, in order of appearance) the characters
 * that have no form in it. Truncation to a field's length is the caller's business.
 */
export function toBankKana(name: string): BankKanaResult {
  const out: string[] = [];
  const invalid: string[] = [];
  for (const char of name.normalize('NFC')) {
    const voicing = VOICING[char];
    if (voicing !== undefined) {
      // A voicing mark only after a kana that can take it; NFC has already composed the usual cases.
      const previous = out[out.length - 1];
      if (previous !== undefined && /^[ｱ-ﾝ]$/.test(previous)) out.push(voicing);
      else if (!invalid.includes(char)) invalid.push(char);
      continue;
    }
    const converted = convertChar(char);
    if (converted === undefined) {
      if (!invalid.includes(char)) invalid.push(char);
    } else {
      out.push(converted);
    }
  }
  if (invalid.length > 0) return { ok: false, invalid };
  return { ok: true, value: out.join('').replace(/ {2,}/g, ' ').trim() };
}

/** The bilingual message for characters `toBankKana` refused. */
export function bankKanaErrorMessage(invalid: readonly string[]): string {
  const list = invalid.join(', ');
  return `使えない文字があります: ${list} / Characters the bank cannot take: ${list}`;
}

/** True when every character of `text` is in the accepted bank character set (the output of toBankKana). */
export function isBankKana(text: string): boolean {
  return /^[ｱ-ﾝﾞﾟA-Z0-9 ()\-./,\\｢｣]*$/.test(text);
}
