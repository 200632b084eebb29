import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../../http/route.js';
import {
  AssessmentBody,
  AttendanceBody,
  CreateCourseBody,
  CreateSessionBody,
  EnrolBody,
  EnrolmentsQuery,
  ItemParams,
  SelfEnrolBody,
  TenantParams,
  UpdateCourseBody,
} from './training.schemas.js';
import type { TrainingService } from './training.service.js';

/** The hub's staff read; its admins write. Only on the hub (another centre's URL answers 404). */
const hubStaff = { kind: 'tenant', roles: TENANT_ROLES.staff, hubOnly: true } as const;
const hubAdmin = { kind: 'tenant', roles: ['hub_admin'], hubOnly: true } as const;
/** A centre's staff (a partner's, or the hub's for its own workers). */
const staff = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;
/** Everyone who works at a centre. */
const people = { kind: 'tenant', roles: [...TENANT_ROLES.staff, 'worker'] } as const;

export const trainingRoutes = (training: TrainingService) => [
  // --- the hub ---
  defineRoute({
    method: 'post',
    path: '/t/:tenant/training/courses',
    summary: '研修コースを作成（ハブ） / Create a training course (hub)',
    tags: ['training'],
    access: hubAdmin,
    params: TenantParams,
    body: CreateCourseBody,
    response: { status: 201, description: 'The course' },
    handle: ({ body }) => training.createCourse(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/training/courses',
    summary: '研修コース一覧（ハブ） / The hub’s training courses',
    tags: ['training'],
    access: hubStaff,
    params: TenantParams,
    response: { status: 200, description: 'Courses' },
    handle: () => training.listCourses(),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/training/courses/:id',
    summary: '研修コースと日程（ハブ） / A course with its sessions (hub)',
    tags: ['training'],
    access: hubStaff,
    params: ItemParams,
    response: { status: 200, description: 'The course' },
    handle: ({ params }) => training.getCourse(params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/t/:tenant/training/courses/:id',
    summary: '研修コースの公開・非公開（ハブ） / Publish or withdraw a course (hub)',
    tags: ['training'],
    access: hubAdmin,
    params: ItemParams,
    body: UpdateCourseBody,
    response: { status: 200, description: 'The course' },
    handle: ({ params, body }) => training.setPublished(params.id, body.published),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/training/courses/:id/sessions',
    summary: '研修日程を追加（ハブ） / Add a session to a course (hub)',
    tags: ['training'],
    access: hubAdmin,
    params: ItemParams,
    body: CreateSessionBody,
    response: { status: 201, description: 'The session' },
    handle: ({ params, body }) => training.addSession(params.id, body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/training/centres',
    summary:
      '研修の会場にできるセンター（ハブと提携先） / Centres a session can be held at: the hub and its partners',
    tags: ['training'],
    access: hubStaff,
    params: TenantParams,
    response: { status: 200, description: 'Centres' },
    handle: () => training.centresOfNetwork(),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/training/sessions/:id/enrolments',
    summary:
      '研修日程の受講者（仮名ID とセンターのみ、ハブ） / A session’s enrolments: pseudonyms and centres only (hub)',
    tags: ['training'],
    access: hubStaff,
    params: ItemParams,
    response: { status: 200, description: 'Enrolments' },
    handle: ({ params }) => training.sessionEnrolments(params.id),
  }),
  defineRoute({
    method: 'put',
    path: '/t/:tenant/training/enrolments/:id/attendance',
    summary: '出欠を記録（ハブ） / Record attendance (hub)',
    tags: ['training'],
    access: hubAdmin,
    params: ItemParams,
    body: AttendanceBody,
    response: { status: 200, description: 'The enrolment' },
    handle: ({ params, body }) => training.recordAttendance(params.id, body.attended),
  }),
  defineRoute({
    method: 'put',
    path: '/t/:tenant/training/enrolments/:id/assessment',
    summary:
      '修了評価を記録（合格でスキル付与、ハブ） / Record the assessment; passing grants the skills (hub)',
    tags: ['training'],
    access: hubAdmin,
    params: ItemParams,
    body: AssessmentBody,
    response: { status: 200, description: 'The enrolment' },
    handle: ({ params, body }) => training.recordAssessment(params.id, body.score),
  }),

  // --- a centre: the hub's catalogue, its own enrolments ---
  defineRoute({
    method: 'get',
    path: '/t/:tenant/training/catalogue',
    summary: 'ハブの研修コースと今後の日程・空席 / The hub’s courses with upcoming sessions and seats left',
    tags: ['training'],
    access: people,
    params: TenantParams,
    response: { status: 200, description: 'The catalogue' },
    handle: () => training.catalogue(),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/training/enrolments',
    summary: '自センターのメンバーを研修に申し込む / Enrol one of the centre’s own members',
    tags: ['training'],
    access: staff,
    params: TenantParams,
    body: EnrolBody,
    response: { status: 201, description: 'The enrolment' },
    handle: ({ body }) => training.enrol(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/training/enrolments',
    summary: '自センターの研修申込みと結果 / The centre’s own enrolments and results',
    tags: ['training'],
    access: staff,
    params: TenantParams,
    query: EnrolmentsQuery,
    response: { status: 200, description: 'Enrolments' },
    handle: ({ query }) => training.listOwn(query.sessionId),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/training/enrolments/:id',
    summary: '自センターの研修申込み / One of the centre’s own enrolments',
    tags: ['training'],
    access: staff,
    params: ItemParams,
    response: { status: 200, description: 'The enrolment' },
    handle: ({ params }) => training.getOwn(params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/training/enrolments/:id/cancel',
    summary: '研修の申込みを取り消す（本人、またはスタッフ） / Cancel an enrolment (your own; staff: any)',
    tags: ['training'],
    access: people,
    params: ItemParams,
    response: { status: 200, description: 'The enrolment' },
    handle: ({ params }) => training.cancel(params.id),
  }),

  // --- a worker ---
  defineRoute({
    method: 'get',
    path: '/t/:tenant/training/mine',
    summary: '自分の研修 / My training',
    tags: ['training'],
    access: people,
    params: TenantParams,
    response: { status: 200, description: 'My enrolments', schema: z.array(z.unknown()) },
    handle: () => training.mine(),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/training/mine',
    summary: 'ワーカー向け研修に自分で申し込む / Enrol yourself in a worker course session',
    tags: ['training'],
    access: people,
    params: TenantParams,
    body: SelfEnrolBody,
    response: { status: 201, description: 'The enrolment' },
    handle: ({ body }) => training.enrolSelf(body.sessionId),
  }),
];
