import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxPaymentDays, paymentRuleJa, paymentTermsProblem } from './payment-terms.js';

describe('payment terms and the 60-day rule', () => {
  it('accepts 月末締め翌月末払い (at most 31 days)', () => {
    const terms = { closingDay: 0, payMonthOffset: 1, payDay: 0 };
    expect(paymentRuleJa(terms)).toBe('月末締め翌月末払い');
    expect(maxPaymentDays(terms)).toBe(31);
    expect(paymentTermsProblem(terms)).toBeNull();
  });

  it('refuses 月末締め翌々月末払い (up to 62 days) with a bilingual message', () => {
    const terms = { closingDay: 0, payMonthOffset: 2, payDay: 0 };
    expect(maxPaymentDays(terms)).toBe(62);
    expect(paymentTermsProblem(terms)).toMatch(/60日以内.*\/ The payment date must be no more than 60 days/);
  });

  it('accepts 20日締め翌月10日払い and refuses pay before the closing', () => {
    expect(paymentTermsProblem({ closingDay: 20, payMonthOffset: 1, payDay: 10 })).toBeNull();
    expect(maxPaymentDays({ closingDay: 20, payMonthOffset: 0, payDay: 10 })).toBeLessThan(0);
    expect(paymentTermsProblem({ closingDay: 20, payMonthOffset: 0, payDay: 10 })).toMatch(/締め日より前/);
  });

  it('accepts exactly the terms whose every month pays within 0–60 days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 28 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 28 }),
        (closingDay, payMonthOffset, payDay) => {
          const terms = { closingDay, payMonthOffset, payDay };
          const days = maxPaymentDays(terms);
          expect(paymentTermsProblem(terms) === null).toBe(days >= 0 && days <= 60);
        },
      ),
    );
  });
});
