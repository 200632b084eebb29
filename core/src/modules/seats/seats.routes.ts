import { z } from 'zod';
import { defineRoute, TENANT_ROLES } from '../../http/route.js';
import {
  AvailabilityView,
  BookingView,
  CreateBookingBody,
  DayQuery,
  DayView,
  ItemParams,
  TenantParams,
} from './seat.schemas.js';
import type { SeatsService } from './seats.service.js';

/** Everyone who works at the centre: workers and staff (clients do not book seats). */
const people = { kind: 'tenant', roles: [...TENANT_ROLES.staff, 'worker'] } as const;
const staff = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;

export const seatsRoutes = (seats: SeatsService) => [
  defineRoute({
    method: 'post',
    path: '/t/:tenant/seat-bookings',
    summary: '席を予約（本人） / Book a seat for yourself',
    tags: ['seats'],
    access: people,
    params: TenantParams,
    body: CreateBookingBody,
    response: { status: 201, description: 'Booked', schema: BookingView },
    handle: ({ body }) => seats.book(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/seat-bookings/mine',
    summary: '自分の席の予約 / My seat bookings',
    tags: ['seats'],
    access: people,
    params: TenantParams,
    response: { status: 200, description: 'My bookings', schema: z.array(BookingView) },
    handle: () => seats.mine(),
  }),
  defineRoute({
    method: 'delete',
    path: '/t/:tenant/seat-bookings/:id',
    summary: '席の予約を取り消す（本人、またはスタッフ） / Cancel a seat booking (your own; staff: any)',
    tags: ['seats'],
    access: people,
    params: ItemParams,
    response: { status: 200, description: 'The cancelled booking', schema: BookingView },
    handle: ({ params }) => seats.cancel(params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/workspaces/:id/availability',
    summary: '空席（1時間ごと） / Free seats per hour of a day',
    tags: ['seats'],
    access: people,
    params: ItemParams,
    query: DayQuery,
    response: { status: 200, description: 'Free seats per hour', schema: AvailabilityView },
    handle: ({ params, query }) => seats.availability(params.id, query.date),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/workspaces/:id/day',
    summary: '利用者一覧（1日・時間別、託児つき） / Who is in on a day, by hour, with childcare',
    tags: ['seats'],
    access: staff,
    params: ItemParams,
    query: DayQuery,
    response: { status: 200, description: 'The day', schema: DayView },
    handle: ({ params, query }) => seats.day(params.id, query.date),
  }),
];
