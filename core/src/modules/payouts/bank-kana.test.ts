import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bankKanaErrorMessage, isBankKana, toBankKana } from './bank-kana.js';

const ok = (value: string) => ({ ok: true, value });

describe('toBankKana', () => {
  it.each([
    ['full-width katakana, full-width space', 'ヤマダ　ハナコ', 'ﾔﾏﾀﾞ ﾊﾅｺ'],
    ['hiragana', 'やまだ はなこ', 'ﾔﾏﾀﾞ ﾊﾅｺ'],
    ['dakuten and handakuten split', 'ガパヴ', 'ｶﾞﾊﾟｳﾞ'],
    ['hiragana ゔ', 'ゔぁ', 'ｳﾞｱ'],
    ['small kana to full-size', 'ァィゥェォャュョッヮヵヶ', 'ｱｲｳｴｵﾔﾕﾖﾂﾜｶｹ'],
    ['half-width small kana to full-size', 'ｷｬｯｼｭ', 'ｷﾔﾂｼﾕ'],
    ['ヲ ヰ ヱ', 'ヲヰヱ', 'ｵｲｴ'],
    ['long vowel to hyphen', 'ローソン', 'ﾛ-ｿﾝ'],
    ['half-width long vowel to hyphen', 'ﾃﾞｨｰﾌﾟ', 'ﾃﾞｲ-ﾌﾟ'],
    ['half-width kana unchanged', 'ｶ)ﾔﾏﾀﾞ', 'ｶ)ﾔﾏﾀﾞ'],
    ['full-width ASCII to upper-case half-width', 'Ａｂｃ　１２３', 'ABC 123'],
    ['ASCII lower-case to upper-case', 'smith john', 'SMITH JOHN'],
    ['middle dot to period', 'スミス・ジョン', 'ｽﾐｽ.ｼﾞﾖﾝ'],
    ['accepted symbols', '（カ）－．／，「」', '(ｶ)-./,｢｣'],
    ['yen signs to backslash', '¥￥＼\\', '\\\\\\\\'],
    ['combining dakuten', 'カ\u3099ハ\u309a', 'ｶﾞﾊﾟ'],
    ['spacing dakuten after kana', 'カ゛', 'ｶﾞ'],
    [
      'every katakana',
      'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン',
      'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ',
    ],
    [
      'every voiced katakana',
      'ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポ',
      'ｶﾞｷﾞｸﾞｹﾞｺﾞｻﾞｼﾞｽﾞｾﾞｿﾞﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ',
    ],
    ['spaces collapsed and trimmed', '　ヤマダ　　ハナコ ', 'ﾔﾏﾀﾞ ﾊﾅｺ'],
  ])('%s: %s → %s', (_label, input, expected) => {
    expect(toBankKana(input)).toEqual(ok(expected));
  });

  it('refuses kanji, naming each character once in order', () => {
    expect(toBankKana('山田 花子 山')).toEqual({ ok: false, invalid: ['山', '田', '花', '子'] });
  });

  it.each([
    ['ampersand', 'ABC&D', ['&']],
    ['apostrophe', "O'NEIL", ["'"]],
    ['ideographic full stop and comma', 'ｱ｡ｲ､', ['｡', '､']],
    ['an emoji (whole surrogate pair)', 'ﾔﾏﾀﾞ😀', ['😀']],
    ['a voicing mark with no kana before it', 'ﾞｶ', ['ﾞ']],
    ['ヷ', 'ヷ', ['ヷ']],
    ['a tab', 'ｱ\tｲ', ['\t']],
    ['mixed', '(株)ヤマダ', ['株']],
  ])('refuses %s', (_label, input, invalid) => {
    expect(toBankKana(input)).toEqual({ ok: false, invalid });
  });

  it('gives a bilingual message naming the characters', () => {
    expect(bankKanaErrorMessage(['山', '田'])).toBe(
      '使えない文字があります: 山, 田 / Characters the bank cannot take: 山, 田',
    );
  });

  it('maps every full-width katakana name to the bank set, one or two bytes per kana', () => {
    const kana = fc.constantFrom(
      ...'アイウエオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロワヲンヴー',
    );
    fc.assert(
      fc.property(fc.array(kana, { minLength: 1, maxLength: 20 }), (chars) => {
        const result = toBankKana(chars.join(''));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(isBankKana(result.value)).toBe(true);
        expect(result.value.length).toBeGreaterThanOrEqual(chars.length);
        expect(result.value.length).toBeLessThanOrEqual(chars.length * 2);
      }),
    );
  });

  it('is idempotent: a converted name converts to itself', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'あガぱァッーｰｧｶﾞﾞ aZｚ０9（）・「」¥-./,\\　') }),
        (text) => {
          const first = toBankKana(text);
          if (!first.ok) return;
          expect(isBankKana(first.value)).toBe(true);
          expect(toBankKana(first.value)).toEqual(first);
        },
      ),
    );
  });
});
