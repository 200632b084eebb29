import { inject, injectable } from 'inversify';
import { type Selectable, sql } from 'kysely';
import { Database, type Tx } from '../../../db/database.js';
import { currentActor, currentScope } from '../../../db/request-context.js';
import type { Config } from '../../../kernel/config.js';
import { notFound, Problem } from '../../../kernel/problems.js';
import { TOKENS } from '../../../kernel/tokens.js';
import { AuditService } from '../../audit/audit.service.js';
import { pseudonymousWorkerId } from '../pseudonym.js';
import type { CreateCourse, CreateSession, Enrol } from './training.schemas.js';
import type {
  EnrolmentStatus,
  TrainingCoursesTable,
  TrainingEnrolmentsTable,
  TrainingSessionsTable,
} from './training.tables.js';

type Course = Selectable<TrainingCoursesTable>;
type Session = Selectable<TrainingSessionsTable>;
type Enrolment = Selectable<TrainingEnrolmentsTable>;

const STAFF_ROLES = new Set(['hub_admin', 'tenant_admin', 'director']);

/** A refusal that changes nothing: 409 (the state forbids it) or 422 (the request cannot be met). */
function refuse(type: 'conflict' | 'unprocessable', code: string, pointer: string, detail: string): Problem {
  return new Problem(type, detail, { errors: [{ pointer, code, detail }] });
}

export const toCourseView = (c: Course) => ({
  id: c.id,
  titleJa: c.title_ja,
  titleEn: c.title_en,
  audience: c.audience,
  workType: c.work_type,
  skills: c.skills,
  passScore: c.pass_score,
  description: c.description,
  published: c.published,
  createdAt: c.created_at,
});

export const toSessionView = (s: Session, centres: Map<string, CentreName>) => ({
  id: s.id,
  courseId: s.course_id,
  startsAt: s.starts_at,
  endsAt: s.ends_at,
  mode: s.mode,
  centre: s.centre_tenant_id ? (centres.get(s.centre_tenant_id) ?? null) : null,
  place: s.place,
  capacity: s.capacity,
  seatsTaken: s.seats_taken,
  seatsLeft: s.capacity - s.seats_taken,
  started: s.starts_at.getTime() <= Date.now(),
});

interface CentreName {
  id: string;
  slug: string;
  nameJa: string;
  nameEn: string;
}

/** What the hub sees of an enrolment: a pseudonymous worker id and the centre, never the person. */
const toHubEnrolmentView = (e: Enrolment, centre: CentreName | undefined) => ({
  id: e.id,
  sessionId: e.session_id,
  courseId: e.course_id,
  pseudonym: e.pseudonym,
  centre: centre ?? null,
  status: e.status,
  score: e.score,
  enrolledBy: e.enrolled_by,
  enrolledAt: e.enrolled_at,
  attendedAt: e.attended_at,
  assessedAt: e.assessed_at,
  cancelledAt: e.cancelled_at,
});

interface OwnEnrolmentRow extends Enrolment {
  user_id: string;
  display_name: string;
  email: string;
  title_ja: string | null;
  title_en: string | null;
  audience: string | null;
  skills: string[] | null;
  pass_score: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  mode: string | null;
  place: string | null;
  centre_tenant_id: string | null;
}

/** What the worker's own centre sees: its own person's name, with the course, the session and the result. */
const toOwnEnrolmentView = (r: OwnEnrolmentRow, centres: Map<string, CentreName>) => ({
  id: r.id,
  sessionId: r.session_id,
  courseId: r.course_id,
  pseudonym: r.pseudonym,
  userId: r.user_id,
  displayName: r.display_name,
  email: r.email,
  status: r.status,
  score: r.score,
  enrolledBy: r.enrolled_by,
  enrolledAt: r.enrolled_at,
  attendedAt: r.attended_at,
  assessedAt: r.assessed_at,
  cancelledAt: r.cancelled_at,
  course: r.title_ja
    ? {
        titleJa: r.title_ja,
        titleEn: r.title_en,
        audience: r.audience,
        skills: r.skills ?? [],
        passScore: r.pass_score,
      }
    : null,
  session: r.starts_at
    ? {
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        mode: r.mode,
        place: r.place,
        centre: r.centre_tenant_id ? (centres.get(r.centre_tenant_id) ?? null) : null,
      }
    : null,
});

