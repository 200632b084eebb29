import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import { Slug } from '../tenants/tenant.schemas.js';
import {
  ClockBody,
  CorrectionBody,
  DecisionBody,
  ManualEntryBody,
  Month,
  ReturnBody,
  StatementView,
  TimeEntryView,
  TimesheetView,
} from './time.schemas.js';
import type { TimeService } from './time.service.js';

const TenantParams = z.strictObject({ tenant: Slug });
const EntryParams = z.strictObject({ tenant: Slug, id: z.uuid() });
const MonthParams = z.strictObject({ tenant: Slug, month: Month });
const WorkerMonthParams = z.strictObject({ tenant: Slug, userId: z.uuid(), month: Month });
const ListQuery = z.strictObject({
  status: z.enum(['open', 'submitted', 'approved', 'returned']).optional(),
  month: Month.optional(),
});
const staff = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;
/** Anyone who takes work keeps time: workers, and staff who take a task themselves. */
const working = { kind: 'tenant', roles: ['worker', ...TENANT_ROLES.staff] } as const;

export const timeRoutes = (time: TimeService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/me/clock',
    summary: '稼働中の記録 / My running record',
    tags: ['time'],
    access: working,
    params: TenantParams,
    response: {
      status: 200,
      description: 'The open record, if any',
      schema: z.object({ entry: TimeEntryView.nullable() }),
    },
    handle: () => time.openEntry(),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/me/clock',
    summary: '開始・終了を打刻 / Clock in or out',
    tags: ['time'],
    access: working,
    params: TenantParams,
    body: ClockBody,
    response: { status: 200, description: 'The record', schema: TimeEntryView },
    handle: ({ body }) => time.clock(body),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/me/time-entries',
    summary: '勤務記録を手入力 / Add a record by hand',
    tags: ['time'],
    access: working,
    params: TenantParams,
    body: ManualEntryBody,
    response: { status: 201, description: 'Created', schema: TimeEntryView },
    handle: ({ body }) => time.addManual(body),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/me/time-entries/:id/corrections',
    summary: '勤務記録を修正 / Correct a record',
    tags: ['time'],
    access: working,
    params: EntryParams,
    body: CorrectionBody,
    response: { status: 201, description: 'The correcting record', schema: TimeEntryView },
    handle: ({ params, body }) => time.correct(params.id, body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/me/timesheets/:month',
    summary: '自分の勤務表 / My timesheet',
    tags: ['time'],
    access: working,
    params: MonthParams,
    response: { status: 200, description: 'Records and totals', schema: TimesheetView },
    handle: ({ params }) => time.myTimesheet(params.month),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/me/timesheets/:month/submit',
    summary: '勤務表を提出 / Submit my timesheet',
    tags: ['time'],
    access: working,
    params: MonthParams,
    response: { status: 200, description: 'The timesheet', schema: TimesheetView },
    handle: ({ params }) => time.submit(params.month),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/me/timesheets/:month/statement',
    summary: '報酬明細 / My earnings statement',
    tags: ['time'],
    access: working,
    params: MonthParams,
    response: { status: 200, description: 'Lines and total in yen', schema: StatementView },
    handle: ({ params }) => time.myStatement(params.month),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/timesheets',
    summary: '勤務表一覧 / Timesheets',
    tags: ['time'],
    access: staff,
    params: TenantParams,
    query: ListQuery,
    response: {
      status: 200,
      description: 'Timesheets with totals',
      schema: z.array(TimesheetView.omit({ entries: true })),
    },
    handle: ({ query }) => time.list(query.status, query.month),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/timesheets/:userId/:month',
    summary: 'ワーカーの勤務表 / A worker’s timesheet',
    tags: ['time'],
    access: staff,
    params: WorkerMonthParams,
    response: { status: 200, description: 'Records and totals', schema: TimesheetView },
    handle: ({ params }) => time.workerTimesheet(params.userId, params.month),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/timesheets/:userId/:month/statement',
    summary: 'ワーカーの報酬明細 / A worker’s earnings statement',
    tags: ['time'],
    access: staff,
    params: WorkerMonthParams,
    response: { status: 200, description: 'Lines and total in yen', schema: StatementView },
    handle: ({ params }) => time.workerStatement(params.userId, params.month),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/timesheets/:userId/:month/approve',
    summary: '勤務表を承認 / Approve a timesheet',
    tags: ['time'],
    access: staff,
    params: WorkerMonthParams,
    body: DecisionBody,
    response: { status: 200, description: 'The timesheet', schema: TimesheetView },
    handle: ({ params, body }) => time.decide(params.userId, params.month, 'approve', body.comment),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/timesheets/:userId/:month/return',
    summary: '勤務表を差し戻す / Return a timesheet',
    tags: ['time'],
    access: staff,
    params: WorkerMonthParams,
    body: ReturnBody,
    response: { status: 200, description: 'The timesheet', schema: TimesheetView },
    handle: ({ params, body }) => time.decide(params.userId, params.month, 'return', body.comment),
  }),
];
