import { describe, expect, it } from 'vitest';
import { formatHours, rosterHours, workedMinutes } from '../src/hours.js';
import plugin from '../src/index.js';
import { ShiftReport } from '../src/schemas.js';
import { busOperations, shift } from './samples.js';

const parameters = plugin.orderParameters.parse(busOperations);
const check = (report: Partial<ShiftReport>) =>
  plugin.checkSubmission?.(
    ShiftReport.parse({ startedAt: '07:00', endedAt: '11:00', handled: 10, ...report }),
    shift,
    parameters,
  );

describe('checkSubmission', () => {
  it('accepts a report of the shift, a little early or late', () => {
    expect(check({})).toEqual([]);
    expect(check({ startedAt: '06:00', endedAt: '13:00', breakMinutes: 60 })).toEqual([]);
  });

  it('wants the end after the start', () => {
    expect(check({ startedAt: '11:00', endedAt: '11:00' })).toEqual([
      { pointer: '/endedAt', message: expect.stringContaining(' / ended must be after started') },
    ]);
    expect(check({ startedAt: '10:00', endedAt: '07:30' })).toMatchObject([{ pointer: '/endedAt' }]);
  });

  it('wants the break shorter than the time worked', () => {
    expect(check({ breakMinutes: 240 })).toEqual([
      { pointer: '/breakMinutes', message: expect.stringContaining('休憩') },
    ]);
    expect(check({ breakMinutes: 239 })).toEqual([]);
  });

  it('refuses a start more than 60 minutes early and an end more than 120 minutes late', () => {
    expect(check({ startedAt: '05:59' })).toMatchObject([
      { pointer: '/startedAt', message: expect.stringContaining(' / started more than 60 minutes before') },
    ]);
    expect(check({ endedAt: '13:01' })).toMatchObject([
      { pointer: '/endedAt', message: expect.stringContaining(' / ended more than 120 minutes after') },
    ]);
  });

  it('refuses a report that ended before the shift began', () => {
    expect(check({ startedAt: '06:05', endedAt: '06:50' })).toMatchObject([{ pointer: '/endedAt' }]);
  });

  it('defaults break, incidents and notes and refuses negative counts', () => {
    expect(ShiftReport.parse({ startedAt: '07:00', endedAt: '11:00', handled: 0 })).toEqual({
      startedAt: '07:00',
      endedAt: '11:00',
      breakMinutes: 0,
      handled: 0,
      incidents: '',
      notes: '',
    });
    expect(ShiftReport.safeParse({ startedAt: '07:00', endedAt: '11:00', handled: -1 }).success).toBe(false);
    expect(ShiftReport.safeParse({ startedAt: '7:00', endedAt: '11:00', handled: 1 }).success).toBe(false);
    expect(
      ShiftReport.safeParse({ startedAt: '07:00', endedAt: '11:00', handled: 1, notes: 'あ'.repeat(2001) })
        .success,
    ).toBe(false);
  });
});

describe('hours', () => {
  it('counts ended − started − break', () => {
    expect(workedMinutes({ startedAt: '06:55', endedAt: '11:05', breakMinutes: 15 })).toBe(235);
    expect(workedMinutes({ startedAt: '11:00', endedAt: '10:00', breakMinutes: 0 })).toBe(0);
  });

  it('rounds to the nearest quarter hour for the roster', () => {
    expect(rosterHours(235)).toBe(4);
    expect(rosterHours(232)).toBe(3.75);
    expect(rosterHours(233)).toBe(4);
    expect(rosterHours(7)).toBe(0);
    expect(rosterHours(8)).toBe(0.25);
    expect(formatHours(3.75)).toBe('3.75');
    expect(formatHours(0.1 + 0.2)).toBe('0.3');
  });

  it('estimates a task as its shift length', () => {
    expect(plugin.estimateMinutes(shift, parameters)).toBe(240);
  });

  it('compares the timed fields and the count, not the free text', () => {
    const a = ShiftReport.parse({ startedAt: '07:00', endedAt: '11:00', handled: 10, notes: 'a' });
    expect(plugin.compare(a, { ...a, notes: 'b' }, parameters)).toEqual({ agreement: 1, differences: [] });
    expect(plugin.compare(a, { ...a, handled: 11, endedAt: '11:30' }, parameters)).toEqual({
      agreement: 0.5,
      differences: ['/endedAt', '/handled'],
    });
  });
});
