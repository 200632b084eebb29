import {
  DEFAULT_MAX_SHIFT_MINUTES,
  type OrderParameters,
  type Place,
  type Slot,
  type Task,
} from './schemas.js';
import { fromMinutes, toMinutes, weekdayOf } from './time.js';

/** A remainder shorter than this is not offered as a shift of its own. */
export const MIN_SHIFT_MINUTES = 30;

/**
 * Splits [start, end) (minutes since midnight) into consecutive pieces of at most `max` minutes; the last
 * piece may be shorter. Rule for a short tail: a remainder under 30 minutes is merged into the piece before
 * it, which then runs up to `max + 29` minutes — nobody signs up for a 15-minute shift, and a quarter of an
 * hour more is easier to staff than a seat of its own. A span shorter than 30 minutes stays one piece.
 */
export function splitSpan(start: number, end: number, max = DEFAULT_MAX_SHIFT_MINUTES): [number, number][] {
  const pieces: [number, number][] = [];
  for (let at = start; at < end; at += max) pieces.push([at, Math.min(at + max, end)]);
  const last = pieces.at(-1);
  const previous = pieces.at(-2);
  if (last && previous && last[1] - last[0] < MIN_SHIFT_MINUTES) {
    previous[1] = last[1];
    pieces.pop();
  }
  return pieces;
}

/** The shift seats one slot asks for on one date; none when the slot is not on that weekday. */
export function* slotShifts(
  date: string,
  slot: Slot,
  place: Place,
  maxShiftMinutes = DEFAULT_MAX_SHIFT_MINUTES,
): Generator<Task> {
  if (!slot.days.includes(weekdayOf(date))) return;
  for (const [start, end] of splitSpan(toMinutes(slot.start), toMinutes(slot.end), maxShiftMinutes))
    for (let seat = 1; seat <= slot.staff; seat++)
      yield { date, start: fromMinutes(start), end: fromMinutes(end), seat, place };
}

/**
 * Every shift seat the order's slots ask for on one date, slot by slot in the order given. Two slots that
 * overlap on a date each keep their own seats, numbered from 1 per shift.
 */
export function* shiftsForDate(
  date: string,
  parameters: Pick<OrderParameters, 'slots' | 'place'> & { maxShiftMinutes?: number },
): Generator<Task> {
  for (const slot of parameters.slots)
    yield* slotShifts(date, slot, parameters.place, parameters.maxShiftMinutes ?? DEFAULT_MAX_SHIFT_MINUTES);
}

/** The length of a shift in minutes. */
export const shiftMinutes = (task: Pick<Task, 'start' | 'end'>): number =>
  toMinutes(task.end) - toMinutes(task.start);
