import { inject, injectable } from 'inversify';
import { type Selectable, sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentActor, currentScope } from '../../db/request-context.js';
import type { Workspace } from '../../db/schema.js';
import { type FieldError, notFound, Problem } from '../../kernel/problems.js';
import { DAY_MS } from '../../kernel/tokyo.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateBooking } from './seat.schemas.js';
import {
  hhmmOf,
  hourSlots,
  maxOverlap,
  openingOn,
  tokyoDate,
  tokyoMidnight,
  tokyoMinutes,
  withinOpeningHours,
} from './seat-arithmetic.js';
import type { SeatBookingsTable } from './seats.tables.js';

type Booking = Selectable<SeatBookingsTable>;

const STAFF_ROLES = new Set(['hub_admin', 'tenant_admin', 'director']);

/** HH:MM in Tokyo; the end of a booking that reaches midnight reads 24:00. */
const clock = (ms: number, date: string) => hhmmOf(Math.round((ms - tokyoMidnight(date)) / 60_000));

export const toBookingView = (b: Booking & { workspace_name: string }) => {
  const date = tokyoDate(b.starts_at.getTime());
  return {
    id: b.id,
    workspaceId: b.workspace_id,
    workspaceName: b.workspace_name,
    userId: b.user_id,
    date,
    from: clock(b.starts_at.getTime(), date),
    to: clock(b.ends_at.getTime(), date),
    startsAt: b.starts_at,
    endsAt: b.ends_at,
    childcare: b.childcare,
    childcareChildren: b.childcare_children,
    childcareNote: b.childcare_note,
    status: b.status,
    createdAt: b.created_at,
  };
};

const unprocessable = (errors: FieldError[]) =>
  new Problem('unprocessable', errors.map((e) => e.detail).join(' '), { errors });

function signedInUser(): string {
  const { userId } = currentActor();
  if (!userId)
    throw new Problem(
      'forbidden',
      '席の予約はサインインした本人が行います / Seats are booked by a signed-in person',
    );
  return userId;
}

