import { describe, expect, it } from 'vitest';
import { checkField, checkValues, type FormField } from '../src/fields.js';

const field = (type: FormField['type'], extra: Partial<FormField> = {}): FormField => ({
  key: 'f',
  label: { ja: '項目', en: 'Field' },
  type,
  ...extra,
});

const ok = (value: string) => ({ ok: true, value });

describe('checkField', () => {
  it.each([
    ['text', ' 山田　花子 ', '山田 花子'],
    ['text', 'ﾔﾏﾀﾞ ﾊﾅｺ', 'ヤマダ ハナコ'],
    ['text', 'ＡＢＣ１２３', 'ABC123'],
    ['number', '１２３４', '1234'],
    ['number', '1,234', '1234'],
    ['number', '-5', '-5'],
    ['number', '−5', '-5'],
    ['number', '+12.50', '12.50'],
    ['date', '令和6年4月1日', '2024-04-01'],
    ['date', 'R6.4.1', '2024-04-01'],
    ['postal-code', '3990738', '399-0738'],
    ['postal-code', '〒399-0738', '399-0738'],
    ['postal-code', '３９９ー０７３８', '399-0738'],
    ['phone', '0263-52-0280', '0263-52-0280'],
    ['phone', '０２６３ー５２ー０２８０', '0263-52-0280'],
    ['phone', '0263(52)0280', '0263-52-0280'],
    ['phone', '09012345678', '090-1234-5678'],
    ['phone', '0312345678', '03-1234-5678'],
    ['phone', '0120123456', '0120-123-456'],
    ['phone', '0263520280', '0263520280'],
    ['phone', '+81 90-1234-5678', '090-1234-5678'],
  ] as const)('%s %s → %s', (type, raw, value) => {
    expect(checkField(field(type), raw)).toEqual(ok(value));
  });

  it.each([
    ['number', '12a', /数値ではありません.*not a number/],
    ['number', '1.2.3', /数値ではありません/],
    ['number', '.5', /数値ではありません/],
    ['date', '令和6年2月30日', /存在しない日付/],
    ['date', '平成31年5月1日', /令和です/],
    ['postal-code', '399-073', /7桁.*7 digits/],
    ['postal-code', '39907381', /7桁/],
    ['phone', '052-123', /10桁か11桁.*10 or 11 digits/],
    ['phone', '1234567890', /0から始まる/],
    ['phone', '0263-52-028O', /数字とハイフン/],
    ['text', '', /入力してください.*required/],
    ['date', '   ', /入力してください/],
  ] as const)('%s %s is refused', (type, raw, message) => {
    const result = checkField(field(type), raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('lets an optional field be empty, and refuses non-strings', () => {
    expect(checkField(field('date', { required: false }), '')).toEqual(ok(''));
    expect(checkField(field('phone', { required: false }), undefined)).toEqual(ok(''));
    expect(checkField(field('text'), 5)).toMatchObject({ ok: false });
  });

  it('accepts one of the choices, normalised to the choice as the order wrote it', () => {
    const choice = field('choice', { choices: ['男性', '女性', 'ＡＢ型'] });
    expect(checkField(choice, '女性')).toEqual(ok('女性'));
    expect(checkField(choice, 'AB型')).toEqual(ok('ＡＢ型'));
    expect(checkField(choice, 'その他')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/選択肢にありません.*男性、女性/),
    });
  });

  it('counts maxLength in characters after normalising', () => {
    const short = field('text', { maxLength: 3 });
    expect(checkField(short, '𠮷野家')).toEqual(ok('𠮷野家'));
    expect(checkField(short, '塩尻市役')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/3文字以内.*at most 3/),
    });
  });
});

describe('checkValues', () => {
  const fields: FormField[] = [
    field('text', { key: 'name' }),
    field('date', { key: 'birthDate' }),
    field('phone', { key: 'tel', required: false }),
  ];

  it('finds nothing wrong with good values', () => {
    expect(checkValues({ name: '山田 花子', birthDate: 'S60.3.3', tel: '' }, fields)).toEqual([]);
  });

  it('points at missing, invalid and unknown values', () => {
    expect(checkValues({ birthDate: '2月30日', extra: 'x', 'a/b': 'y' }, fields)).toEqual([
      { pointer: '/values/name', message: expect.stringMatching(/required/) },
      { pointer: '/values/birthDate', message: expect.stringMatching(/not a date/) },
      { pointer: '/values/extra', message: 'フォームにない項目です / not a field of this form' },
      { pointer: '/values/a~1b', message: 'フォームにない項目です / not a field of this form' },
    ]);
  });
});
