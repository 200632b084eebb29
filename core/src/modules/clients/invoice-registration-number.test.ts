import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  corporateNumberCheckDigit,
  invoiceRegistrationNumber,
  isValidInvoiceRegistrationNumber,
} from './invoice-registration-number.js';

// Σ Pₙ·Qₙ over the twelve digits from the right, computed independently of the implementation.
const weightedSum = (twelve: string) =>
  [...twelve].reverse().reduce((sum, d, i) => sum + Number(d) * (i % 2 === 0 ? 1 : 2), 0);

describe('corporateNumberCheckDigit', () => {
  it('gives 7 for 000012050002 (the example 7000012050002)', () => {
    expect(weightedSum('000012050002')).toBe(11);
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
  });

  it('gives 9 when the sum is a multiple of 9, never 0', () => {
    expect(corporateNumberCheckDigit('000000000000')).toBe(9);
    expect(weightedSum('000000000009') % 9).toBe(0);
    expect(corporateNumberCheckDigit('000000000009')).toBe(9);
  });

  it('weights odd positions from the right by 1 and even ones by 2', () => {
    expect(corporateNumberCheckDigit('000000000001')).toBe(8); // n=1: 1·1
    expect(corporateNumberCheckDigit('000000000010')).toBe(7); // n=2: 1·2
    expect(corporateNumberCheckDigit('100000000000')).toBe(7); // n=12: 1·2
    expect(corporateNumberCheckDigit('010000000000')).toBe(8); // n=11: 1·1
  });

  it('throws on input that is not 12 ASCII digits', () => {
    for (const bad of ['', '00001205000', '0000120500021', '00001205000a', '０００００１２０５０００２']) {
      expect(() => corporateNumberCheckDigit(bad)).toThrow(RangeError);
    }
  });
});

describe('isValidInvoiceRegistrationNumber', () => {
  it.each(['T7000012050002', 'T9000000000000', 'T8000000000001'])('accepts %s', (value) => {
    expect(isValidInvoiceRegistrationNumber(value)).toBe(true);
  });

  it.each([
    ['wrong check digit', 'T6000012050002'],
    ['a changed body digit', 'T7000012050003'],
    ['no T', '7000012050002'],
    ['lower-case t', 't7000012050002'],
    ['12 digits', 'T700001205000'],
    ['14 digits', 'T70000120500020'],
    ['a hyphen', 'T7-000012050002'],
    ['surrounding space', ' T7000012050002'],
    ['full-width digits', 'T７０００００１２０５０００２'],
    ['full-width T', 'Ｔ7000012050002'],
    ['empty', ''],
  ])('rejects %s: %j', (_label, value) => {
    expect(isValidInvoiceRegistrationNumber(value)).toBe(false);
  });
});

describe('invoiceRegistrationNumber (zod)', () => {
  it('parses a valid number unchanged', () => {
    expect(invoiceRegistrationNumber.parse('T7000012050002')).toBe('T7000012050002');
  });

  it.each(['T6000012050002', 'T700001205000', '7000012050002', 42])(
    'rejects %j with one bilingual issue',
    (value) => {
      const result = invoiceRegistrationNumber.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
      expect(result.error?.issues[0]?.message).toMatch(/^適格請求書.* \/ An invoice registration number/);
    },
  );

  it('converts to JSON Schema with the T + 13 digits pattern', () => {
    expect(z.toJSONSchema(invoiceRegistrationNumber)).toMatchObject({
      type: 'string',
      pattern: '^T\\d{13}$',
    });
  });
});
