import type { Client } from './test-app.js';

/**
 * One row in every tenant table of the hub's training for the partner `slug`, made through the API by the
 * hub's admin and the partner's admin and worker: a hub course and session (training_courses,
 * training_sessions, tenant = hub) and the partner's worker enrolled by the partner's admin
 * (training_enrolments and training_enrolment_people, tenant = partner). The partner must already be a
 * partner of the hub (a hub_partnerships row). Returns ids keyed by table name.
 */
export async function seedTraining(
  hubAdmin: Client,
  admin: Client,
  worker: Client,
  slug: string,
): Promise<Record<string, string>> {
  const course = (
    await hubAdmin
      .post('/api/t/hub/training/courses', {
        titleJa: `${slug} 向け 画像アノテーション基礎`,
        titleEn: `Image annotation basics for ${slug}`,
        audience: 'worker',
        workType: 'minimal',
        skills: ['typing-ja'],
        passScore: 70,
      })
      .expect(201)
  ).body;
  const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
  const session = (
    await hubAdmin
      .post(`/api/t/hub/training/courses/${course.id}/sessions`, {
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
        mode: 'online',
        capacity: 10,
      })
      .expect(201)
  ).body;
  const me = (await worker.get('/api/me').expect(200)).body;
  const enrolment = (
    await admin
      .post(`/api/t/${slug}/training/enrolments`, { sessionId: session.id, userId: me.user.id })
      .expect(201)
  ).body;
  return {
    training_courses: course.id,
    training_sessions: session.id,
    training_enrolments: enrolment.id,
    training_enrolment_people: enrolment.id,
  };
}
