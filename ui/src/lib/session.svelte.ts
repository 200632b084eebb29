import { goto } from '$app/navigation';
import { ApiError, api, configureApi, setCsrfToken } from './api';
import type { Locale } from './i18n';
import { setDeviceLocale } from './locale.svelte';
import { disconnectRealtime } from './realtime.svelte';
import type { Me, Membership } from './types';

/** Who is signed in (null: nobody). Read by every page; written only here. */
export const session = $state<{ me: Me | null }>({ me: null });

const LAST_TENANT_KEY = 'kado.tenant';

function setMe(me: Me | null): void {
  session.me = me;
  setCsrfToken(me?.csrfToken ?? null);
  // The language is remembered per user: their choice wins over this device's.
  if (me) setDeviceLocale(me.user.locale);
}

let loading: Promise<void> | null = null;

/** Reads the session once per page load (GET /api/me); 401 means nobody is signed in. */
export function loadSession(): Promise<void> {
  loading ??= api.get<Me>('/me').then(
    (me) => setMe(me),
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setMe(null);
      else {
        loading = null;
        throw error;
      }
    },
  );
  return loading;
}

export async function refreshSession(): Promise<void> {
  setMe(await api.get<Me>('/me'));
}

export async function signIn(email: string, password: string): Promise<Me> {
  const me = await api.post<Me>('/auth/sign-in', { email, password });
  disconnectRealtime();
  setMe(me);
  return me;
}

/** After accepting an invitation the API signs the person in; keep this device's language choice. */
export async function adoptSignedInSession(me: Me, deviceLocale: Locale): Promise<void> {
  disconnectRealtime();
  setMe(me);
  if (me.user.locale !== deviceLocale) await changeLocale(deviceLocale);
}

export async function signOut(): Promise<void> {
  try {
    await api.post('/auth/sign-out');
  } catch {
    // already signed out: nothing to undo
  }
  disconnectRealtime();
  session.me = null;
  setCsrfToken(null);
  await goto('/sign-in?signedOut=1');
}

/** Switch the language; saved on the user when signed in, on the device always. */
export async function changeLocale(locale: Locale): Promise<void> {
  setDeviceLocale(locale);
  if (session.me && session.me.user.locale !== locale) {
    const me = await api.patch<Me>('/me', { locale });
    session.me = me;
    setCsrfToken(me.csrfToken);
  }
}

export function membershipOf(slug: string | undefined): Membership | undefined {
  return slug ? session.me?.memberships.find((m) => m.tenant.slug === slug) : undefined;
}

export function rememberTenant(slug: string): void {
  try {
    localStorage.setItem(LAST_TENANT_KEY, slug);
  } catch {
    // not stored: the first centre is used next time
  }
}

/** Where a signed-in person starts: the centre they used last, else their first. */
export function homePath(): string | null {
  const memberships = session.me?.memberships ?? [];
  let last: string | null = null;
  try {
    last = localStorage.getItem(LAST_TENANT_KEY);
  } catch {
    last = null;
  }
  const chosen = memberships.find((m) => m.tenant.slug === last) ?? memberships[0];
  return chosen ? `/t/${chosen.tenant.slug}` : null;
}

configureApi({
  onUnauthenticated: () => {
    if (!session.me) return;
    setMe(null);
    disconnectRealtime();
    const next = `${location.pathname}${location.search}`;
    void goto(`/sign-in?expired=1&next=${encodeURIComponent(next)}`);
  },
  refreshCsrf: async () => {
    try {
      const me = await api.get<Me>('/me');
      session.me = me;
      return me.csrfToken;
    } catch {
      return null;
    }
  },
});
