import { page } from '$app/state';
import { membershipOf } from './session.svelte';
import type { Membership } from './types';

/** The centre of the current page (inside /t/[tenant]); the tenant layout has checked the membership. */
export function currentTenant(): { slug: string; membership: Membership } {
  const slug = page.params.tenant ?? '';
  const membership = membershipOf(slug);
  if (!membership) throw new Error(`not a member of ${slug}`);
  return { slug, membership };
}
