import { beforeAll, describe, expect, it } from 'vitest';
import { PluginsService } from '../../src/modules/plugins/plugins.service.js';
import { PLUGIN_FIXTURES } from '../plugins/plugin-fixtures.js';
import { ensureTerms } from '../support/contracts-time-seed.js';
import { pdfText } from '../support/pdf-text.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { acceptedOrder, enablePlugin, grantSkills, importFile } from '../support/work-flow.js';
import { account, download, record, SETTINGS, submitAndApprove, waitForRun } from './helpers.js';

/**
 * Per-unit (請負) work: accepted tasks of the month are paid at the order's unit price times the worker's
 * share, and time recorded on those tasks is never paid again by the hour.
 */
let t: TestApp;
let admin: Client;
let worker: Client;
let workerId: string;
const month = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7);

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  await t.container.get(PluginsService).host.load([PLUGIN_FIXTURES]);
  admin = await t.signIn('tenant_admin@alpha.test');
  worker = await t.signIn('worker@alpha.test');
  await admin.put('/api/t/alpha/payouts/settings', SETTINGS).expect(200);
  await worker.put('/api/t/alpha/me/bank-account', account('2222222', 'タナカ ユウコ')).expect(200);
  // ¥1,200/h and 70 % of the unit price.
  workerId = await grantSkills(admin, 'alpha', 'worker@alpha.test', ['typing-ja']);
  await ensureTerms(admin, 'alpha');
  const offered = (
    await admin
      .post('/api/t/alpha/contracts', {
        userId: workerId,
        hourlyRate: 1200,
        unitSharePercent: 70,
        startsOn: '2020-04-01',
        work: 'データ入力（準委任・出来高）',
        place: 'センターまたは自宅',
      })
      .expect(201)
  ).body;
  await worker
    .post(`/api/t/alpha/me/contracts/${offered.id}/accept`, { termsVersion: offered.termsVersion })
    .expect(200);
});

describe('per-unit work in a run', () => {
  it('pays accepted units by unit price × share and excludes time on per-unit tasks', async () => {
    await enablePlugin(admin, 'alpha', 'minimal');
    const { projectId } = await acceptedOrder(admin, 'alpha', {
      workType: 'minimal',
      parameters: { maxLength: 100 },
    });
    const imported = await importFile(admin, 'alpha', projectId, 'lines', '一\n二\n三\n');
    expect(imported.status).toBe('done');
    const taskIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const task = (await worker.post('/api/t/alpha/tasks/next', {}).expect(200)).body.task;
      await worker.post(`/api/t/alpha/tasks/${task.id}/submit`, { submission: { text: 'ok' } }).expect(200);
      await admin.post(`/api/t/alpha/tasks/${task.id}/review`, { decision: 'accept' }).expect(200);
      taskIds.push(task.id);
    }
    // 60 minutes on a per-unit task (paid by the unit only) and 30 minutes of other work (paid by the hour).
    await record(worker, 'alpha', `${month}-02`, '10:00', '11:00', 0, taskIds[0]);
    await record(worker, 'alpha', `${month}-02`, '13:00', '13:30');
    await submitAndApprove(worker, admin, 'alpha', workerId, month);

    const run = (await admin.post('/api/t/alpha/payouts/runs', { month }).expect(201)).body;
    expect(run.statements).toHaveLength(1);
    // 30 min × ¥1,200 / 60 = ¥600; 3 × ¥50 × 70 % = ¥105.
    expect(run.statements[0]).toMatchObject({
      userId: workerId,
      minutes: 30,
      hourlyRate: 1200,
      hourAmount: 600,
      units: 3,
      unitAmount: 105,
      amount: 705,
    });
    await admin.post(`/api/t/alpha/payouts/runs/${run.id}/approve`, {}).expect(202);
    const done = await waitForRun(admin, 'alpha', run.id);
    expect(done.status).toBe('completed');
    const { text } = await pdfText(
      (await download(worker, `/api/t/alpha/me/statements/${run.statements[0].id}/pdf`)).bytes,
    );
    for (const part of ['0時間30分', '1,200円', '3件', '105円', '705円']) expect(text).toContain(part);
  });
});
