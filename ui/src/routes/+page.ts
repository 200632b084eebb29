import { redirect } from '@sveltejs/kit';
import { homePath, session } from '$lib/session.svelte';

export const load = async ({ parent }) => {
  await parent();
  if (!session.me) redirect(307, '/sign-in');
  const home = homePath();
  if (home) redirect(307, home);
  return {};
};
