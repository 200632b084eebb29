import { expect } from 'vitest';
import type { Client } from './test-app.js';

/**
 * Through the API, one row in every tenant table of the workers migration (0006) for a tenant: the
 * worker's profile, hours (pattern and settings), an exception, and a training recorded by staff. Returns
 * the ids a cross-tenant test asks about: `workerUser`, `training`, `exception`.
 */
export async function seedWorkers(
  admin: Client,
  worker: Client,
  slug: string,
): Promise<Record<string, string>> {
  const profile = (
    await worker
      .patch(`/api/t/${slug}/me/profile`, {
        legalName: `${slug} 花子`,
        phone: '0263-00-0000',
        email: `hanako@${slug}.test`,
        address: '長野県塩尻市',
        preferredPlace: 'both',
        accessibilityNeeds: '',
        timeConstraintReason: 'childcare',
      })
      .expect(200)
  ).body;
  await worker
    .put(`/api/t/${slug}/me/availability`, {
      pattern: {
        mon: [{ start: '09:00', end: '14:30' }],
        tue: [{ start: '09:00', end: '12:00' }],
        wed: [{ start: '09:00', end: '14:30' }],
        thu: [{ start: '09:00', end: '12:00' }],
        fri: [{ start: '09:00', end: '14:30' }],
      },
      maxMinutesPerWeek: 20 * 60,
      worksOnHolidays: false,
    })
    .expect(200);
  const exception = (
    await worker
      .post(`/api/t/${slug}/me/availability/exceptions`, {
        kind: 'off',
        dateFrom: '2027-01-04',
        dateTo: '2027-01-08',
        note: '冬休み',
      })
      .expect(201)
  ).body;
  const training = (
    await admin
      .post(`/api/t/${slug}/workers/${profile.userId}/trainings`, {
        course: 'データ入力 基礎研修',
        completedOn: '2026-04-15',
      })
      .expect(201)
  ).body;
  expect(training.id).toBeTruthy();
  return { workerUser: profile.userId, training: training.id, exception: exception.id };
}
