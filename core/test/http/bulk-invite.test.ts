import { beforeAll, describe, expect, it } from 'vitest';
import { registerJobHandlers } from '../../src/jobs/handlers.js';
import type { JobEvent, JobQueue } from '../../src/jobs/queue.js';
import { TOKENS } from '../../src/kernel/tokens.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/** Long work through the real queue of this suite's mode: inviting a whole list in the background. */
let t: TestApp;
let admin: Client;
let queue: JobQueue;
const events: JobEvent[] = [];

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn('tenant_admin@alpha.test');
  queue = t.container.get<JobQueue>(TOKENS.JobQueue);
  queue.onEvent((e) => events.push(e));
  registerJobHandlers(queue, t.container);
  await queue.start({ concurrency: 1 });
});

const waitForJob = (id: string) =>
  expect
    .poll(async () => (await admin.get(`/api/t/alpha/jobs/${id}`)).body.state, {
      timeout: 20_000,
      interval: 200,
    })
    .toMatch(/completed|failed/);

describe('bulk invitations as a background job', () => {
  it('invites every row with progress, skips people already invited or members, and reports the result', async () => {
    await admin.post('/api/t/alpha/invitations', { email: 'already@example.jp', role: 'worker' }).expect(201);
    const rows = [
      { email: 'a1@example.jp', role: 'worker' },
      { email: 'a2@example.jp', role: 'worker' },
      { email: 'already@example.jp', role: 'worker' },
      { email: 'worker@alpha.test', role: 'worker' },
      { email: 'a3@example.jp', role: 'director' },
    ];
    const accepted = await admin.post('/api/t/alpha/invitations/bulk', { invitations: rows }).expect(202);
    const jobId: string = accepted.body.jobId;
    await waitForJob(jobId);
    const job = (await admin.get(`/api/t/alpha/jobs/${jobId}`).expect(200)).body;
    expect(job).toMatchObject({ state: 'completed', progress: 100, result: { invited: 3, skipped: 2 } });
    const progress = events.filter((e) => e.id === jobId).map((e) => e.progress);
    expect(progress.at(-1)).toBe(100);
    const emails = (await admin.get('/api/t/alpha/invitations')).body.map((i: { email: string }) => i.email);
    expect(emails).toEqual(expect.arrayContaining(['a1@example.jp', 'a2@example.jp', 'a3@example.jp']));
  });

  it('starts one run for one Idempotency-Key, and refuses a malformed key', async () => {
    const body = { invitations: [{ email: 'once@example.jp', role: 'client' }] };
    const first = await admin
      .post('/api/t/alpha/invitations/bulk', body)
      .set('Idempotency-Key', 'form-42')
      .expect(202);
    const again = await admin
      .post('/api/t/alpha/invitations/bulk', body)
      .set('Idempotency-Key', 'form-42')
      .expect(202);
    expect(again.body.jobId).toBe(first.body.jobId);
    await waitForJob(first.body.jobId);
    await admin.post('/api/t/alpha/invitations/bulk', body).set('Idempotency-Key', 'no spaces!').expect(400);
  });

  it('rejects a list with a bad row, naming the row, and queues nothing', async () => {
    const before = (await admin.get('/api/t/alpha/jobs')).body.length;
    const res = await admin
      .post('/api/t/alpha/invitations/bulk', {
        invitations: [
          { email: 'ok@example.jp', role: 'worker' },
          { email: 'not-an-email', role: 'worker' },
        ],
      })
      .expect(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/invitations/1/email']);
    expect((await admin.get('/api/t/alpha/jobs')).body.length).toBe(before);
  });

  it('keeps jobs tenant-private: another tenant gets 404 for the id and sees none in its list', async () => {
    const { jobId } = (
      await admin
        .post('/api/t/alpha/invitations/bulk', {
          invitations: [{ email: 'private@example.jp', role: 'worker' }],
        })
        .expect(202)
    ).body;
    const beta = await t.signIn('tenant_admin@beta.test');
    await beta.get(`/api/t/beta/jobs/${jobId}`).expect(404);
    await beta.post(`/api/t/beta/jobs/${jobId}/retry`).expect(404);
    await beta.get(`/api/t/alpha/jobs/${jobId}`).expect(404);
    expect((await beta.get('/api/t/beta/jobs').expect(200)).body).toEqual([]);
    await (await t.signIn('worker@alpha.test')).get(`/api/t/alpha/jobs/${jobId}`).expect(403);
  });
});
