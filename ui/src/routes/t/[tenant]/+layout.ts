import { requireSignIn } from '$lib/guards';

export const load = async ({ parent, url }) => {
  await parent();
  requireSignIn(url);
  return {};
};
