import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { Config } from '../../kernel/config.js';
import { Problem } from '../../kernel/problems.js';
import { Slug } from '../tenants/tenant.schemas.js';
import { BULK_INVITE_JOB, type BulkInviteData } from './bulk-invite.job.js';
import { MeView } from './identity.schemas.js';
import { AcceptInvitationBody, CreateInvitationBody, InvitationView } from './invitation.schemas.js';
import { type InvitationsService, toInvitationView } from './invitations.service.js';
import { meView, sessionCookie } from './session.routes.js';
import type { UsersService } from './users.service.js';

const withDeadline = <T>(work: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(
        () =>
          reject(new Problem('unavailable', 'ジョブキューが応答しません / The job queue does not answer')),
        ms,
      ).unref(),
    ),
  ]);

const TenantParams = z.strictObject({ tenant: Slug });
const ItemParams = z.strictObject({ tenant: Slug, id: z.uuid() });

export function invitationsRoutes(s: {
  config: Config;
  invitations: InvitationsService;
  users: UsersService;
  jobs: JobQueue;
}) {
  const setSessionCookie = sessionCookie(s.config);
  const me = meView(s.users);
  return [
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
      method: 'post',
      path: '/t/:tenant/invitations/bulk',
      summary: 'まとめて招待（バックグラウンド） / Invite many at once, in the background with progress',
      tags: ['members'],
      access: { kind: 'tenant', roles: TENANT_ROLES.admins },
      params: TenantParams,
      body: z.strictObject({ invitations: z.array(CreateInvitationBody).min(1).max(500) }),
      response: {
        status: 202,
        description: 'Accepted; follow the job',
        schema: z.object({ jobId: z.string() }),
      },
      handle: async ({ body, scope, req }) => {
        // An Idempotency-Key makes a re-sent form start no second run.
        const key = req.get('idempotency-key');
        if (key !== undefined && !/^[A-Za-z0-9_.-]{1,100}$/.test(key)) {
          throw new Problem(
            'validation-failed',
            'Idempotency-Key は英数字と _ . - で100文字まで / Idempotency-Key: up to 100 of A-Z a-z 0-9 _ . -',
            {
              errors: [
                {
                  pointer: '/headers/idempotency-key',
                  code: 'invalid_format',
                  detail: 'A-Z a-z 0-9 _ . -, 1–100',
                },
              ],
            },
          );
        }
        const data: BulkInviteData = { actorUserId: scope!.actor.userId, invitations: body.invitations };
        // Job ids are per tenant in both adapters. With Redis down BullMQ would wait for it: answer 503.
        const { id } = await withDeadline(
          s.jobs.enqueue(BULK_INVITE_JOB, data, {
            tenantId: scope!.tenant.id,
            ...(key && { jobId: `bulk-invite.${key}` }),
          }),
          5_000,
        );
        return { jobId: id };
      },
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
        const { slug, name_ja, name_en } = scope!.tenant;
        return {
          email: i.email,
          role: i.role,
          expiresAt: i.expires_at,
          tenant: { slug, nameJa: name_ja, nameEn: name_en },
        };
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
  ];
}
