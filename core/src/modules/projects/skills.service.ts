import { inject, injectable } from 'inversify';
import { Database } from '../../db/database.js';
import { notFound } from '../../kernel/problems.js';
import { AuditService } from '../audit/audit.service.js';

/** Which skills a member has: a work type's plugin names the skills its tasks need. */
@injectable()
export class SkillsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  list(userId: string) {
    return this.db.inTenant(async (tx) => {
      await this.requireMember(tx, userId);
      const rows = await tx
        .selectFrom('worker_skills')
        .select(['skill', 'level', 'granted_at'])
        .where('user_id', '=', userId)
        .orderBy('skill')
        .execute();
      return rows.map((r) => ({ skill: r.skill, level: r.level, grantedAt: r.granted_at }));
    });
  }

  /** Replaces the member's skills with the given list. */
  async set(userId: string, skills: { skill: string; level: number }[]) {
    await this.db.inTenant(async (tx) => {
      await this.requireMember(tx, userId);
      await tx.deleteFrom('worker_skills').where('user_id', '=', userId).execute();
      if (skills.length > 0)
        await tx
          .insertInto('worker_skills')
          .values(
            skills.map((s) => ({
              tenant_id: tx.fn<string>('kado_current_tenant') as never,
              user_id: userId,
              skill: s.skill,
              level: s.level,
            })),
          )
          .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'skill']).doNothing())
          .execute();
      await this.audit.record(tx, {
        action: 'member.skills_set',
        entityType: 'user',
        entityId: userId,
        data: { skills },
      });
    });
    return this.list(userId);
  }

  private async requireMember(tx: Parameters<Parameters<Database['inTenant']>[0]>[0], userId: string) {
    const member = await tx
      .selectFrom('memberships')
      .select('id')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!member) throw notFound('メンバー', 'Member');
  }
}
