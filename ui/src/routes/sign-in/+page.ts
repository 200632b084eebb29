import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/guards';
import { homePath, session } from '$lib/session.svelte';

export const load = async ({ parent, url }) => {
  await parent();
  if (session.me) redirect(307, safeNext(url.searchParams.get('next')) ?? homePath() ?? '/');
  return {};
};