/**
 * The hub's training across the network. Courses and sessions are the hub's; an enrolment belongs to the
 * worker's centre and is seen by the hub under a pseudonym. Every cross-tenant step (a seat taken in the hub's
 * session, a skill granted in the worker's centre) happens in the same transaction as the change that causes
 * it, after this service has checked the caller's right, with `db.switchTenant`.
 */
@injectable()
export class TrainingService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(TOKENS.Config) private readonly config: Config,
  ) {}

  // --- the hub: courses and sessions ---

  createCourse(input: CreateCourse) {
    return this.db.inTenant(async (tx) => {
      const course = await tx
        .insertInto('training_courses')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          title_ja: input.titleJa,
          title_en: input.titleEn,
          audience: input.audience,
          work_type: input.workType,
          skills: input.skills,
          pass_score: input.passScore,
          description: input.description,
          published: input.published,
          created_by: currentActor().userId,
        }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'training_course.created',
        entityType: 'training_course',
        entityId: course.id,
        data: { titleJa: course.title_ja, audience: course.audience, skills: course.skills },
      });
      return { ...toCourseView(course), sessions: [] };
    });
  }

  setPublished(courseId: string, published: boolean) {
    return this.db.inTenant(async (tx) => {
      const hubId = currentScope().tenant.id;
      const course = await tx
        .updateTable('training_courses')
        .set({ published, updated_at: new Date() })
        .where('tenant_id', '=', hubId)
        .where('id', '=', courseId)
        .returningAll()
        .executeTakeFirst();
      if (!course) throw notFound('研修コース', 'Course');
      await this.audit.record(tx, {
        action: 'training_course.updated',
        entityType: 'training_course',
        entityId: course.id,
        data: { published },
      });
      return toCourseView(course);
    });
  }

  /** The hub's courses, newest first, with their number of sessions and upcoming sessions. */
  listCourses() {
    return this.db.inTenant(async (tx) => {
      const hubId = currentScope().tenant.id;
      const courses = await tx
        .selectFrom('training_courses')
        .selectAll()
        .where('tenant_id', '=', hubId)
        .orderBy('created_at', 'desc')
        .execute();
      const counts = await tx
        .selectFrom('training_sessions')
        .select((eb) => [
          'course_id',
          eb.fn.countAll<number>().as('sessions'),
          eb.fn.count<number>('id').filterWhere('starts_at', '>', new Date()).as('upcoming'),
        ])
        .where('tenant_id', '=', hubId)
        .groupBy('course_id')
        .execute();
      const byCourse = new Map(counts.map((c) => [c.course_id, c]));
      return courses.map((c) => ({
        ...toCourseView(c),
        sessions: Number(byCourse.get(c.id)?.sessions ?? 0),
        upcomingSessions: Number(byCourse.get(c.id)?.upcoming ?? 0),
      }));
    });
  }

  /** One of the hub's courses with all its sessions and, per session, how many enrolled, attended, passed. */
  getCourse(courseId: string) {
    return this.db.inTenant(async (tx) => {
      const hubId = currentScope().tenant.id;
      const course = await this.hubCourse(tx, hubId, courseId);
      const sessions = await tx
        .selectFrom('training_sessions')
        .selectAll()
        .where('tenant_id', '=', hubId)
        .where('course_id', '=', course.id)
        .orderBy('starts_at')
        .execute();
      const tally = await tx
        .selectFrom('training_enrolments')
        .select((eb) => ['session_id', 'status', eb.fn.countAll<number>().as('n')])
        .where('hub_tenant_id', '=', hubId)
        .where('course_id', '=', course.id)
        .groupBy(['session_id', 'status'])
        .execute();
      const centres = await this.centres(
        tx,
        sessions.map((s) => s.centre_tenant_id),
      );
      return {
        ...toCourseView(course),
        sessions: sessions.map((s) => {
          const of = (status: EnrolmentStatus) =>
            Number(tally.find((t) => t.session_id === s.id && t.status === status)?.n ?? 0);
          return {
            ...toSessionView(s, centres),
            enrolments: {
              enrolled: of('enrolled'),
              attended: of('attended'),
              passed: of('passed'),
              failed: of('failed'),
              cancelled: of('cancelled'),
            },
          };
        }),
      };
    });
  }

  addSession(courseId: string, input: CreateSession) {
    return this.db.inTenant(async (tx) => {
      const hubId = currentScope().tenant.id;
      const course = await this.hubCourse(tx, hubId, courseId);
      if (Date.parse(input.startsAt) <= Date.now())
        throw refuse(
          'unprocessable',
          'in_the_past',
          '/body/startsAt',
          '過去の日時には研修を設定できません / A session cannot start in the past',
        );
      let centreId: string | null = null;
      if (input.centre !== null) {
        const centre = await tx
          .selectFrom('tenants')
          .select(['id', 'kind'])
          .where('slug', '=', input.centre)
          .executeTakeFirst();
        const ours =
          centre &&
          (centre.id === hubId ||
            (await tx
              .selectFrom('hub_partnerships')
              .select('tenant_id')
              .where('tenant_id', '=', centre.id)
              .where('hub_tenant_id', '=', hubId)
              .executeTakeFirst()));
        if (!centre || !ours)
          throw refuse(
            'unprocessable',
            'unknown_centre',
            '/body/centre',
            `センター "${input.centre}" はこのハブのネットワークにありません / Centre "${input.centre}" is not in this hub's network`,
          );
        centreId = centre.id;
      }
      const session = await tx
        .insertInto('training_sessions')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          course_id: course.id,
          starts_at: new Date(input.startsAt),
          ends_at: new Date(input.endsAt),
          mode: input.mode,
          centre_tenant_id: centreId,
          place: input.place,
          capacity: input.capacity,
          created_by: currentActor().userId,
        }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'training_session.created',
        entityType: 'training_session',
        entityId: session.id,
        data: { courseId: course.id, startsAt: session.starts_at, capacity: session.capacity },
      });
      return toSessionView(session, await this.centres(tx, [centreId]));
    });
  }

  /** Where the hub can hold a session: itself and its partner centres (not those whose partnership ended). */
  centresOfNetwork() {
    return this.db.inTenant(async (tx) => {
      const hubId = currentScope().tenant.id;
      const partners = await tx
        .selectFrom('hub_partnerships')
        .select('tenant_id')
        .where('hub_tenant_id', '=', hubId)
        .where('status', '<>', 'ended')
        .execute();
      const centres = await this.centres(tx, [hubId, ...partners.map((p) => p.tenant_id)]);
      const hub = centres.get(hubId);
      centres.delete(hubId);
      return [...(hub ? [hub] : []), ...[...centres.values()].sort((a, b) => a.slug.localeCompare(b.slug))];
    });
  }

  // --- the hub: enrolments, attendance and assessment (pseudonymous) ---

  /** A session's enrolments as the hub sees them: pseudonyms and centres only. */
  sessionEnrolments(sessionId: string) {
    return this.db.inTenant(async (tx) => {
      const hubId = currentScope().tenant.id;
      const session = await tx
        .selectFrom('training_sessions')
        .selectAll()
        .where('tenant_id', '=', hubId)
        .where('id', '=', sessionId)
        .executeTakeFirst();
      if (!session) throw notFound('研修日程', 'Session');
      const rows = await tx
        .selectFrom('training_enrolments')
        .selectAll()
        .where('hub_tenant_id', '=', hubId)
        .where('session_id', '=', session.id)
        .orderBy('enrolled_at')
        .execute();
      const centres = await this.centres(
        tx,
        rows.map((r) => r.tenant_id),
      );
      return rows.map((r) => toHubEnrolmentView(r, centres.get(r.tenant_id)));
    });
  }

  /** Marks an enrolled person as present (or not, before their assessment). Audited on both sides. */
  recordAttendance(enrolmentId: string, attended: boolean) {
    return this.db.inTenant(async (tx) => {
      const hubId = currentScope().tenant.id;
      const e = await this.hubEnrolment(tx, hubId, enrolmentId);
      if (e.status === 'cancelled')
        throw refuse(
          'conflict',
          'cancelled',
          '/params/id',
          '取り消された申込みです / This enrolment was cancelled',
        );
      if (e.status === 'passed' || e.status === 'failed')
        throw refuse(
          'conflict',
          'already_assessed',
          '/params/id',
          '評価済みのため出欠は変更できません / Already assessed: attendance can no longer change',
        );
      const updated = await tx
        .updateTable('training_enrolments')
        .set({
          status: attended ? 'attended' : 'enrolled',
          attended_at: attended ? (e.attended_at ?? new Date()) : null,
          updated_at: new Date(),
        })
        .where('tenant_id', '=', e.tenant_id)
        .where('id', '=', e.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const data = { sessionId: e.session_id, pseudonym: e.pseudonym, attended };
      await this.audit.record(
        tx,
        { action: 'training_enrolment.attendance', entityType: 'training_enrolment', entityId: e.id, data },
        hubId,
      );
      await this.inCentre(tx, e.tenant_id, hubId, () =>
        this.audit.record(
          tx,
          { action: 'training_enrolment.attendance', entityType: 'training_enrolment', entityId: e.id, data },
          e.tenant_id,
        ),
      );
      const centres = await this.centres(tx, [e.tenant_id]);
      return toHubEnrolmentView(updated, centres.get(e.tenant_id));
    });
  }

  /**
   * Records the assessment of someone who attended. Passing (score ≥ the course's pass score) grants the
   * course's skills in the worker's own centre, in this same transaction; both sides' audit logs record it.
   */
  recordAssessment(enrolmentId: string, score: number) {
    return this.db.inTenant(async (tx) => {
      const hubId = currentScope().tenant.id;
      const e = await this.hubEnrolment(tx, hubId, enrolmentId);
      if (e.status === 'passed' || e.status === 'failed')
        throw refuse(
          'conflict',
          'already_assessed',
          '/params/id',
          '既に評価が記録されています / The assessment is already recorded',
        );
      if (e.status !== 'attended')
        throw refuse(
          'conflict',
          'not_attended',
          '/params/id',
          '出席が記録されていない人の評価は記録できません / Record attendance before the assessment',
        );
      const course = await this.hubCourse(tx, hubId, e.course_id);
      const passed = score >= course.pass_score;
      const updated = await tx
        .updateTable('training_enrolments')
        .set({ status: passed ? 'passed' : 'failed', score, assessed_at: new Date(), updated_at: new Date() })
        .where('tenant_id', '=', e.tenant_id)
        .where('id', '=', e.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const skills = passed ? course.skills : [];
      await this.audit.record(
        tx,
        {
          action: passed ? 'training_enrolment.passed' : 'training_enrolment.failed',
          entityType: 'training_enrolment',
          entityId: e.id,
          data: { courseId: course.id, pseudonym: e.pseudonym, score, passScore: course.pass_score, skills },
        },
        hubId,
      );
      // The worker's centre: who it is, and the qualification, known and written there only.
      await this.inCentre(tx, e.tenant_id, hubId, async () => {
        const person = await tx
          .selectFrom('training_enrolment_people')
          .select('user_id')
          .where('tenant_id', '=', e.tenant_id)
          .where('enrolment_id', '=', e.id)
          .executeTakeFirstOrThrow();
        const member = await tx
          .selectFrom('memberships')
          .select('id')
          .where('tenant_id', '=', e.tenant_id)
          .where('user_id', '=', person.user_id)
          .executeTakeFirst();
        const granted = member ? skills : [];
        if (granted.length > 0)
          await tx
            .insertInto('worker_skills')
            .values(granted.map((skill) => ({ tenant_id: e.tenant_id, user_id: person.user_id, skill })))
            .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'skill']).doNothing())
            .execute();
        await this.audit.record(
          tx,
          {
            action: passed ? 'training_enrolment.passed' : 'training_enrolment.failed',
            entityType: 'training_enrolment',
            entityId: e.id,
            data: {
              courseId: course.id,
              titleJa: course.title_ja,
              userId: person.user_id,
              score,
              passScore: course.pass_score,
              skillsGranted: granted,
            },
          },
          e.tenant_id,
        );
      });
      const centres = await this.centres(tx, [e.tenant_id]);
      return toHubEnrolmentView(updated, centres.get(e.tenant_id));
    });
  }

  // --- a centre (partner or the hub itself): the catalogue and its own enrolments ---

  /**
   * The hub's published courses with their upcoming sessions and seats left; workers see worker courses
   * only. A centre that is not (or no longer) a partner of a hub sees an empty catalogue.
   */
  catalogue() {
    const workerView = !STAFF_ROLES.has(currentScope().role ?? '');
    return this.db.inTenant(async (tx) => {
      const hubId = await this.hubOf(tx);
      if (!hubId) return { hub: null, courses: [] };
      let q = tx
        .selectFrom('training_courses')
        .selectAll()
        .where('tenant_id', '=', hubId)
        .where('published', '=', true);
      if (workerView) q = q.where('audience', '=', 'worker');
      const courses = await q.orderBy('created_at', 'desc').execute();
      const sessions =
        courses.length === 0
          ? []
          : await tx
              .selectFrom('training_sessions')
              .selectAll()
              .where('tenant_id', '=', hubId)
              .where(
                'course_id',
                'in',
                courses.map((c) => c.id),
              )
              .where('starts_at', '>', new Date())
              .orderBy('starts_at')
              .execute();
      const centres = await this.centres(tx, [hubId, ...sessions.map((s) => s.centre_tenant_id)]);
      return {
        hub: centres.get(hubId) ?? null,
        courses: courses.map((c) => ({
          ...toCourseView(c),
          sessions: sessions.filter((s) => s.course_id === c.id).map((s) => toSessionView(s, centres)),
        })),
      };
    });
  }

  /** Staff enrol one of their own centre's members (by membership id or user id; another's answers 404). */
  enrol(input: Enrol) {
    return this.db.inTenant(async (tx) => {
      const tenantId = currentScope().tenant.id;
      let q = tx.selectFrom('memberships').select(['user_id', 'role']).where('tenant_id', '=', tenantId);
      q = input.memberId ? q.where('id', '=', input.memberId) : q.where('user_id', '=', input.userId!);
      const member = await q.executeTakeFirst();
      if (!member) throw notFound('メンバー', 'Member');
      return this.enrolPerson(tx, tenantId, member, input.sessionId, 'centre');
    });
  }

  /** A worker asks to join a worker course's session themselves, on their own centre's training page. */
  enrolSelf(sessionId: string) {
    const userId = this.signedIn();
    return this.db.inTenant(async (tx) => {
      const tenantId = currentScope().tenant.id;
      const member = await tx
        .selectFrom('memberships')
        .select(['user_id', 'role'])
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!member) throw notFound('メンバー', 'Member');
      return this.enrolPerson(tx, tenantId, member, sessionId, 'worker');
    });
  }

  /** Cancels an enrolment before attendance: staff any of their centre's, a worker their own. */
  cancel(enrolmentId: string) {
    const staff = STAFF_ROLES.has(currentScope().role ?? '');
    const userId = currentActor().userId;
    return this.db.inTenant(async (tx) => {
      const tenantId = currentScope().tenant.id;
      const e = await tx
        .selectFrom('training_enrolments')
        .innerJoin('training_enrolment_people as p', (j) =>
          j
            .onRef('p.tenant_id', '=', 'training_enrolments.tenant_id')
            .onRef('p.enrolment_id', '=', 'training_enrolments.id'),
        )
        .selectAll('training_enrolments')
        .select('p.user_id')
        .where('training_enrolments.tenant_id', '=', tenantId)
        .where('training_enrolments.id', '=', enrolmentId)
        .forUpdate('training_enrolments')
        .executeTakeFirst();
      if (!e || (!staff && e.user_id !== userId)) throw notFound('研修の申込み', 'Enrolment');
      if (e.status !== 'enrolled')
        throw refuse(
          'conflict',
          e.status === 'cancelled' ? 'already_cancelled' : 'already_attended',
          '/params/id',
          e.status === 'cancelled'
            ? '既に取り消されています / Already cancelled'
            : '出席済みの申込みは取り消せません / An enrolment with attendance recorded cannot be cancelled',
        );
      await tx
        .updateTable('training_enrolments')
        .set({ status: 'cancelled', cancelled_at: new Date(), updated_at: new Date() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', e.id)
        .execute();
      // The seat goes back to the hub's session.
      await this.inCentre(tx, e.hub_tenant_id, tenantId, () =>
        tx
          .updateTable('training_sessions')
          .set((eb) => ({ seats_taken: eb('seats_taken', '-', 1) }))
          .where('tenant_id', '=', e.hub_tenant_id)
          .where('id', '=', e.session_id)
          .execute(),
      );
      await this.audit.record(tx, {
        action: 'training_enrolment.cancelled',
        entityType: 'training_enrolment',
        entityId: e.id,
        data: { sessionId: e.session_id, userId: e.user_id, by: staff ? 'centre' : 'worker' },
      });
      return this.ownEnrolment(tx, tenantId, e.id);
    });
  }

  /** The centre's own enrolments, with its people's names and results; optionally of one session. */
  listOwn(sessionId?: string) {
    return this.db.inTenant(async (tx) => this.ownEnrolments(tx, currentScope().tenant.id, { sessionId }));
  }

  getOwn(enrolmentId: string) {
    return this.db.inTenant((tx) => this.ownEnrolment(tx, currentScope().tenant.id, enrolmentId));
  }

  /** The signed-in person's own enrolments in their centre. */
  mine() {
    const userId = this.signedIn();
    return this.db.inTenant((tx) => this.ownEnrolments(tx, currentScope().tenant.id, { userId }));
  }

  // --- internals ---

  private async enrolPerson(
    tx: Tx,
    tenantId: string,
    member: { user_id: string; role: string },
    sessionId: string,
    by: 'centre' | 'worker',
  ) {
    const hubId = await this.hubOf(tx);
    const found = hubId
      ? await tx
          .selectFrom('training_sessions as s')
          .innerJoin('training_courses as c', (j) =>
            j.onRef('c.tenant_id', '=', 's.tenant_id').onRef('c.id', '=', 's.course_id'),
          )
          .selectAll('s')
          .select(['c.audience', 'c.published'])
          .where('s.tenant_id', '=', hubId)
          .where('s.id', '=', sessionId)
          .executeTakeFirst()
      : undefined;
    if (!hubId || !found?.published) throw notFound('研修日程', 'Session');
    if (by === 'worker' && found.audience !== 'worker')
      throw refuse(
        'unprocessable',
        'not_a_worker_course',
        '/body/sessionId',
        'ワーカー向けの研修だけ自分で申し込めます / Workers enrol themselves in worker courses only',
      );
    if (member.role === 'client')
      throw refuse(
        'unprocessable',
        'not_a_worker',
        '/body/memberId',
        '発注者は研修に申し込めません / A client cannot be enrolled in training',
      );
    if (found.audience === 'director' && !STAFF_ROLES.has(member.role))
      throw refuse(
        'unprocessable',
        'not_staff',
        '/body/memberId',
        'ディレクター研修はセンターのスタッフが対象です / Director courses are for centre staff',
      );
    if (found.starts_at.getTime() <= Date.now())
      throw refuse(
        'conflict',
        'session_started',
        '/body/sessionId',
        '開始した研修には申し込めません / The session has already started',
      );

    // One person's enrolments in one session are decided one after another.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`training:${tenantId}:${sessionId}:${member.user_id}`}))`.execute(
      tx,
    );
    const pseudonym = pseudonymousWorkerId(this.config.encryptionKey, tenantId, member.user_id);
    const twice = await tx
      .selectFrom('training_enrolments')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('session_id', '=', sessionId)
      .where('pseudonym', '=', pseudonym)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    if (twice)
      throw refuse(
        'conflict',
        'already_enrolled',
        '/body/sessionId',
        'この人は既にこの研修に申し込んでいます / This person is already enrolled in this session',
      );

    // A seat in the hub's session: taken atomically there, so two centres never get the last seat both.
    const seat = await this.inCentre(tx, hubId, tenantId, () =>
      tx
        .updateTable('training_sessions')
        .set((eb) => ({ seats_taken: eb('seats_taken', '+', 1) }))
        .where('tenant_id', '=', hubId)
        .where('id', '=', sessionId)
        .where('starts_at', '>', new Date())
        .where((eb) => eb('seats_taken', '<', eb.ref('capacity')))
        .returning('seats_taken')
        .executeTakeFirst(),
    );
    if (!seat)
      throw refuse(
        'conflict',
        'session_full',
        '/body/sessionId',
        `この研修は満席です（${found.capacity} 席） / The session is full (${found.capacity} seats)`,
      );
    const created = await tx
      .insertInto('training_enrolments')
      .values({
        tenant_id: tenantId,
        hub_tenant_id: hubId,
        session_id: sessionId,
        course_id: found.course_id,
        pseudonym,
        enrolled_by: by,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('training_enrolment_people')
      .values({ tenant_id: tenantId, enrolment_id: created.id, user_id: member.user_id })
      .execute();
    await this.audit.record(tx, {
      action: 'training_enrolment.created',
      entityType: 'training_enrolment',
      entityId: created.id,
      data: { sessionId, courseId: found.course_id, userId: member.user_id, by },
    });
    return this.ownEnrolment(tx, tenantId, created.id);
  }

  /**
   * Runs `fn` with the transaction in another tenant (`target`) and moves it back to `home` afterwards,
   * even when `fn` throws (the transaction then rolls back anyway). Does nothing special when they are one.
   */
  private async inCentre<T>(tx: Tx, target: string, home: string, fn: () => Promise<T>): Promise<T> {
    if (target === home) return fn();
    await this.db.switchTenant(tx, target);
    try {
      return await fn();
    } finally {
      await this.db.switchTenant(tx, home);
    }
  }

  /** The hub whose training the current centre takes: itself if it is a hub, else its partnership's hub. */
  private async hubOf(tx: Tx): Promise<string | null> {
    const tenant = currentScope().tenant;
    if (tenant.kind === 'hub') return tenant.id;
    const p = await tx
      .selectFrom('hub_partnerships')
      .select('hub_tenant_id')
      .where('tenant_id', '=', tenant.id)
      .where('status', '<>', 'ended')
      .executeTakeFirst();
    return p?.hub_tenant_id ?? null;
  }

  private async hubCourse(tx: Tx, hubId: string, courseId: string): Promise<Course> {
    const course = await tx
      .selectFrom('training_courses')
      .selectAll()
      .where('tenant_id', '=', hubId)
      .where('id', '=', courseId)
      .executeTakeFirst();
    if (!course) throw notFound('研修コース', 'Course');
    return course;
  }

  private async hubEnrolment(tx: Tx, hubId: string, id: string): Promise<Enrolment> {
    const e = await tx
      .selectFrom('training_enrolments')
      .selectAll()
      .where('hub_tenant_id', '=', hubId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!e) throw notFound('研修の申込み', 'Enrolment');
    return e;
  }

  private async ownEnrolment(tx: Tx, tenantId: string, id: string) {
    const [row] = await this.ownEnrolments(tx, tenantId, { id });
    if (!row) throw notFound('研修の申込み', 'Enrolment');
    return row;
  }

  private async ownEnrolments(
    tx: Tx,
    tenantId: string,
    filter: { id?: string; userId?: string; sessionId?: string },
  ) {
    let q = tx
      .selectFrom('training_enrolments as e')
      .innerJoin('training_enrolment_people as p', (j) =>
        j.onRef('p.tenant_id', '=', 'e.tenant_id').onRef('p.enrolment_id', '=', 'e.id'),
      )
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .leftJoin('training_courses as c', (j) =>
        j.onRef('c.tenant_id', '=', 'e.hub_tenant_id').onRef('c.id', '=', 'e.course_id'),
      )
      .leftJoin('training_sessions as s', (j) =>
        j.onRef('s.tenant_id', '=', 'e.hub_tenant_id').onRef('s.id', '=', 'e.session_id'),
      )
      .selectAll('e')
      .select([
        'p.user_id',
        'u.display_name',
        'u.email',
        'c.title_ja',
        'c.title_en',
        'c.audience',
        'c.skills',
        'c.pass_score',
        's.starts_at',
        's.ends_at',
        's.mode',
        's.place',
        's.centre_tenant_id',
      ])
      .where('e.tenant_id', '=', tenantId);
    if (filter.id) q = q.where('e.id', '=', filter.id);
    if (filter.userId) q = q.where('p.user_id', '=', filter.userId);
    if (filter.sessionId) q = q.where('e.session_id', '=', filter.sessionId);
    const rows = (await q.orderBy('e.enrolled_at', 'desc').execute()) as OwnEnrolmentRow[];
    const centres = await this.centres(
      tx,
      rows.map((r) => r.centre_tenant_id),
    );
    return rows.map((r) => toOwnEnrolmentView(r, centres));
  }

  /** Names of centres (the tenants directory is public within the platform). */
  private async centres(tx: Tx, ids: (string | null)[]): Promise<Map<string, CentreName>> {
    const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await tx
      .selectFrom('tenants')
      .select(['id', 'slug', 'name_ja', 'name_en'])
      .where('id', 'in', wanted)
      .execute();
    return new Map(rows.map((r) => [r.id, { id: r.id, slug: r.slug, nameJa: r.name_ja, nameEn: r.name_en }]));
  }

  private signedIn(): string {
    const { userId } = currentActor();
    if (!userId)
      throw new Problem('forbidden', '本人がサインインして申し込みます / Sign in to enrol yourself');
    return userId;
  }
}
