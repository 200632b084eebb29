import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AvailabilityException,
  type AvailabilityRules,
  addDays,
  covers,
  dayAvailability,
  fromMinutes,
  holidayOn,
  minutesLeftAt,
  minutesPerDay,
  preview,
  rangeProblems,
  type TimeRange,
  tokyoInstant,
  tokyoParts,
  toMinutes,
  type Weekday,
  weekdayOf,
  weekStartOf,
  windowsOn,
} from './availability.js';

/** Mon/Wed/Fri 9:00–14:30 and Tue/Thu 9:00–12:00 (the DOMAIN's typical schedule). */
const typical: AvailabilityRules = {
  pattern: {
    1: [{ start: '09:00', end: '14:30' }],
    2: [{ start: '09:00', end: '12:00' }],
    3: [{ start: '09:00', end: '14:30' }],
    4: [{ start: '09:00', end: '12:00' }],
    5: [{ start: '09:00', end: '14:30' }],
  },
  exceptions: [],
  worksOnHolidays: false,
  maxMinutesPerWeek: null,
};

// ---- generators -------------------------------------------------------------------------------------

/** Non-overlapping, ordered ranges on one day, on a 15-minute grid. */
const dayRanges: fc.Arbitrary<TimeRange[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 0, maxLength: 6 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const ranges: TimeRange[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2)
      ranges.push({ start: fromMinutes(sorted[i]! * 15), end: fromMinutes(sorted[i + 1]! * 15) });
    return ranges;
  });

/** Dates 2025-01-01 … 2027-12-31. */
const dateArb = fc.integer({ min: 0, max: 365 * 3 - 1 }).map((n) => addDays('2025-01-01', n));

const exceptionArb: fc.Arbitrary<AvailabilityException> = fc.oneof(
  fc
    .tuple(dateArb, fc.integer({ min: 0, max: 10 }))
    .map(([d, n]) => ({ kind: 'off' as const, dateFrom: d, dateTo: addDays(d, n) })),
  fc
    .tuple(dateArb, fc.integer({ min: 0, max: 3 }), dayRanges)
    .map(([d, n, ranges]) => ({ kind: 'hours' as const, dateFrom: d, dateTo: addDays(d, n), ranges })),
);

const rulesArb: fc.Arbitrary<AvailabilityRules> = fc.record({
  pattern: fc
    .tuple(dayRanges, dayRanges, dayRanges, dayRanges, dayRanges, dayRanges, dayRanges)
    .map((days) => Object.fromEntries(days.map((r, i) => [i + 1, r])) as AvailabilityRules['pattern']),
  exceptions: fc.array(exceptionArb, { maxLength: 4 }),
  worksOnHolidays: fc.boolean(),
  maxMinutesPerWeek: fc.option(fc.integer({ min: 0, max: 60 * 60 }), { nil: null }),
});

/** Instants 2025-01-01 … 2027-12-31, to the second. */
const instantArb = fc
  .integer({ min: Date.UTC(2025, 0, 1) / 1000, max: Date.UTC(2027, 11, 31) / 1000 })
  .map((s) => new Date(s * 1000));

const inside = (ranges: TimeRange[], minute: number) =>
  ranges.some((r) => toMinutes(r.start) <= minute && minute < toMinutes(r.end));

// ---- properties -------------------------------------------------------------------------------------

