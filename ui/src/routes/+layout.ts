import { loadSession } from '$lib/session.svelte';

// A client-rendered app: the session lives in an httpOnly cookie the API reads; the page asks /api/me.
export const ssr = false;
export const prerender = false;

export const load = async () => {
  await loadSession();
  return {};
};
