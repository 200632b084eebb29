import { describe, expect, it } from 'vitest';
import { defaultPeriod, monthsBetween, tokyoToday } from './growth.service.js';

describe('growth periods (Asia/Tokyo, fiscal year from April)', () => {
  it('reads today in Tokyo, not in the process time zone', () => {
    expect(tokyoToday(Date.parse('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
    expect(tokyoToday(Date.parse('2026-03-31T14:59:59Z'))).toBe('2026-03-31');
  });

  it('defaults to the fiscal year so far', () => {
    expect(defaultPeriod(Date.parse('2026-11-25T03:00:00Z'))).toEqual({
      from: '2026-04-01',
      to: '2026-11-25',
    });
    expect(defaultPeriod(Date.parse('2027-02-10T03:00:00Z'))).toEqual({
      from: '2026-04-01',
      to: '2027-02-10',
    });
    // 1 April 00:30 in Tokyo is already the new fiscal year.
    expect(defaultPeriod(Date.parse('2027-03-31T15:30:00Z'))).toEqual({
      from: '2027-04-01',
      to: '2027-04-01',
    });
  });

  it('lists every month of a period, across a year end', () => {
    expect(monthsBetween('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-04-01', '2026-04-30')).toEqual(['2026-04']);
  });
});
