import { describe, expect, it } from 'vitest';
import { OrderParameters } from '../src/schemas.js';
import { shiftMinutes, shiftsForDate, splitSpan } from '../src/staffing.js';
import { normaliseDate, weekdayOf } from '../src/time.js';
import { busOperations } from './samples.js';

const hm = (h: number, m = 0) => h * 60 + m;
const times = (pieces: [number, number][]) => pieces.map(([a, b]) => [b - a, a, b]);

describe('weekdays', () => {
  it('knows the day of the week of a calendar date', () => {
    expect(weekdayOf('2026-04-01')).toBe('wed');
    expect(weekdayOf('2026-04-05')).toBe('sun');
    expect(weekdayOf('2024-02-29')).toBe('thu');
    expect(weekdayOf('2000-01-01')).toBe('sat');
  });

  it('reads the dates clients write and refuses impossible ones', () => {
    expect(normaliseDate('2026/4/1')).toBe('2026-04-01');
    expect(normaliseDate('２０２６／０４／０１')).toBe('2026-04-01');
    expect(normaliseDate('2026-02-29')).toBe('invalid');
    expect(normaliseDate('2024-02-29')).toBe('2024-02-29');
    expect(normaliseDate('4月1日')).toBeNull();
  });
});

describe('splitSpan', () => {
  it('leaves a span that fits as one shift', () => {
    expect(splitSpan(hm(9), hm(13), 240)).toEqual([[hm(9), hm(13)]]);
  });

  it('splits a long slot into consecutive pieces of at most the maximum, the last shorter', () => {
    expect(times(splitSpan(hm(7), hm(20), 240))).toEqual([
      [240, hm(7), hm(11)],
      [240, hm(11), hm(15)],
      [240, hm(15), hm(19)],
      [60, hm(19), hm(20)],
    ]);
  });

  it('merges a remainder under 30 minutes into the piece before it', () => {
    expect(times(splitSpan(hm(9), hm(17, 15), 240))).toEqual([
      [240, hm(9), hm(13)],
      [255, hm(13), hm(17, 15)],
    ]);
    expect(times(splitSpan(hm(9), hm(17, 30), 240)).at(-1)).toEqual([30, hm(17), hm(17, 30)]);
  });

  it('keeps a slot shorter than 30 minutes', () => {
    expect(splitSpan(hm(12), hm(12, 20), 240)).toEqual([[hm(12), hm(12, 20)]]);
  });

  it('uses the order maximum', () => {
    expect(splitSpan(hm(8), hm(17), 540)).toEqual([[hm(8), hm(17)]]);
    expect(splitSpan(hm(8), hm(11), 60)).toHaveLength(3);
  });
});

describe('shiftsForDate', () => {
  const parameters = OrderParameters.parse(busOperations);

  it('staffs 2 operators, weekdays 7:00–20:00, over a week with a weekend', () => {
    // 2026-03-30 is a Monday; 04-04 and 04-05 are the weekend.
    const week = [
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
      '2026-04-02',
      '2026-04-03',
      '2026-04-04',
      '2026-04-05',
    ];
    const shifts = week.flatMap((date) => [...shiftsForDate(date, parameters)]);
    // 5 weekdays × 4 shifts (7–11, 11–15, 15–19, 19–20) × 2 seats.
    expect(shifts).toHaveLength(40);
    expect(shifts.filter((s) => s.date === '2026-04-04' || s.date === '2026-04-05')).toEqual([]);
    expect(shifts.filter((s) => s.date === '2026-04-01')).toEqual([
      { date: '2026-04-01', start: '07:00', end: '11:00', seat: 1, place: 'centre' },
      { date: '2026-04-01', start: '07:00', end: '11:00', seat: 2, place: 'centre' },
      { date: '2026-04-01', start: '11:00', end: '15:00', seat: 1, place: 'centre' },
      { date: '2026-04-01', start: '11:00', end: '15:00', seat: 2, place: 'centre' },
      { date: '2026-04-01', start: '15:00', end: '19:00', seat: 1, place: 'centre' },
      { date: '2026-04-01', start: '15:00', end: '19:00', seat: 2, place: 'centre' },
      { date: '2026-04-01', start: '19:00', end: '20:00', seat: 1, place: 'centre' },
      { date: '2026-04-01', start: '19:00', end: '20:00', seat: 2, place: 'centre' },
    ]);
    // Every minute of every weekday is covered twice.
    expect(shifts.reduce((sum, s) => sum + shiftMinutes(s), 0)).toBe(5 * 13 * 60 * 2);
  });

  it('adds each slot of the day, with the order place and maximum', () => {
    const counter = OrderParameters.parse({
      service: { ja: '窓口・予約サポート', en: 'Counter and reservation support' },
      place: 'either',
      maxShiftMinutes: 300,
      slots: [
        { days: ['sat'], start: '09:00', end: '12:00', staff: 1 },
        { days: ['sat', 'sun'], start: '13:00', end: '18:00', staff: 3 },
      ],
    });
    const saturday = [...shiftsForDate('2026-04-04', counter)];
    expect(saturday).toHaveLength(4);
    expect(saturday.map((s) => `${s.start}-${s.end}#${s.seat}`)).toEqual([
      '09:00-12:00#1',
      '13:00-18:00#1',
      '13:00-18:00#2',
      '13:00-18:00#3',
    ]);
    expect(saturday.every((s) => s.place === 'either')).toBe(true);
    expect([...shiftsForDate('2026-04-05', counter)]).toHaveLength(3);
  });

  it('defaults the maximum to 240 minutes and the place to the centre', () => {
    const parsed = OrderParameters.parse({ ...busOperations, place: undefined });
    expect(parsed.maxShiftMinutes).toBe(240);
    expect(parsed.place).toBe('centre');
  });

  it('refuses slots that end before they start, or without weekdays or staff', () => {
    const slot = busOperations.slots[0];
    for (const bad of [
      { ...slot, end: '06:00' },
      { ...slot, days: [] },
      { ...slot, staff: 0 },
      { ...slot, staff: 51 },
      { ...slot, start: '7:00' },
    ])
      expect(OrderParameters.safeParse({ ...busOperations, slots: [bad] }).success).toBe(false);
    expect(OrderParameters.safeParse({ ...busOperations, maxShiftMinutes: 30 }).success).toBe(false);
  });
});
