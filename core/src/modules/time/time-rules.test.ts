import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthRange, tokyoDate, tokyoMonth } from '../../kernel/tokyo.js';
import { earnings, lengthProblem, openingHoursProblem, workedMinutes } from './time-rules.js';

const at = (s: string) => new Date(s);

describe('Tokyo calendar', () => {
  it('puts 23:30 UTC on the next Tokyo day and month', () => {
    expect(tokyoDate(at('2026-01-31T15:30:00Z'))).toBe('2026-02-01');
    expect(tokyoMonth(at('2026-01-31T14:59:59Z'))).toBe('2026-01');
    expect(monthRange('2026-12')).toEqual({
      from: at('2026-11-30T15:00:00Z'),
      to: at('2026-12-31T15:00:00Z'),
    });
  });
});

describe('record length', () => {
  it('refuses a record crossing Tokyo midnight or longer than a day', () => {
    expect(lengthProblem(at('2026-04-01T23:00:00+09:00'), at('2026-04-02T01:00:00+09:00'), 0)).toMatch(
      /日付をまたぐ/,
    );
    expect(lengthProblem(at('2026-04-01T00:00:00+09:00'), at('2026-04-02T00:00:01+09:00'), 0)).toMatch(
      /1日を超える/,
    );
    expect(lengthProblem(at('2026-04-01T09:00:00+09:00'), at('2026-04-01T09:00:00+09:00'), 0)).toMatch(
      /後にして/,
    );
    expect(lengthProblem(at('2026-04-01T09:00:00+09:00'), at('2026-04-01T10:00:00+09:00'), 60)).toMatch(
      /休憩/,
    );
  });
  it('accepts a whole Tokyo day, midnight to midnight', () => {
    expect(lengthProblem(at('2026-04-01T00:00:00+09:00'), at('2026-04-02T00:00:00+09:00'), 60)).toBeNull();
  });
  it('never accepts a record whose worked minutes exceed a day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 * 24 * 60 }),
        fc.integer({ min: 1, max: 3 * 24 * 60 }),
        fc.integer({ min: 0, max: 600 }),
        (startMin, length, brk) => {
          const start = new Date(Date.UTC(2026, 3, 1) + startMin * 60_000);
          const end = new Date(start.getTime() + length * 60_000);
          if (lengthProblem(start, end, brk) === null) {
            expect(tokyoDate(start) === tokyoDate(new Date(end.getTime() - 1))).toBe(true);
            expect(workedMinutes(start, end, brk)).toBeLessThanOrEqual(24 * 60);
            expect(workedMinutes(start, end, brk)).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});

describe('opening hours', () => {
  const hours = [{ day: 'wed' as const, opens: '09:00', closes: '17:00' }];
  it('checks the Tokyo weekday and clock', () => {
    // 2026-04-01 is a Wednesday.
    expect(
      openingHoursProblem(hours, at('2026-04-01T09:00:00+09:00'), at('2026-04-01T17:00:00+09:00')),
    ).toBeNull();
    expect(openingHoursProblem(hours, at('2026-04-01T08:59:00+09:00'), null)).toMatch(
      /開館時間外.*09:00–17:00/,
    );
    expect(
      openingHoursProblem(hours, at('2026-04-01T16:00:00+09:00'), at('2026-04-01T17:30:00+09:00')),
    ).toMatch(/Outside the centre's opening hours/);
    expect(openingHoursProblem(hours, at('2026-04-02T10:00:00+09:00'), null)).toMatch(/休館/);
    expect(openingHoursProblem([], at('2026-04-02T03:00:00+09:00'), null)).toBeNull();
  });
});

describe('earnings statement', () => {
  it('rounds minutes × rate down once per line: 95 min at ¥1,000 = ¥1,583', () => {
    const s = earnings([{ label: '時給', minutes: 95, hourlyRate: 1000 }], []);
    expect(s.total).toBe(1583);
  });
  it('adds per-unit pay at the worker share', () => {
    const s = earnings(
      [{ label: '時給', minutes: 60, hourlyRate: 1000 }],
      [{ label: '受注A', count: 3, unitPrice: 55, sharePercent: 50 }],
    );
    expect(s.lines.map((l) => l.amount)).toEqual([1000, 82]);
    expect(s.total).toBe(1082);
  });
  it('is the sum of its lines, integer, never negative, and never more than the exact amount', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            label: fc.string(),
            minutes: fc.nat(50_000),
            hourlyRate: fc.integer({ min: 1, max: 100_000 }),
          }),
        ),
        fc.array(
          fc.record({
            label: fc.string(),
            count: fc.nat(10_000),
            unitPrice: fc.nat(100_000),
            sharePercent: fc.integer({ min: 0, max: 100 }),
          }),
        ),
        (hourly, units) => {
          const s = earnings(hourly, units);
          expect(s.total).toBe(s.lines.reduce((a, l) => a + l.amount, 0));
          expect(Number.isInteger(s.total)).toBe(true);
          expect(s.total).toBeGreaterThanOrEqual(0);
          for (const l of s.lines) expect(Number.isInteger(l.amount) && l.amount >= 0).toBe(true);
          const exact =
            hourly.reduce((a, h) => a + (h.minutes * h.hourlyRate) / 60, 0) +
            units.reduce((a, u) => a + (u.count * u.unitPrice * u.sharePercent) / 100, 0);
          expect(s.total).toBeLessThanOrEqual(exact + 1e-6);
          expect(s.total).toBeGreaterThan(exact - s.lines.length - 1e-6);
        },
      ),
    );
  });
});
