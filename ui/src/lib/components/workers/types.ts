/** Shapes of the workers API (core/src/modules/workers) as the pages use them. */
export const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayKey = (typeof DAY_KEYS)[number];

export interface TimeRange {
  start: string;
  end: string;
}

export interface AvailabilityException {
  id: string;
  kind: 'off' | 'hours';
  dateFrom: string;
  dateTo: string;
  ranges: TimeRange[];
  note: string;
}

export interface Availability {
  configured: boolean;
  pattern: Record<DayKey, TimeRange[]>;
  maxMinutesPerWeek: number | null;
  worksOnHolidays: boolean;
  exceptions: AvailabilityException[];
}

export type DayReason = 'pattern' | 'off' | 'hours' | 'holiday' | 'none';

export interface PreviewDay {
  date: string;
  weekday: number;
  holiday: { ja: string; en: string } | null;
  reason: DayReason;
  ranges: TimeRange[];
  minutes: number;
}

export interface Preview {
  configured: boolean;
  days: PreviewDay[];
}

export interface Training {
  id: string;
  course: string;
  completedOn: string;
}

export interface WorkerProfile {
  userId: string;
  displayName: string;
  accountEmail: string;
  legalName: string;
  phone: string;
  email: string;
  address: string;
  preferredPlace: 'centre' | 'home' | 'both';
  accessibilityNeeds: string;
  timeConstraintReason: 'childcare' | 'caregiving' | 'disability' | 'study' | 'other' | null;
  note: string;
  deletionRequestedAt: string | null;
  pseudonymisedAt: string | null;
  skills: { skill: string; level: number }[];
  trainings: Training[];
}

export interface WorkerRow {
  userId: string;
  displayName: string;
  email: string;
  preferredPlace: 'centre' | 'home' | 'both';
  deletionRequestedAt: string | null;
  pseudonymisedAt: string | null;
  maxMinutesPerWeek: number | null;
}

/** Today's date in Asia/Tokyo (UTC+9, no daylight saving), 'YYYY-MM-DD'. */
export const tokyoToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

/** A calendar date for people: month, day and weekday in the page's language. */
export function dayLabel(date: string, locale: 'ja' | 'en'): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

export const rangesText = (ranges: TimeRange[]) => ranges.map((r) => `${r.start}–${r.end}`).join(', ');

export const PREFERRED_PLACES = ['centre', 'home', 'both'] as const;
export const TIME_CONSTRAINT_REASONS = ['childcare', 'caregiving', 'disability', 'study', 'other'] as const;

/** The centre-profile fields a form edits (`PATCH …/me/profile` and `PATCH …/workers/:userId`). */
export const PROFILE_FIELDS = [
  'legalName',
  'phone',
  'email',
  'address',
  'preferredPlace',
  'accessibilityNeeds',
  'timeConstraintReason',
  'note',
] as const;

/** The form's values: the reason is '' for "prefer not to say" (null in the API). */
export interface ProfileDraft {
  legalName: string;
  phone: string;
  email: string;
  address: string;
  preferredPlace: WorkerProfile['preferredPlace'];
  accessibilityNeeds: string;
  timeConstraintReason: string;
  note: string;
}

export const profileDraft = (p: WorkerProfile): ProfileDraft => ({
  legalName: p.legalName,
  phone: p.phone,
  email: p.email,
  address: p.address,
  preferredPlace: p.preferredPlace,
  accessibilityNeeds: p.accessibilityNeeds,
  timeConstraintReason: p.timeConstraintReason ?? '',
  note: p.note,
});

/** The PATCH body for a draft. */
export const profileBody = (d: ProfileDraft) => ({
  ...d,
  timeConstraintReason: d.timeConstraintReason === '' ? null : d.timeConstraintReason,
});
