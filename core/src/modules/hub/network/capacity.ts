import { type AvailabilityRules, preview, toMinutes } from '../../workers/availability.js';

/**
 * Capacity arithmetic of the network view, pure: the minutes a worker gives over the next days from their
 * availability rules (pattern, exceptions, national holidays), and which workers hold a work type's skills.
 */

/**
 * The minutes a worker's rules give over `days` days from `from` (Tokyo dates), capped by their weekly
 * maximum. Seven days span at most two Monday–Sunday weeks, so the true cap could be up to twice the
 * maximum; capping the seven days by one week's maximum is the prudent reading ("what can we plan on in a
 * week"). A worker who never set hours (null) gives 0: nothing limits their claims, but nothing can be
 * planned on either — the view counts them separately.
 */
export function availableMinutes(rules: AvailabilityRules | null, from: string, days = 7): number {
  if (!rules) return 0;
  const minutes = preview(rules, from, days).reduce(
    (sum, d) => sum + d.ranges.reduce((s, r) => s + toMinutes(r.end) - toMinutes(r.start), 0),
    0,
  );
  return rules.maxMinutesPerWeek === null ? minutes : Math.min(minutes, rules.maxMinutesPerWeek);
}

/** Whether a worker's skills include every skill a work type needs (a type that needs none: everyone). */
export const qualifies = (held: ReadonlySet<string>, needed: readonly string[]) =>
  needed.every((s) => held.has(s));

/** Hours with one decimal, from whole minutes. */
export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
