import { z } from 'zod';

export const ROLES = ['hub_admin', 'tenant_admin', 'director', 'worker', 'client'] as const;
/** Roles a tenant admin can grant; hub_admin is given only on the hub, by the CLI or another hub admin. */
export const GRANTABLE_ROLES = ['tenant_admin', 'director', 'worker', 'client'] as const;

export const Email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
export const Password = z.string().min(10).max(200);
export const DisplayName = z.string().trim().min(1).max(100);
export const Locale = z.enum(['ja', 'en']);

export const SignInBody = z.strictObject({ email: Email, password: z.string().min(1).max(200) });

export const MembershipView = z.object({
  id: z.uuid(),
  tenant: z.object({
    slug: z.string(),
    nameJa: z.string(),
    nameEn: z.string(),
    kind: z.string(),
    status: z.string(),
  }),
  role: z.enum(ROLES),
});

export const MeView = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), displayName: z.string(), locale: Locale }),
  memberships: z.array(MembershipView),
  csrfToken: z.string().nullable(),
});

export const UpdateMeBody = z.strictObject({
  displayName: DisplayName.optional(),
  locale: Locale.optional(),
});
