import { expect } from 'vitest';
import { DAY_MS, tokyoDate } from '../../src/kernel/tokyo.js';
import type { Client } from './test-app.js';

const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * One row in every tenant table of the seats and growth migrations (0009, 0010), made through the API:
 * opens the tenant's first workspace 09:00–18:00 every day (the test tenants' workspace has no opening
 * hours), books the worker a seat there on a day in the coming weeks, and records a placement outcome for
 * them. Returns ids keyed by table name (`seat_bookings`, `placement_outcomes`) plus `workspace` and
 * `worker` (the worker's user id).
 */
export async function seedSeatsGrowth(
  admin: Client,
  worker: Client,
  slug: string,
): Promise<Record<string, string>> {
  const workspace = (await admin.get(`/api/t/${slug}/workspaces`).expect(200)).body.find(
    (w: { kind: string }) => w.kind === 'coworking',
  );
  expect(workspace, `a coworking workspace in ${slug}`).toBeTruthy();
  await admin
    .patch(`/api/t/${slug}/workspaces/${workspace.id}`, {
      seats: Math.max(1, workspace.seats),
      openingHours: ALL_DAYS.map((day) => ({ day, opens: '09:00', closes: '18:00' })),
    })
    .expect(200);
  // A week ahead, or the next day free for this worker if the helper runs again.
  let booking: { id: string; userId: string } | undefined;
  for (let d = 7; d < 60 && !booking; d++) {
    const date = tokyoDate(Date.now() + d * DAY_MS);
    const res = await worker.post(`/api/t/${slug}/seat-bookings`, {
      workspaceId: workspace.id,
      startsAt: `${date}T10:00:00+09:00`,
      endsAt: `${date}T12:00:00+09:00`,
    });
    if (res.status === 201) booking = res.body;
    else expect(res.status, JSON.stringify(res.body)).toBe(409);
  }
  if (!booking) throw new Error(`could not book a seat in ${slug}`);
  const placement = (
    await admin
      .post(`/api/t/${slug}/growth/placements`, {
        userId: booking.userId,
        kind: 'employed_local',
        employerName: `${slug} 地元企業`,
        occurredOn: tokyoDate(Date.now()),
        note: 'seed',
      })
      .expect(201)
  ).body;
  return {
    seat_bookings: booking.id,
    placement_outcomes: placement.id,
    workspace: workspace.id,
    worker: booking.userId,
  };
}
