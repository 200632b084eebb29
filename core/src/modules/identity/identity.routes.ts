import type { Response } from 'express';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../http/authenticate.js';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import type { Config } from '../../kernel/config.js';
import { Problem } from '../../kernel/problems.js';
import { Slug } from '../tenants/tenant.schemas.js';
import { type ApiTokensService, toApiTokenView } from './api-tokens.service.js';
import { GRANTABLE_ROLES, MeView, ROLES, SignInBody, UpdateMeBody } from './identity.schemas.js';
import { AcceptInvitationBody, CreateInvitationBody, InvitationView } from './invitation.schemas.js';
import { type InvitationsService, toInvitationView } from './invitations.service.js';
import type { MembershipsService } from './memberships.service.js';
import type { SessionsService } from './sessions.service.js';
import type { SignInService } from './sign-in.service.js';
import type { UsersService } from './users.service.js';

export interface IdentityServices {
  config: Config;
  signIn: SignInService;
  sessions: SessionsService;
  users: UsersService;
  memberships: MembershipsService;
  invitations: InvitationsService;
  apiTokens: ApiTokensService;
}

const TenantParams = z.strictObject({ tenant: Slug });
const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });
const ApiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(GRANTABLE_ROLES),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export function identityRoutes(s: IdentityServices) {
  const setSessionCookie = (res: Response, session: { token: string; expiresAt: Date }) =>
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: s.config.cookieSecure,
      path: '/',
      expires: session.expiresAt,
    });

  const me = async (userId: string, csrfToken: string | null) => {
    const [user, memberships] = await Promise.all([s.users.get(userId), s.users.memberships(userId)]);
    return {
      user: { id: user.id, email: user.email, displayName: user.display_name, locale: user.locale },
      memberships: memberships.map((m) => ({
        id: m.id,
        role: m.role,
        tenant: { slug: m.slug, nameJa: m.name_ja, nameEn: m.name_en, kind: m.kind, status: m.status },
      })),
      csrfToken,
    };
  };

  return [
    defineRoute({
      method: 'post',
      path: '/auth/sign-in',
      summary: 'サインイン / Sign in with e-mail and password',
      tags: ['identity'],
      access: { kind: 'public' },
      body: SignInBody,
      response: { status: 200, description: 'Signed in; sets the session cookie', schema: MeView },
      handle: async ({ body, req, res }) => {
        const { user, session } = await s.signIn.signIn(body.email, body.password, req.ip ?? 'unknown');
        setSessionCookie(res, session);
        return me(user.id, session.csrfToken);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/sign-out',
      summary: 'サインアウト / Sign out',
      tags: ['identity'],
      access: { kind: 'signed-in' },
      response: { status: 204, description: 'Signed out' },
      handle: async ({ user, res }) => {
        await s.sessions.revoke(user!.sessionToken);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me',
      summary: '自分の情報と所属 / Me, my memberships and my CSRF token',
      tags: ['identity'],
      access: { kind: 'signed-in' },
      response: { status: 200, description: 'Me', schema: MeView },
      handle: ({ user }) => me(user!.userId, user!.csrfToken),
    }),
    defineRoute({
      method: 'patch',
      path: '/me',
      summary: 'プロフィール変更 / Change my name or language',
      tags: ['identity'],
      access: { kind: 'signed-in' },
      body: UpdateMeBody,
      response: { status: 200, description: 'Me', schema: MeView },
      handle: async ({ user, body }) => {
        await s.users.update(user!.userId, body);
        return me(user!.userId, user!.csrfToken);
      },
    }),

    defineRoute({
      method: 'get',
      path: '/t/:tenant/members',
      summary: 'メンバー一覧 / Members of the centre',
      tags: ['members'],
      access: { kind: 'tenant', roles: TENANT_ROLES.staff },
      params: TenantParams,
      response: { status: 200, description: 'Members' },
      handle: () => s.memberships.list(),
    }),
    defineRoute({
      method: 'patch',
      path: '/t/:tenant/members/:id',
      summary: 'メンバーの役割を変更 / Change a member’s role',
      tags: ['members'],
      access: { kind: 'tenant', roles: TENANT_ROLES.admins },
      params: ItemParams,
      body: z.strictObject({ role: z.enum(ROLES) }),
      response: { status: 200, description: 'The membership' },
      handle: async ({ params, body, scope }) => {
        if (body.role === 'hub_admin' && (scope!.tenant.kind !== 'hub' || scope!.role !== 'hub_admin')) {
          throw new Problem(
            'forbidden',
            'hub_admin はハブでハブ管理者のみ付与できます / Only a hub admin on the hub grants hub_admin',
          );
        }
        const m = await s.memberships.changeRole(params.id, body.role);
        return { id: m.id, role: m.role, userId: m.user_id };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/t/:tenant/members/:id',
      summary: 'メンバーを外す / Remove a member',
      tags: ['members'],
      access: { kind: 'tenant', roles: TENANT_ROLES.admins },
      params: ItemParams,
      response: { status: 204, description: 'Removed' },
      handle: async ({ params }) => {
        await s.memberships.remove(params.id);
      },
    }),

    defineRoute({
      method: 'get',
      path: '/t/:tenant/invitations',
      summary: '招待一覧 / Invitations',
      tags: ['members'],
      access: { kind: 'tenant', roles: TENANT_ROLES.admins },
      params: TenantParams,
      response: { status: 200, description: 'Invitations, newest first', schema: z.array(InvitationView) },
      handle: async () => (await s.invitations.list()).map(toInvitationView),
    }),
    defineRoute({
      method: 'post',
      path: '/t/:tenant/invitations',
      summary: 'メールで招待 / Invite by e-mail address and role',
      tags: ['members'],
      access: { kind: 'tenant', roles: TENANT_ROLES.admins },
      params: TenantParams,
      body: CreateInvitationBody,
      response: { status: 201, description: 'Invited; the link is mailed', schema: InvitationView },
      handle: async ({ body }) =>
        toInvitationView((await s.invitations.create(body.email, body.role)).invitation),
    }),
    defineRoute({
      method: 'delete',
      path: '/t/:tenant/invitations/:id',
      summary: '招待を取り消す / Revoke an invitation',
      tags: ['members'],
      access: { kind: 'tenant', roles: TENANT_ROLES.admins },
      params: ItemParams,
      response: { status: 204, description: 'Revoked' },
      handle: async ({ params }) => {
        await s.invitations.revoke(params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/t/:tenant/invitation',
      summary: '招待の確認 / Look at an invitation before accepting it',
      tags: ['members'],
      access: { kind: 'tenant', anonymous: true },
      params: TenantParams,
      query: z.strictObject({ token: z.string().min(10).max(200) }),
      response: { status: 200, description: 'The invitation' },
      handle: async ({ query, scope }) => {
        const i = await s.invitations.preview(scope!.tenant.id, query.token);
        return { email: i.email, role: i.role, expiresAt: i.expires_at };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/t/:tenant/invitation/accept',
      summary: '招待を受ける（パスワード設定） / Accept an invitation and set a password',
      tags: ['members'],
      access: { kind: 'tenant', anonymous: true },
      params: TenantParams,
      body: AcceptInvitationBody,
      response: { status: 200, description: 'Joined and signed in', schema: MeView },
      handle: async ({ body, scope, res }) => {
        const { user, session } = await s.invitations.accept(
          scope!.tenant.id,
          body.token,
          body.displayName,
          body.password,
        );
        setSessionCookie(res, session);
        return me(user.id, session.csrfToken);
      },
    }),

    defineRoute({
      method: 'get',
      path: '/t/:tenant/api-tokens',
      summary: 'API トークン一覧 / API tokens',
      tags: ['api-tokens'],
      access: { kind: 'tenant', roles: TENANT_ROLES.admins },
      params: TenantParams,
      response: { status: 200, description: 'Tokens (never the secrets)', schema: z.array(ApiTokenView) },
      handle: async () => (await s.apiTokens.list()).map(toApiTokenView),
    }),
    defineRoute({
      method: 'post',
      path: '/t/:tenant/api-tokens',
      summary: 'API トークンを発行 / Create an API token (the secret is shown once)',
      tags: ['api-tokens'],
      access: { kind: 'tenant', roles: TENANT_ROLES.admins },
      params: TenantParams,
      body: z.strictObject({ name: z.string().trim().min(1).max(100), role: z.enum(GRANTABLE_ROLES) }),
      response: { status: 201, description: 'Created', schema: ApiTokenView.extend({ secret: z.string() }) },
      handle: async ({ body }) => {
        const { token, secret } = await s.apiTokens.create(body.name, body.role);
        return { ...toApiTokenView(token), secret };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/t/:tenant/api-tokens/:id',
      summary: 'API トークンを無効化 / Revoke an API token',
      tags: ['api-tokens'],
      access: { kind: 'tenant', roles: TENANT_ROLES.admins },
      params: ItemParams,
      response: { status: 204, description: 'Revoked' },
      handle: async ({ params }) => {
        await s.apiTokens.revoke(params.id);
      },
    }),
  ];
}