describe('availability properties', () => {
  it('minutesLeft never exceeds the window’s remaining length nor the weekly remainder', () => {
    fc.assert(
      fc.property(rulesArb, instantArb, fc.integer({ min: 0, max: 4000 }), (rules, at, worked) => {
        const left = minutesLeftAt(rules, at, worked);
        expect(left).toBeGreaterThanOrEqual(0);
        const { date, minute } = tokyoParts(at);
        const window = windowsOn(rules, date).find(
          (w) => toMinutes(w.start) <= minute && minute < toMinutes(w.end),
        );
        if (!window) expect(left).toBe(0);
        else expect(left).toBeLessThanOrEqual(toMinutes(window.end) - minute);
        if (rules.maxMinutesPerWeek !== null)
          expect(left).toBeLessThanOrEqual(Math.max(0, rules.maxMinutesPerWeek - worked));
      }),
    );
  });

  it('is 0 on days off and on holidays (unless the worker opts in or set hours for that day)', () => {
    fc.assert(
      fc.property(rulesArb, instantArb, (rules, at) => {
        const { date } = tokyoParts(at);
        const off = rules.exceptions.some((e) => e.kind === 'off' && e.dateFrom <= date && date <= e.dateTo);
        if (off) expect(minutesLeftAt(rules, at, 0)).toBe(0);
        const hours = rules.exceptions.some(
          (e) => e.kind === 'hours' && e.dateFrom <= date && date <= e.dateTo,
        );
        if (holidayOn(date) && !rules.worksOnHolidays && !hours) expect(minutesLeftAt(rules, at, 0)).toBe(0);
      }),
    );
  });

  it('holidays with opt-in follow the weekly pattern', () => {
    const holidays = Object.keys(
      Object.fromEntries(
        Array.from({ length: 365 }, (_, i) => addDays('2026-01-01', i))
          .filter((d) => holidayOn(d))
          .map((d) => [d, true]),
      ),
    );
    fc.assert(
      fc.property(rulesArb, fc.constantFrom(...holidays), (rules, date) => {
        const plain = { ...rules, exceptions: [], worksOnHolidays: true };
        expect(windowsOn(plain, date)).toEqual(
          [...(plain.pattern[weekdayOf(date)] ?? [])].sort((a, b) => toMinutes(a.start) - toMinutes(b.start)),
        );
        expect(windowsOn({ ...plain, worksOnHolidays: false }, date)).toEqual([]);
      }),
    );
  });

  it('covers(x) implies every minute of x is inside a window that day', () => {
    fc.assert(
      fc.property(
        rulesArb,
        dateArb,
        fc.integer({ min: 0, max: 95 }),
        fc.integer({ min: 1, max: 32 }),
        fc.integer({ min: 0, max: 4000 }),
        (rules, date, s, len, worked) => {
          const startMin = s * 15;
          const endMin = Math.min(1440, startMin + len * 15);
          const start = fromMinutes(startMin);
          const end = fromMinutes(endMin);
          if (!covers(rules, date, start, end, worked)) return;
          const ranges = windowsOn(rules, date);
          for (let m = startMin; m < endMin; m++) expect(inside(ranges, m)).toBe(true);
          // …and that the shift lies in ONE window, not across a gap.
          expect(ranges.some((r) => toMinutes(r.start) <= startMin && endMin <= toMinutes(r.end))).toBe(true);
        },
      ),
    );
  });

  it('a weekly limit of W never lets the sum of covered shifts in a week exceed W', () => {
    const shiftArb = fc.record({
      day: fc.integer({ min: 0, max: 6 }),
      start: fc.integer({ min: 0, max: 90 }),
      len: fc.integer({ min: 1, max: 24 }),
    });
    fc.assert(
      fc.property(
        rulesArb,
        fc.integer({ min: 0, max: 3000 }),
        dateArb,
        fc.array(shiftArb, { maxLength: 40 }),
        (rules, max, someDate, shifts) => {
          const limited = { ...rules, maxMinutesPerWeek: max };
          const monday = weekStartOf(someDate);
          let committed = 0;
          for (const s of shifts) {
            const start = s.start * 15;
            const end = Math.min(1440, start + s.len * 15);
            if (covers(limited, addDays(monday, s.day), fromMinutes(start), fromMinutes(end), committed))
              committed += end - start;
          }
          expect(committed).toBeLessThanOrEqual(max);
        },
      ),
    );
  });

  it('maps instants near midnight (Tokyo and UTC) to the right Tokyo date', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -120, max: 120 }), (date, offsetMin) => {
        // Around Tokyo midnight at the start of `date`.
        const at = new Date(Date.parse(`${date}T00:00:00+09:00`) + offsetMin * 60_000);
        const expected = offsetMin < 0 ? addDays(date, -1) : date;
        expect(tokyoParts(at).date).toBe(expected);
        // Around UTC midnight at the start of `date`: it is already 09:00 that day in Tokyo.
        const utc = new Date(Date.parse(`${date}T00:00:00Z`) + offsetMin * 60_000);
        expect(tokyoParts(utc).date).toBe(date);
        expect(tokyoParts(utc).minute).toBeCloseTo(9 * 60 + offsetMin, 6);
      }),
    );
  });

  it('round-trips Tokyo wall-clock times through instants', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 1439 }), (date, m) => {
        const parts = tokyoParts(tokyoInstant(date, fromMinutes(m)));
        expect(parts).toEqual({ date, minute: m });
      }),
    );
  });

  it('weeks run Monday to Sunday', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const monday = weekStartOf(date);
        expect(weekdayOf(monday)).toBe(1);
        expect(monday <= date && date <= addDays(monday, 6)).toBe(true);
      }),
    );
  });
});