/** Coworking seats: workers book a seat for a time range; staff see who is in, by hour. */
@injectable()
export class SeatsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  /**
   * Books a seat for the signed-in worker. Everything is checked inside one transaction that first locks the
   * workspace row, so concurrent bookings of the same workspace are decided one after another and the last
   * seat goes to one of them only. A refusal writes nothing.
   */
  book(input: CreateBooking) {
    const userId = signedInUser();
    return this.db.inTenant(async (tx) => {
      const ws = await tx
        .selectFrom('workspaces')
        .selectAll()
        .where('id', '=', input.workspaceId)
        .forUpdate()
        .executeTakeFirst();
      if (!ws) throw notFound('ワークスペース', 'Workspace');
      // One person's bookings in different workspaces are serialised too (no double booking by a race).
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`seat-bookings:${userId}`}))`.execute(tx);
      const start = Date.parse(input.startsAt);
      const end = Date.parse(input.endsAt);

      const errors: FieldError[] = [];
      if (ws.kind !== 'coworking')
        errors.push({
          pointer: '/body/workspaceId',
          code: 'not_a_coworking_space',
          detail: '在宅のワークスペースには席の予約はありません / Seats are booked at a centre, not at home',
        });
      if (input.childcare && !ws.childcare)
        errors.push({
          pointer: '/body/childcare',
          code: 'no_childcare',
          detail: `「${ws.name}」には託児がありません / "${ws.name}" offers no childcare`,
        });
      if (end <= Date.now())
        errors.push({
          pointer: '/body/startsAt',
          code: 'in_the_past',
          detail: '過去の時間は予約できません / A booking cannot be in the past',
        });
      if (!withinOpeningHours(ws.opening_hours, start, end)) {
        const date = tokyoDate(start);
        const open = openingOn(ws.opening_hours, date)
          .map((p) => `${hhmmOf(p.start)}–${hhmmOf(p.end)}`)
          .join(', ');
        errors.push({
          pointer: '/body/startsAt',
          code: 'outside_opening_hours',
          detail: open
            ? `開館時間（${date} は ${open}）の中で予約してください / Book within the opening hours (${open} on ${date})`
            : `${date} は休館日です / The workspace is closed on ${date}`,
        });
      }
      if (errors.length > 0) throw unprocessable(errors);

      const mine = await tx
        .selectFrom('seat_bookings')
        .select('id')
        .where('user_id', '=', userId)
        .where('status', '=', 'booked')
        .where('starts_at', '<', new Date(end))
        .where('ends_at', '>', new Date(start))
        .executeTakeFirst();
      if (mine)
        throw new Problem(
          'conflict',
          'この時間には既に席を予約しています / You already have a seat booked at this time',
          {
            errors: [
              {
                pointer: '/body/startsAt',
                code: 'already_booked',
                detail: 'この時間には既に席を予約しています / You already have a seat booked at this time',
              },
            ],
          },
        );
      const overlapping = await this.bookedBetween(tx, ws.id, start, end);
      const ranges = overlapping.map((b) => ({ start: b.starts_at.getTime(), end: b.ends_at.getTime() }));
      if (maxOverlap([...ranges, { start, end }]) > ws.seats) {
        const detail = `この時間は満席です（${ws.seats} 席） / No seat is free for the whole time (${ws.seats} seats)`;
        throw new Problem('conflict', detail, {
          errors: [{ pointer: '/body/startsAt', code: 'no_seat_free', detail }],
        });
      }

      const created = await tx
        .insertInto('seat_bookings')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          workspace_id: ws.id,
          user_id: userId,
          starts_at: new Date(start),
          ends_at: new Date(end),
          childcare: input.childcare,
          childcare_children: input.childcare ? input.childcareChildren : null,
          childcare_note: input.childcare ? input.childcareNote : '',
        }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'seat_booking.created',
        entityType: 'seat_booking',
        entityId: created.id,
        data: {
          workspaceId: ws.id,
          startsAt: created.starts_at,
          endsAt: created.ends_at,
          childcare: input.childcare,
        },
      });
      return toBookingView({ ...created, workspace_name: ws.name });
    });
  }

  /** The signed-in person's bookings from 30 days ago on, soonest first. */
  mine() {
    const userId = signedInUser();
    return this.db.inTenant(async (tx) => {
      const rows = await tx
        .selectFrom('seat_bookings')
        .innerJoin('workspaces', 'workspaces.id', 'seat_bookings.workspace_id')
        .selectAll('seat_bookings')
        .select('workspaces.name as workspace_name')
        .where('seat_bookings.user_id', '=', userId)
        .where('seat_bookings.ends_at', '>=', new Date(Date.now() - 30 * DAY_MS))
        .orderBy('seat_bookings.starts_at')
        .execute();
      return rows.map(toBookingView);
    });
  }

  /** Cancels a booking: a worker their own (another's answers 404), staff anyone's. */
  cancel(id: string) {
    const userId = signedInUser();
    const staff = STAFF_ROLES.has(currentScope().role ?? '');
    return this.db.inTenant(async (tx) => {
      const found = await tx
        .selectFrom('seat_bookings')
        .innerJoin('workspaces', 'workspaces.id', 'seat_bookings.workspace_id')
        .selectAll('seat_bookings')
        .select('workspaces.name as workspace_name')
        .where('seat_bookings.id', '=', id)
        .executeTakeFirst();
      if (!found || (!staff && found.user_id !== userId)) throw notFound('席の予約', 'Seat booking');
      if (found.status === 'cancelled') return toBookingView(found);
      const updated = await tx
        .updateTable('seat_bookings')
        .set({ status: 'cancelled', cancelled_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'seat_booking.cancelled',
        entityType: 'seat_booking',
        entityId: id,
        data: { userId: found.user_id, by: staff && found.user_id !== userId ? 'staff' : 'worker' },
      });
      return toBookingView({ ...updated, workspace_name: found.workspace_name });
    });
  }

  /** Free seats per opening hour of a date: what the booking page shows; no names. */
  availability(workspaceId: string, date: string) {
    return this.db.inTenant(async (tx) => {
      const ws = await this.workspace(tx, workspaceId);
      const bookings = await this.bookedOn(tx, ws.id, date);
      const { slots: _slots, ...summary } = this.summary(ws, date, bookings);
      return summary;
    });
  }

  /** Staff: who is in on a date, by hour, with childcare requests. */
  day(workspaceId: string, date: string) {
    return this.db.inTenant(async (tx) => {
      const ws = await this.workspace(tx, workspaceId);
      const bookings = await this.bookedOn(tx, ws.id, date);
      const names = new Map(
        bookings.length === 0
          ? []
          : (
              await tx
                .selectFrom('users')
                .select(['id', 'display_name'])
                .where(
                  'id',
                  'in',
                  bookings.map((b) => b.user_id),
                )
                .execute()
            ).map((u) => [u.id, u.display_name]),
      );
      const { slots, ...summary } = this.summary(ws, date, bookings);
      return {
        ...summary,
        workspaceName: ws.name,
        hours: summary.hours.map((h, i) => {
          const slot = slots[i]!;
          return {
            ...h,
            people: bookings
              .filter((b) => b.starts_at.getTime() < slot.end && b.ends_at.getTime() > slot.start)
              .map((b) => b.user_id),
          };
        }),
        bookings: bookings.map((b) => ({
          id: b.id,
          userId: b.user_id,
          displayName: names.get(b.user_id) ?? '',
          from: clock(b.starts_at.getTime(), date),
          to: clock(b.ends_at.getTime(), date),
          startsAt: b.starts_at,
          endsAt: b.ends_at,
          childcare: b.childcare,
          childcareChildren: b.childcare_children,
          childcareNote: b.childcare_note,
        })),
        childcareRequests: bookings.filter((b) => b.childcare).length,
      };
    });
  }

  private summary(ws: Workspace, date: string, bookings: Booking[]) {
    const ranges = bookings.map((b) => ({ start: b.starts_at.getTime(), end: b.ends_at.getTime() }));
    const slots = hourSlots(ws.opening_hours, date, ws.seats, ranges);
    return {
      workspaceId: ws.id,
      date,
      seats: ws.seats,
      childcare: ws.childcare,
      open: openingOn(ws.opening_hours, date).map((p) => ({ opens: hhmmOf(p.start), closes: hhmmOf(p.end) })),
      hours: slots.map((s) => ({
        hour: s.hour,
        from: hhmmOf(tokyoMinutes(s.start)),
        to: clock(s.end, date),
        booked: s.booked,
        free: s.free,
      })),
      slots,
    };
  }

  private async workspace(tx: Tx, id: string): Promise<Workspace> {
    const ws = await tx.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
    if (!ws) throw notFound('ワークスペース', 'Workspace');
    return ws;
  }

  private bookedOn(tx: Tx, workspaceId: string, date: string) {
    const midnight = tokyoMidnight(date);
    return this.bookedBetween(tx, workspaceId, midnight, midnight + DAY_MS);
  }

  private bookedBetween(tx: Tx, workspaceId: string, start: number, end: number) {
    return tx
      .selectFrom('seat_bookings')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'booked')
      .where('starts_at', '<', new Date(end))
      .where('ends_at', '>', new Date(start))
      .orderBy('starts_at')
      .orderBy('created_at')
      .execute();
  }
}
