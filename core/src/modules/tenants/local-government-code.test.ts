import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  isValidLocalGovernmentCode,
  localGovernmentCheckDigit,
  localGovernmentCode,
} from './local-government-code.js';

const MESSAGE =
  '全国地方公共団体コードは6桁で、末尾の検査数字が正しい必要があります / A local government code is 6 digits with a valid check digit';

// Weighted sum mod 11, computed independently so the edge cases below are proven, not assumed.
const remainder = (five: string) => [6, 5, 4, 3, 2].reduce((sum, w, i) => sum + w * Number(five[i]), 0) % 11;

describe('localGovernmentCheckDigit', () => {
  it.each([
    ['01100', 2], // 札幌市 011002
    ['13101', 6], // 千代田区 131016
    ['20215', 1], // 塩尻市 202151
  ])('%s → %i', (five, digit) => {
    expect(localGovernmentCheckDigit(five)).toBe(digit);
  });

  it('maps remainder 0 to 1 (塩尻市 20215, 新宿区 13104)', () => {
    for (const five of ['20215', '13104']) {
      expect(remainder(five)).toBe(0);
      expect(localGovernmentCheckDigit(five)).toBe(1);
    }
  });

  it('maps remainder 1 to 0 (渋谷区 13113)', () => {
    expect(remainder('13113')).toBe(1);
    expect(localGovernmentCheckDigit('13113')).toBe(0);
    expect(isValidLocalGovernmentCode('131130')).toBe(true);
  });

  it('throws on input that is not 5 ASCII digits', () => {
    for (const bad of ['', '1234', '123456', '2021a', '２０２１５']) {
      expect(() => localGovernmentCheckDigit(bad)).toThrow(RangeError);
    }
  });
});

describe('isValidLocalGovernmentCode', () => {
  it.each(['011002', '131016', '202151'])('accepts %s', (code) => {
    expect(isValidLocalGovernmentCode(code)).toBe(true);
  });

  it.each([
    ['wrong check digit', '202152'],
    ['wrong check digit (off by one in the body)', '202161'],
    ['5 digits', '20215'],
    ['7 digits', '2021510'],
    ['non-digits', '20215a'],
    ['letters only', 'abcdef'],
    ['surrounding whitespace', ' 202151'],
    ['full-width digits', '２０２１５１'],
    ['empty', ''],
  ])('rejects %s: %j', (_label, code) => {
    expect(isValidLocalGovernmentCode(code)).toBe(false);
  });
});

describe('localGovernmentCode (zod)', () => {
  it('parses a valid code unchanged', () => {
    expect(localGovernmentCode.parse('202151')).toBe('202151');
  });

  it.each(['202152', '20215', '2021510', '２０２１５１', 'abcdef'])(
    'rejects %j with one bilingual issue, Japanese first',
    (code) => {
      const result = localGovernmentCode.safeParse(code);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
      expect(result.error?.issues[0]?.message).toBe(MESSAGE);
    },
  );

  it('converts to JSON Schema with the 6-digit pattern', () => {
    const schema = z.toJSONSchema(localGovernmentCode);
    expect(schema).toMatchObject({ type: 'string', pattern: '^\\d{6}$' });
  });
});
