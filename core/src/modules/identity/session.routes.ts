import type { Response } from 'express';
import { SESSION_COOKIE } from '../../http/authenticate.js';
import { defineRoute } from '../../http/route.js';
import type { Config } from '../../kernel/config.js';
import { MeView, SignInBody, UpdateMeBody } from './identity.schemas.js';
import type { SessionsService } from './sessions.service.js';
import type { SignInService } from './sign-in.service.js';
import type { UsersService } from './users.service.js';

/** Sets the HttpOnly, SameSite session cookie after sign-in or accepting an invitation. */
export const sessionCookie =
  (config: Config) => (res: Response, session: { token: string; expiresAt: Date }) =>
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      path: '/',
      expires: session.expiresAt,
    });

/** The signed-in person, their memberships (the tenant switcher) and the CSRF token for writes. */
export const meView = (users: UsersService) => async (userId: string, csrfToken: string | null) => {
  const [user, memberships] = await Promise.all([users.get(userId), users.memberships(userId)]);
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

export function sessionRoutes(s: {
  config: Config;
  signIn: SignInService;
  sessions: SessionsService;
  users: UsersService;
}) {
  const setSessionCookie = sessionCookie(s.config);
  const me = meView(s.users);
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
  ];
}