// ---- tables -----------------------------------------------------------------------------------------

describe('minutes per day (capacity planning)', () => {
  it('sums each day’s ranges and never gives a week more than its maximum', () => {
    fc.assert(
      fc.property(rulesArb, dateArb, fc.integer({ min: 1, max: 40 }), (rules, from, days) => {
        const minutes = minutesPerDay(rules, from, days);
        expect(minutes).toHaveLength(days);
        minutes.forEach((m, i) => {
          const given = windowsOn(rules, addDays(from, i)).reduce(
            (sum, r) => sum + toMinutes(r.end) - toMinutes(r.start),
            0,
          );
          expect(m).toBeGreaterThanOrEqual(0);
          expect(m).toBeLessThanOrEqual(given);
        });
        if (rules.maxMinutesPerWeek !== null) {
          const perWeek = new Map<string, number>();
          minutes.forEach((m, i) => {
            const week = weekStartOf(addDays(from, i));
            perWeek.set(week, (perWeek.get(week) ?? 0) + m);
          });
          for (const total of perWeek.values()) expect(total).toBeLessThanOrEqual(rules.maxMinutesPerWeek);
        }
      }),
    );
  });

  it('gives the typical schedule’s 22.5 hours in a week, less a holiday, capped early in the week', () => {
    expect(minutesPerDay(typical, '2026-11-30', 7)).toEqual([330, 180, 330, 180, 330, 0, 0]);
    // 2026-11-23 (Mon) is 勤労感謝の日: off by default.
    expect(minutesPerDay(typical, '2026-11-23', 2)).toEqual([0, 180]);
    expect(minutesPerDay({ ...typical, maxMinutesPerWeek: 600 }, '2026-11-30', 7)).toEqual([
      330, 180, 90, 0, 0, 0, 0,
    ]);
  });
});

