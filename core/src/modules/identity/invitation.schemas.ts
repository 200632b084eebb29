import { z } from 'zod';
import { DisplayName, Email, GRANTABLE_ROLES, Password } from './identity.schemas.js';

export const CreateInvitationBody = z.strictObject({ email: Email, role: z.enum(GRANTABLE_ROLES) });
export const AcceptInvitationBody = z.strictObject({
  token: z.string().min(10).max(200),
  displayName: DisplayName,
  password: Password,
});
export const InvitationView = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(GRANTABLE_ROLES),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  expiresAt: z.date(),
  createdAt: z.date(),
});
