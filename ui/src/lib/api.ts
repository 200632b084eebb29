/**
 * The one way the app talks to the API (same origin, /api). Writes carry the session's CSRF token; errors
 * arrive as RFC 9457 problems and are thrown as ApiError, with per-field `errors[]` kept for the forms.
 */
export interface FieldError {
  /** JSON pointer into the request, e.g. `/body/email`. */
  pointer: string;
  /** Bilingual: "日本語 / English". */
  detail: string;
  code: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The problem slug, e.g. `validation-failed`; `network` when the server could not be reached. */
    readonly type: string,
    /** Bilingual title "日本語 / English". */
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[],
    /** The problem's other members (RFC 9457 extensions), e.g. the figures of an `over-budget` problem. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;
let refreshCsrf: (() => Promise<string | null>) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Hooks the session module installs: what to do when the session has ended, and how to re-read the token. */
export function configureApi(hooks: {
  onUnauthenticated: () => void;
  refreshCsrf: () => Promise<string | null>;
}): void {
  onUnauthenticated = hooks.onUnauthenticated;
  refreshCsrf = hooks.refreshCsrf;
}

const NETWORK_TITLE = 'サーバーに接続できません / Cannot reach the server';

async function toApiError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON: keep the status only
  }
  const type = typeof body.type === 'string' ? (body.type.split('/').pop() ?? 'unknown') : 'unknown';
  const title = typeof body.title === 'string' ? body.title : `HTTP ${res.status}`;
  const detail = typeof body.detail === 'string' ? body.detail : undefined;
  const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
  const { type: _t, title: _ti, status: _s, detail: _d, errors: _e, instance: _i, ...extensions } = body;
  return new ApiError(res.status, type, title, detail, errors, extensions);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
  retried = false,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', NETWORK_TITLE, undefined, []);
  }
  if (res.ok) {
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const error = await toApiError(res);
  // The token changes when a session is replaced (e.g. signed in in another tab): re-read it once.
  if (error.type === 'csrf-failed' && !retried && refreshCsrf) {
    csrfToken = await refreshCsrf();
    return request<T>(method, path, body, extraHeaders, true);
  }
  if (error.type === 'unauthenticated' && !path.startsWith('/auth/')) onUnauthenticated?.();
  throw error;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>('POST', path, body, headers),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: (path: string) => request<void>('DELETE', path),
};

export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError(0, 'client', 'エラーが発生しました / Something went wrong', String(error), []);

/** Query string from defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