describe('the DOMAIN schedules and 2026 holidays', () => {
  it.each([
    ['2026-11-30', 1, [{ start: '09:00', end: '14:30' }]], // Monday
    ['2026-12-01', 2, [{ start: '09:00', end: '12:00' }]],
    ['2026-12-02', 3, [{ start: '09:00', end: '14:30' }]],
    ['2026-12-03', 4, [{ start: '09:00', end: '12:00' }]],
    ['2026-12-04', 5, [{ start: '09:00', end: '14:30' }]],
    ['2026-12-05', 6, []],
    ['2026-12-06', 7, []],
  ])('%s (weekday %i) gives %j', (date, weekday, ranges) => {
    expect(weekdayOf(date)).toBe(weekday as Weekday);
    expect(windowsOn(typical, date)).toEqual(ranges);
  });

  it.each([
    ['2026-01-01', '元日'],
    ['2026-01-12', '成人の日'],
    ['2026-02-11', '建国記念の日'],
    ['2026-02-23', '天皇誕生日'],
    ['2026-03-20', '春分の日'],
    ['2026-04-29', '昭和の日'],
    ['2026-05-04', 'みどりの日'],
    ['2026-05-05', 'こどもの日'],
    ['2026-05-06', '振替休日'],
    ['2026-07-20', '海の日'],
    ['2026-08-11', '山の日'],
    ['2026-09-21', '敬老の日'],
    ['2026-09-22', '休日'], // 国民の休日, between 敬老の日 and 秋分の日
    ['2026-09-23', '秋分の日'],
    ['2026-10-12', 'スポーツの日'],
    ['2026-11-03', '文化の日'],
    ['2026-11-23', '勤労感謝の日'],
  ])('%s is %s: a day off by default, worked with opt-in', (date, name) => {
    expect(holidayOn(date)?.ja).toContain(name);
    expect(dayAvailability(typical, date)).toMatchObject({ reason: 'holiday', ranges: [] });
    expect(windowsOn({ ...typical, worksOnHolidays: true }, date)).toEqual(
      typical.pattern[weekdayOf(date)] ?? [],
    );
  });

  it('2026-01-13 (the day after 成人の日) is an ordinary Tuesday', () => {
    expect(holidayOn('2026-01-13')).toBeNull();
    expect(windowsOn(typical, '2026-01-13')).toEqual([{ start: '09:00', end: '12:00' }]);
  });

  it('minutes left on a Monday at 14:00 Tokyo (05:00 UTC) is 30, capped by the week', () => {
    const at = new Date('2026-11-30T05:00:00Z');
    expect(minutesLeftAt(typical, at, 0)).toBe(30);
    expect(minutesLeftAt({ ...typical, maxMinutesPerWeek: 600 }, at, 590)).toBe(10);
    expect(minutesLeftAt({ ...typical, maxMinutesPerWeek: 600 }, at, 700)).toBe(0);
    expect(minutesLeftAt(typical, new Date('2026-11-30T05:30:00Z'), 0)).toBe(0); // 14:30: the window has ended
    expect(minutesLeftAt(typical, new Date('2026-11-29T23:59:00Z'), 0)).toBe(0); // 08:59
    expect(minutesLeftAt(typical, new Date('2026-11-30T00:00:00Z'), 0)).toBe(330); // 09:00
  });

  it('a child is sick today: a day off; a week off; a day with different hours', () => {
    const rules: AvailabilityRules = {
      ...typical,
      exceptions: [
        { kind: 'off', dateFrom: '2026-11-30', dateTo: '2026-11-30' },
        { kind: 'off', dateFrom: '2026-12-07', dateTo: '2026-12-13' },
        {
          kind: 'hours',
          dateFrom: '2026-12-02',
          dateTo: '2026-12-02',
          ranges: [{ start: '13:00', end: '15:00' }],
        },
      ],
    };
    expect(minutesLeftAt(rules, new Date('2026-11-30T01:00:00Z'), 0)).toBe(0);
    for (let i = 0; i < 7; i++) expect(windowsOn(rules, addDays('2026-12-07', i))).toEqual([]);
    expect(windowsOn(rules, '2026-12-02')).toEqual([{ start: '13:00', end: '15:00' }]);
    expect(covers(rules, '2026-12-02', '09:00', '12:00', 0)).toBe(false);
    expect(covers(rules, '2026-12-02', '13:00', '15:00', 0)).toBe(true);
    expect(preview(rules, '2026-11-30', 3).map((d) => d.reason)).toEqual(['off', 'pattern', 'hours']);
  });

  it('covers a shift inside one window only, within the week’s maximum', () => {
    expect(covers(typical, '2026-11-30', '09:00', '13:00', 0)).toBe(true);
    expect(covers(typical, '2026-11-30', '09:00', '15:00', 0)).toBe(false);
    expect(covers(typical, '2026-12-01', '09:00', '13:00', 0)).toBe(false);
    expect(covers(typical, '2026-12-05', '09:00', '10:00', 0)).toBe(false);
    expect(covers({ ...typical, maxMinutesPerWeek: 300 }, '2026-11-30', '09:00', '13:00', 100)).toBe(false);
    expect(covers(typical, '2026-11-30', '13:00', '12:00', 0)).toBe(false);
  });

  it('finds end-before-start and overlapping ranges', () => {
    expect(rangeProblems([{ start: '09:00', end: '08:00' }])).toEqual([
      { index: 0, code: 'end_before_start' },
    ]);
    expect(
      rangeProblems([
        { start: '09:00', end: '12:00' },
        { start: '11:00', end: '13:00' },
      ]),
    ).toEqual([{ index: 1, code: 'overlap' }]);
    expect(
      rangeProblems([
        { start: '09:00', end: '12:00' },
        { start: '12:00', end: '13:00' },
      ]),
    ).toEqual([]);
  });
});
