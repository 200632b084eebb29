import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hourSlots,
  maxOverlap,
  tokyoDate,
  tokyoMidnight,
  tokyoMinutes,
  weekdayOf,
  withinOpeningHours,
} from './seat-arithmetic.js';

const MIN = 60_000;
const hours = [
  { day: 'mon', opens: '09:00', closes: '17:30' },
  { day: 'sat', opens: '10:00', closes: '12:00' },
  { day: 'sat', opens: '13:00', closes: '15:00' },
] as const;
const at = (iso: string) => Date.parse(iso);

/** Brute force: count, minute by minute, the ranges covering that minute. */
const bruteForce = (ranges: { start: number; end: number }[]) => {
  let most = 0;
  for (let m = 0; m < 24 * 60; m++) {
    const n = ranges.filter((r) => r.start <= m && m < r.end).length;
    if (n > most) most = n;
  }
  return most;
};

describe('max overlap', () => {
  it('equals a minute-by-minute count for any set of bookings in a day', () => {
    const range = fc
      .tuple(fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.integer({ min: 1, max: 12 * 60 }))
      .map(([start, length]) => ({ start, end: Math.min(24 * 60, start + length) }));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 25 }), (ranges) => {
        expect(maxOverlap(ranges)).toBe(bruteForce(ranges));
      }),
      { numRuns: 300 },
    );
  });

  it('lets one person take the seat another leaves at the same minute', () => {
    expect(
      maxOverlap([
        { start: 0, end: 60 },
        { start: 60, end: 120 },
      ]),
    ).toBe(1);
    expect(
      maxOverlap([
        { start: 0, end: 61 },
        { start: 60, end: 120 },
      ]),
    ).toBe(2);
  });

  it('never lets a capacity check pass when some minute is over capacity', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 300 })).map(([s, l]) => ({
            start: s,
            end: s + l,
          })),
          { maxLength: 15 },
        ),
        fc.integer({ min: 0, max: 10 }),
        (ranges, seats) => {
          const fits = maxOverlap(ranges) <= seats;
          const everyMinuteFits = [...Array(901).keys()].every(
            (m) => ranges.filter((r) => r.start <= m && m < r.end).length <= seats,
          );
          expect(fits).toBe(everyMinuteFits);
        },
      ),
    );
  });
});

describe('Asia/Tokyo days', () => {
  it('reads dates, minutes and weekdays in UTC+9 whatever the process time zone', () => {
    expect(tokyoDate(at('2026-12-06T15:00:00Z'))).toBe('2026-12-07'); // Monday 00:00 in Tokyo
    expect(tokyoMinutes(at('2026-12-06T15:30:00Z'))).toBe(30);
    expect(weekdayOf('2026-12-07')).toBe('mon');
    expect(tokyoMidnight('2026-12-07')).toBe(at('2026-12-07T00:00:00+09:00'));
  });

  it('round-trips any instant through its Tokyo date and minutes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (seconds) => {
        const ms = seconds * 60_000 - ((seconds * 60_000) % MIN);
        expect(tokyoMidnight(tokyoDate(ms)) + tokyoMinutes(ms) * MIN).toBe(ms);
      }),
    );
  });
});

describe('opening hours', () => {
  it('accepts a range inside one opening period and refuses one outside or across periods', () => {
    const monday = (hhmm: string) => at(`2026-12-07T${hhmm}:00+09:00`);
    expect(withinOpeningHours(hours, monday('09:00'), monday('17:30'))).toBe(true);
    expect(withinOpeningHours(hours, monday('08:59'), monday('12:00'))).toBe(false);
    expect(withinOpeningHours(hours, monday('12:00'), monday('17:31'))).toBe(false);
    expect(withinOpeningHours(hours, monday('12:00'), monday('11:00'))).toBe(false);
    const saturday = (hhmm: string) => at(`2026-12-12T${hhmm}:00+09:00`);
    expect(withinOpeningHours(hours, saturday('10:00'), saturday('12:00'))).toBe(true);
    expect(withinOpeningHours(hours, saturday('11:00'), saturday('14:00'))).toBe(false);
    // Tuesday has no opening hours; a Monday given in UTC is still Monday in Tokyo.
    expect(withinOpeningHours(hours, at('2026-12-08T10:00:00+09:00'), at('2026-12-08T11:00:00+09:00'))).toBe(
      false,
    );
    expect(withinOpeningHours(hours, at('2026-12-07T00:00:00Z'), at('2026-12-07T02:00:00Z'))).toBe(true);
  });

  it('gives the free seats per opening hour', () => {
    const b = (from: string, to: string) => ({
      start: at(`2026-12-07T${from}:00+09:00`),
      end: at(`2026-12-07T${to}:00+09:00`),
    });
    const slots = hourSlots(hours, '2026-12-07', 2, [b('09:00', '10:30'), b('10:00', '11:00')]);
    expect(slots.map((s) => s.hour)).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
      '17:00',
    ]);
    expect(slots.slice(0, 3).map((s) => s.free)).toEqual([1, 0, 2]);
    expect(slots.at(-1)!.end).toBe(at('2026-12-07T17:30:00+09:00'));
  });
});
