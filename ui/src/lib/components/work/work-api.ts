import { ApiError, type FieldError } from '$lib/api';
import { i18n, t } from '$lib/locale.svelte';
import { refreshSession, session } from '$lib/session.svelte';
import type { MyWork, TenantPlugin, WorkTask } from '$lib/work-types';

/** A task as its worker sees it, with the work type and the order's parameters (GET /tasks/:id, /tasks/next). */
export interface HeldTask extends WorkTask {
  workType: string;
  parameters: unknown;
}

/** GET /t/:tenant/tasks/open: a shift a worker may sign up for. */
export interface OpenShift {
  id: string;
  projectId: string;
  workType: string;
  payload: unknown;
  estimatedMinutes: number;
  dueAt: string;
}

export type MyTask = MyWork['tasks'][number];

/** The payload of a shift-operations task (other hourly work types may look alike). */
export interface ShiftPayload {
  date: string;
  start: string;
  end: string;
  seat?: number;
  place?: 'centre' | 'home' | 'either';
}

export function asShift(payload: unknown): ShiftPayload | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  return typeof p.date === 'string' && typeof p.start === 'string' && typeof p.end === 'string'
    ? (p as unknown as ShiftPayload)
    : null;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** "4月1日（水）" / "Wed 1/4" for an ISO calendar date (a wall-clock date, no time zone shift). */
export function shiftDate(date: string): string {
  const [y, m, d] = date.split(/[-/]/).map(Number);
  if (!y || !m || !d) return date;
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
  return t('work.shiftDate', { month: m, day: d, weekday: t(`dayShort.${weekday}`) });
}

export const shiftTime = (s: ShiftPayload) => t('time.range', { opens: s.start, closes: s.end });

/** The work type's name in the current language, from the plugins list. */
export function workTypeTitle(plugins: TenantPlugin[], workType: string | undefined): string {
  const plugin = plugins.find((p) => p.id === workType);
  return plugin ? plugin.title[i18n.locale] : (workType ?? t('work.unknownType'));
}

/** The project file a task payload names. */
export const fileUrl = (slug: string, projectId: string) => (name: string) =>
  `/api/t/${slug}/projects/${projectId}/files/${encodeURIComponent(name)}`;

async function toError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  const type = typeof body.type === 'string' ? (body.type.split('/').pop() ?? 'unknown') : 'unknown';
  return new ApiError(
    res.status,
    type,
    typeof body.title === 'string' ? body.title : `HTTP ${res.status}`,
    typeof body.detail === 'string' ? body.detail : undefined,
    Array.isArray(body.errors) ? (body.errors as FieldError[]) : [],
  );
}

/**
 * PUT with the session's CSRF token (the shared api client has no PUT). `keepalive` lets a draft save
 * finish while the page is being left.
 */
export async function put<T>(path: string, body: unknown, keepalive = false, retried = false): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: 'PUT',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        ...(session.me?.csrfToken && { 'x-csrf-token': session.me.csrfToken }),
      },
      credentials: 'same-origin',
      body: JSON.stringify(body),
      keepalive,
    });
  } catch {
    throw new ApiError(0, 'network', 'サーバーに接続できません / Cannot reach the server', undefined, []);
  }
  if (res.ok) {
    const text = res.status === 204 ? '' : await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const error = await toError(res);
  if (error.type === 'csrf-failed' && !retried) {
    await refreshSession();
    return put<T>(path, body, keepalive, true);
  }
  throw error;
}
