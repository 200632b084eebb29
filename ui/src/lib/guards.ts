import { redirect } from '@sveltejs/kit';
import { session } from './session.svelte';

/** In a load function: send someone who is not signed in to the sign-in page, and back afterwards. */
export function requireSignIn(url: URL): void {
  if (!session.me) redirect(307, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/** A `next` parameter is followed only to a path on this site. */
export function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') ? next : null;
}
