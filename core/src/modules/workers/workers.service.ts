import { createHash } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import { Problem } from '../../kernel/problems.js';
import { AuditService } from '../audit/audit.service.js';
import { AvailabilityService, requireMember } from './availability.service.js';
import type { UpdateProfile } from './worker.schemas.js';

/** A stable pseudonym for a person who left: `退会者-` and four hex digits of a hash of their id. */
export const pseudonymFor = (userId: string) =>
  `退会者-${createHash('sha256').update(userId).digest('hex').slice(0, 4)}`;

/**
 * Worker profiles in one centre: the private fields (legal name, contact, address, accessibility needs, the
 * reason for limited hours) are read only by the worker themself (the /me routes) and the centre's staff (the
 * /workers routes, staff-only); another worker of the same centre has no route to them. Trainings, the
 * "download all my data" export and deletion by pseudonymisation.
 */
@injectable()
export class WorkersService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(AvailabilityService) private readonly availability: AvailabilityService,
  ) {}

  private me() {
    return currentScope().actor.userId!;
  }

  /** The centre's workers (members with the worker role), without private fields. */
  list() {
    return this.db.inTenant(async (tx) => {
      const rows = await tx
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .leftJoin('worker_profiles', 'worker_profiles.user_id', 'memberships.user_id')
        .leftJoin('availability_settings', 'availability_settings.user_id', 'memberships.user_id')
        .select([
          'users.id as userId',
          'users.display_name as displayName',
          'users.email as email',
          'worker_profiles.preferred_place as preferredPlace',
          'worker_profiles.deletion_requested_at as deletionRequestedAt',
          'worker_profiles.pseudonymised_at as pseudonymisedAt',
          'availability_settings.max_minutes_per_week as maxMinutesPerWeek',
        ])
        .where('memberships.role', '=', 'worker')
        .orderBy('users.display_name')
        .execute();
      return rows.map((r) => ({
        ...r,
        preferredPlace: r.preferredPlace ?? 'both',
        deletionRequestedAt: r.deletionRequestedAt ?? null,
        pseudonymisedAt: r.pseudonymisedAt ?? null,
        maxMinutesPerWeek: r.maxMinutesPerWeek ?? null,
      }));
    });
  }

  myProfile() {
    return this.db.inTenant((tx) => this.view(tx, this.me()));
  }

  profileOf(userId: string) {
    return this.db.inTenant(async (tx) => {
      await requireMember(tx, userId);
      return this.view(tx, userId);
    });
  }

  updateMine(changes: UpdateProfile) {
    return this.db.inTenant((tx) => this.update(tx, this.me(), changes));
  }

  updateOf(userId: string, changes: UpdateProfile) {
    return this.db.inTenant(async (tx) => {
      await requireMember(tx, userId);
      return this.update(tx, userId, changes);
    });
  }

  listTrainings(userId: string) {
    return this.db.inTenant(async (tx) => {
      await requireMember(tx, userId);
      return this.trainings(tx, userId);
    });
  }

  addTraining(userId: string, input: { course: string; completedOn: string }) {
    return this.db.inTenant(async (tx) => {
      await requireMember(tx, userId);
      const created = await tx
        .insertInto('worker_trainings')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          user_id: userId,
          course: input.course,
          completed_on: input.completedOn,
          recorded_by: this.me(),
        }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'worker.training_added',
        entityType: 'user',
        entityId: userId,
        data: { trainingId: created.id, course: input.course, completedOn: input.completedOn },
      });
      return (await this.trainings(tx, userId)).find((t) => t.id === created.id)!;
    });
  }

  /**
   * Everything this centre holds about the signed-in person: profile, trainings, hours, skills, and their
   * assignments and submissions here (read-only, straight from the projects' tables).
   */
  exportMine() {
    const userId = this.me();
    return this.db.inTenant(async (tx) => {
      const skills = await tx
        .selectFrom('worker_skills')
        .select(['skill', 'level', 'granted_at as grantedAt'])
        .where('user_id', '=', userId)
        .orderBy('skill')
        .execute();
      const assignments = await tx
        .selectFrom('assignments')
        .select([
          'id',
          'task_id as taskId',
          'project_id as projectId',
          'status',
          'created_at as createdAt',
          'submitted_at as submittedAt',
        ])
        .where('worker_id', '=', userId)
        .orderBy('created_at')
        .execute();
      const submissions = await tx
        .selectFrom('submissions')
        .select([
          'id',
          'task_id as taskId',
          'project_id as projectId',
          'payload',
          'verdict',
          'review_comment as reviewComment',
          'created_at as createdAt',
        ])
        .where('worker_id', '=', userId)
        .orderBy('created_at')
        .execute();
      await this.audit.record(tx, { action: 'worker.data_exported', entityType: 'user', entityId: userId });
      return {
        exportedAt: new Date().toISOString(),
        centre: currentScope().tenant.slug,
        profile: await this.view(tx, userId),
        availability: await this.availability.read(tx, userId),
        skills,
        assignments,
        submissions,
      };
    });
  }

  /** Records the worker's request to delete their data; staff carry it out. */
  requestDeletion() {
    const userId = this.me();
    return this.db.inTenant(async (tx) => {
      await this.ensureProfile(tx, userId);
      await tx
        .updateTable('worker_profiles')
        .set({ deletion_requested_at: sql<Date>`coalesce(deletion_requested_at, now())` })
        .where('user_id', '=', userId)
        .execute();
      await this.audit.record(tx, {
        action: 'worker.deletion_requested',
        entityType: 'user',
        entityId: userId,
      });
      return this.view(tx, userId);
    });
  }

  /**
   * Carries out a deletion request: the private profile fields, hours and exceptions are blanked or removed
   * and the display name becomes a pseudonym. Kept, because accounting law (法人税法・消費税法の帳簿保存, 7
   * years) requires it: the user id on assignments, submissions and time/pay records, so the hours paid and
   * the work delivered still add up; the pseudonym stands in for the name on those records.
   * The display name lives on users and so changes in every centre the person belongs to.
   */
  pseudonymise(userId: string) {
    return this.db.inTenant(async (tx) => {
      await requireMember(tx, userId);
      const profile = await tx
        .selectFrom('worker_profiles')
        .select(['deletion_requested_at'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!profile?.deletion_requested_at)
        throw new Problem(
          'unprocessable',
          'このワーカーから削除の依頼はありません / This worker has not asked for deletion',
        );
      await tx
        .updateTable('worker_profiles')
        .set({
          legal_name: '',
          phone: '',
          email: '',
          address: '',
          accessibility_needs: '',
          time_constraint_reason: null,
          note: '',
          pseudonymised_at: new Date(),
          updated_at: new Date(),
        })
        .where('user_id', '=', userId)
        .execute();
      await tx.deleteFrom('availability_exceptions').where('user_id', '=', userId).execute();
      await tx.deleteFrom('availability_patterns').where('user_id', '=', userId).execute();
      await tx.deleteFrom('availability_settings').where('user_id', '=', userId).execute();
      await tx
        .updateTable('users')
        .set({ display_name: pseudonymFor(userId) })
        .where('id', '=', userId)
        .execute();
      await this.audit.record(tx, { action: 'worker.pseudonymised', entityType: 'user', entityId: userId });
      return this.view(tx, userId);
    });
  }

  // ---- inside a transaction ---------------------------------------------------------------------------

  private async ensureProfile(tx: Tx, userId: string) {
    await tx
      .insertInto('worker_profiles')
      .values(({ eb }) => ({
        tenant_id: eb.fn<string>('kado_current_tenant'),
        user_id: userId,
        time_constraint_reason: null,
        updated_at: new Date(),
      }))
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing())
      .execute();
  }

  private async update(tx: Tx, userId: string, c: UpdateProfile) {
    await this.ensureProfile(tx, userId);
    await tx
      .updateTable('worker_profiles')
      .set({
        ...(c.legalName !== undefined && { legal_name: c.legalName }),
        ...(c.phone !== undefined && { phone: c.phone }),
        ...(c.email !== undefined && { email: c.email }),
        ...(c.address !== undefined && { address: c.address }),
        ...(c.preferredPlace !== undefined && { preferred_place: c.preferredPlace }),
        ...(c.accessibilityNeeds !== undefined && { accessibility_needs: c.accessibilityNeeds }),
        ...(c.timeConstraintReason !== undefined && { time_constraint_reason: c.timeConstraintReason }),
        ...(c.note !== undefined && { note: c.note }),
        updated_at: new Date(),
      })
      .where('user_id', '=', userId)
      .execute();
    // The field names only: private values stay out of the audit log.
    await this.audit.record(tx, {
      action: 'worker.profile_updated',
      entityType: 'user',
      entityId: userId,
      data: { fields: Object.keys(c) },
    });
    return this.view(tx, userId);
  }

  /** Trainings completed per worker between two dates (inclusive): for reports such as growth. */
  async trainingsCompleted(tx: Tx, from: string, to: string) {
    const rows = await tx
      .selectFrom('worker_trainings')
      .select(['user_id', sql<string>`count(*)`.as('n')])
      .where('completed_on', '>=', from as never)
      .where('completed_on', '<=', to as never)
      .groupBy('user_id')
      .execute();
    return rows.map((r) => ({ userId: r.user_id, trainings: Number(r.n) }));
  }

  private trainings(tx: Tx, userId: string) {
    return tx
      .selectFrom('worker_trainings')
      .select(['id', 'course', sql<string>`completed_on::text`.as('completedOn'), 'created_at as createdAt'])
      .where('user_id', '=', userId)
      .orderBy('completed_on', 'desc')
      .execute();
  }

  private async view(tx: Tx, userId: string) {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'display_name', 'email'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    const p = await tx
      .selectFrom('worker_profiles')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const skills = await tx
      .selectFrom('worker_skills')
      .select(['skill', 'level'])
      .where('user_id', '=', userId)
      .orderBy('skill')
      .execute();
    return {
      userId: user.id,
      displayName: user.display_name,
      accountEmail: user.email,
      legalName: p?.legal_name ?? '',
      phone: p?.phone ?? '',
      email: p?.email ?? '',
      address: p?.address ?? '',
      preferredPlace: p?.preferred_place ?? 'both',
      accessibilityNeeds: p?.accessibility_needs ?? '',
      timeConstraintReason: p?.time_constraint_reason ?? null,
      note: p?.note ?? '',
      deletionRequestedAt: p?.deletion_requested_at ?? null,
      pseudonymisedAt: p?.pseudonymised_at ?? null,
      updatedAt: p?.updated_at ?? null,
      skills,
      trainings: await this.trainings(tx, userId),
    };
  }
}
