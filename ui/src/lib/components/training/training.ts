import { formatDateTime, i18n } from '$lib/locale.svelte';

/** Shapes of the training API (core/src/modules/hub/training) and small helpers for its pages. */
export type Audience = 'worker' | 'director';
export type SessionMode = 'online' | 'centre';
export type EnrolmentStatus = 'enrolled' | 'attended' | 'passed' | 'failed' | 'cancelled';
export const ENROLMENT_STATUSES = ['enrolled', 'attended', 'passed', 'failed', 'cancelled'] as const;

export interface Centre {
  id: string;
  slug: string;
  nameJa: string;
  nameEn: string;
}

export interface Course {
  id: string;
  titleJa: string;
  titleEn: string;
  audience: Audience;
  workType: string | null;
  skills: string[];
  passScore: number;
  description: string;
  published: boolean;
  createdAt: string;
}

export interface CourseSummary extends Course {
  sessions: number;
  upcomingSessions: number;
}

export interface Session {
  id: string;
  courseId: string;
  startsAt: string;
  endsAt: string;
  mode: SessionMode;
  centre: Centre | null;
  place: string;
  capacity: number;
  seatsTaken: number;
  seatsLeft: number;
  started: boolean;
}

export interface HubSession extends Session {
  enrolments: Record<EnrolmentStatus, number>;
}

export interface HubCourse extends Course {
  sessions: HubSession[];
}

export interface CatalogueCourse extends Course {
  sessions: Session[];
}

export interface Catalogue {
  hub: Centre | null;
  courses: CatalogueCourse[];
}

/** An enrolment as the hub sees it: a pseudonymous worker id and the centre, nothing personal. */
export interface HubEnrolment {
  id: string;
  sessionId: string;
  courseId: string;
  pseudonym: string;
  centre: Centre | null;
  status: EnrolmentStatus;
  score: number | null;
  enrolledBy: 'centre' | 'worker';
  enrolledAt: string;
  attendedAt: string | null;
  assessedAt: string | null;
}

/** An enrolment as the worker's own centre sees it. */
export interface OwnEnrolment extends HubEnrolment {
  userId: string;
  displayName: string;
  email: string;
  course: {
    titleJa: string;
    titleEn: string;
    audience: Audience;
    skills: string[];
    passScore: number;
  } | null;
  session: {
    startsAt: string;
    endsAt: string;
    mode: SessionMode;
    place: string;
    centre: Centre | null;
  } | null;
}

export interface Member {
  id: string;
  userId: string;
  email: string;
  displayName: string;
  role: string;
}

export const statusBadge = (s: EnrolmentStatus) =>
  s === 'passed'
    ? 'badge-active'
    : s === 'failed' || s === 'cancelled'
      ? 'badge-failed'
      : s === 'attended'
        ? 'badge-pending'
        : 'badge-neutral';

/** A centre's or a course's name in the current language. */
export const nameIn = (x: { nameJa: string; nameEn: string }, locale: 'ja' | 'en') =>
  locale === 'ja' ? x.nameJa : x.nameEn;
export const titleIn = (x: { titleJa: string; titleEn: string }, locale: 'ja' | 'en') =>
  locale === 'ja' ? x.titleJa : x.titleEn;

/** A `datetime-local` value ("2026-12-07T09:00") read as Japan time, as ISO 8601 with the offset. */
export const tokyoInstant = (value: string) =>
  value ? `${value.length === 16 ? `${value}:00` : value}+09:00` : '';

/** A session's time in the current language: the start with its date, the end as a time of day (Japan time). */
export function sessionWhen(s: { startsAt: string; endsAt: string }): string {
  const end = new Intl.DateTimeFormat(i18n.locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeStyle: 'short',
    timeZone: 'Asia/Tokyo',
  }).format(new Date(s.endsAt));
  return `${formatDateTime(s.startsAt)}–${end}`;
}

/** Where a session takes place, in the current language. */
export function sessionWhere(
  s: { mode: SessionMode; centre: Centre | null; place: string },
  online: string,
): string {
  const centre = s.centre ? nameIn(s.centre, i18n.locale) : '';
  return [s.mode === 'online' ? online : '', centre, s.place].filter(Boolean).join(' · ');
}
