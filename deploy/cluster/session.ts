/** A signed-in person talking to the API with fetch, as the web app does (session cookie + CSRF token). */
export interface Session {
  cookie: string;
  csrfToken: string;
  headers: Record<string, string>;
  call<T = unknown>(base: string, method: string, path: string, body?: unknown): Promise<Answer<T>>;
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** The demo people's password, as `kado seed --demo` prints it (README.md). */
export const DEMO_PASSWORD = 'kado-demo-2026';

export async function signIn(base: string, email: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  return {
    cookie,
    csrfToken,
    headers,
    async call<T>(base: string, method: string, path: string, body?: unknown) {
      const r = await fetch(`${base}/api${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
  };
}
