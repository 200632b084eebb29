import { describe, expect, it } from 'vitest';
import { addDays } from '../../kernel/tokyo.js';
import { isBankBusinessDay, monthEnd, paymentDate } from './payment-date.js';

describe('payment date', () => {
  it('defaults to the end of the next month when that is a business day', () => {
    // 2026-11-30 is a Monday.
    expect(paymentDate('2026-10')).toEqual({ date: '2026-11-30', note: null });
  });

  it('moves a Sunday to the previous Friday, saying why', () => {
    const p = paymentDate('2026-12');
    expect(p.date).toBe('2027-01-29');
    expect(p.note).toContain('2027-01-31（日）は銀行休業日のため 2027-01-29（金）に前倒し');
    expect(p.note).toContain('moved to the previous bank business day');
  });

  it('skips national holidays and the bank holidays of the new year', () => {
    // Paid on the 3rd of the next month: 2027-01-03 (bank holiday), 01-02 (Sat), 01-01, 12-31 → 12-30 (Wed).
    expect(paymentDate('2026-12', { closingDay: 0, payMonthOffset: 1, payDay: 3 }).date).toBe('2026-12-30');
    // 2026-11-03 文化の日 (Tuesday) → 11-02 (Mon).
    expect(paymentDate('2026-10', { closingDay: 0, payMonthOffset: 1, payDay: 3 }).date).toBe('2026-11-02');
    expect(isBankBusinessDay('2026-11-03')).toBe(false);
    expect(isBankBusinessDay('2026-12-31')).toBe(false);
    expect(isBankBusinessDay('2027-01-04')).toBe(true);
  });

  it('is never more than 60 days after the end of the month, nor on a bank holiday, for any terms', () => {
    for (let year = 2025; year <= 2028; year++)
      for (let m = 1; m <= 12; m++) {
        const month = `${year}-${String(m).padStart(2, '0')}`;
        for (const payMonthOffset of [0, 1, 2])
          for (const payDay of [0, 1, 10, 15, 25, 28]) {
            const p = paymentDate(month, { closingDay: 0, payMonthOffset, payDay });
            expect(p.date <= addDays(monthEnd(month), 60)).toBe(true);
            expect(isBankBusinessDay(p.date)).toBe(true);
          }
      }
  });

  it('brings a date beyond the legal limit forward and says so', () => {
    const p = paymentDate('2026-10', { closingDay: 0, payMonthOffset: 2, payDay: 0 });
    // 2026-10-31 + 60 days = 2026-12-30 (Wed).
    expect(p.date).toBe('2026-12-30');
    expect(p.note).toMatch(/60日を超えるため.*60 days/);
  });
});
