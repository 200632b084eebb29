import { inject, injectable } from 'inversify';
import type { Selectable } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { InvitationsTable, Role } from '../../db/schema.js';
import type { Config } from '../../kernel/config.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { TOKENS } from '../../kernel/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../mail/outbox.service.js';
import { MembershipsService } from './memberships.service.js';
import { newSecret, sha256, verifyPassword } from './secrets.js';
import { SessionsService } from './sessions.service.js';
import { UsersService } from './users.service.js';

type Invitation = Selectable<InvitationsTable>;

const statusOf = (i: Invitation) =>
  i.accepted_at ? 'accepted' : i.revoked_at ? 'revoked' : i.expires_at <= new Date() ? 'expired' : 'pending';

export const toInvitationView = (i: Invitation) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  status: statusOf(i),
  expiresAt: i.expires_at,
  createdAt: i.created_at,
});

/** Invitation by e-mail: a one-time link that expires; accepting it sets a password and joins the tenant. */
@injectable()
export class InvitationsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(OutboxService) private readonly outbox: OutboxService,
    @inject(UsersService) private readonly users: UsersService,
    @inject(MembershipsService) private readonly memberships: MembershipsService,
    @inject(SessionsService) private readonly sessions: SessionsService,
  ) {}

  list() {
    return this.db.inTenant((tx) =>
      tx.selectFrom('invitations').selectAll().orderBy('created_at', 'desc').execute(),
    );
  }

  /** Returns the invitation and the link; the link is mailed and never stored in clear. */
  create(email: string, role: Exclude<Role, 'hub_admin'>) {
    const { tenant, actor } = currentScope();
    return this.db.inTenant(async (tx) => {
      const token = newSecret('kado_inv');
      const invitation = await tx
        .insertInto('invitations')
        .values({
          tenant_id: tenant.id,
          email,
          role,
          token_hash: sha256(token),
          invited_by: actor.userId,
          expires_at: new Date(Date.now() + this.config.invitationTtlHours * 3600_000),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const link = `${this.config.publicUrl}/invite/${tenant.slug}/${token}`;
      await this.outbox.enqueue(tx, {
        to: email,
        subject: 'KADO への招待 / Invitation to KADO',
        body: [
          `KADO (${tenant.slug}) に招待されました。次のリンクからパスワードを設定してください。`,
          `You have been invited to KADO (${tenant.slug}). Set your password at this link:`,
          '',
          link,
          '',
          `有効期限 / Expires: ${invitation.expires_at.toISOString()}`,
        ].join('\n'),
      });
      await this.audit.record(tx, {
        action: 'invitation.created',
        entityType: 'invitation',
        entityId: invitation.id,
        data: { email, role },
      });
      return { invitation, link };
    });
  }

  revoke(id: string) {
    return this.db.inTenant(async (tx) => {
      const revoked = await tx
        .updateTable('invitations')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!revoked) throw notFound('有効な招待', 'Open invitation');
      await this.audit.record(tx, {
        action: 'invitation.revoked',
        entityType: 'invitation',
        entityId: id,
        data: { email: revoked.email },
      });
    });
  }

  /** What the accept page shows before the password is set. */
  preview(tenantId: string, token: string) {
    return this.db.withTenant(tenantId, (tx) => this.findPending(tx, token));
  }

  /** The invitation behind a link, if it can still be accepted; locked until the transaction ends. */
  private async findPending(tx: Tx, token: string): Promise<Invitation> {
    const invitation = await tx
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', sha256(token))
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) throw notFound('招待', 'Invitation');
    if (statusOf(invitation) !== 'pending') {
      throw new Problem(
        'gone',
        '招待は使用済みか期限切れです / The invitation was used, revoked or has expired',
      );
    }
    return invitation;
  }

  /**
   * Accepts with a new password: creates the account (or, for someone who already has one, requires that
   * they are the same person by their existing password), grants the role and signs them in.
   */
  accept(tenantId: string, token: string, displayName: string, password: string) {
    return this.db.withTenant(tenantId, async (tx) => {
      const invitation = await this.findPending(tx, token);
      const existing = await this.users.findByEmail(tx, invitation.email);
      if (existing && !(await verifyPassword(existing.password_hash, password))) {
        throw new Problem(
          'invalid-credentials',
          'このアドレスには既にアカウントがあります。そのパスワードを入力してください / This address already has an account: enter its password',
        );
      }
      const user =
        existing ?? (await this.users.create(tx, { email: invitation.email, displayName, password }));
      const membership = await this.memberships.grant(tx, user.id, invitation.role);
      await tx
        .updateTable('invitations')
        .set({ accepted_at: new Date() })
        .where('id', '=', invitation.id)
        .execute();
      await this.audit.record(
        tx,
        {
          action: 'invitation.accepted',
          entityType: 'membership',
          entityId: membership.id,
          data: { email: invitation.email, role: invitation.role },
        },
        tenantId,
      );
      return { user, session: await this.sessions.create(tx, user.id) };
    });
  }
}
