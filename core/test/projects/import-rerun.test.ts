import { beforeAll, expect, it } from 'vitest';
import { PluginsService } from '../../src/modules/plugins/plugins.service.js';
import { ImportsService } from '../../src/modules/projects/imports.service.js';
import { PLUGIN_FIXTURES } from '../plugins/plugin-fixtures.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { acceptedOrder, enablePlugin } from '../support/work-flow.js';

/**
 * An import job delivered more than once at the same time (at least once: a stalled job's re-run, or the
 * demo seed running an import the queue has also taken) writes its tasks once.
 */
let t: TestApp;
let admin: Client;
let projectId: string;

beforeAll(async () => {
  t = await startTestApp(); // no queue running: the test runs the job's work itself, three times at once
  await t.container.get(PluginsService).host.load([PLUGIN_FIXTURES]);
  admin = await t.signIn('tenant_admin@alpha.test');
  await enablePlugin(admin, 'alpha', 'minimal');
  ({ projectId } = await acceptedOrder(admin, 'alpha', {
    workType: 'minimal',
    parameters: { maxLength: 100 },
  }));
});

it('writes the tasks of an import run three times at once exactly once', async () => {
  const lines = Array.from({ length: 250 }, (_, i) => `項目 ${i + 1}`).join('\n');
  const started = await admin
    .post(`/api/t/alpha/projects/${projectId}/imports?format=lines&name=input.lines`)
    .set('content-type', 'text/csv')
    .send(lines)
    .expect(202);
  const imports = t.container.get(ImportsService);
  const runs = await Promise.all(
    Array.from({ length: 3 }, () => imports.run(t.tenants.alpha!, started.body.id, async () => {})),
  );
  expect(runs.filter((r) => 'imported' in r && r.imported === 250)).toHaveLength(1);
  expect(runs.filter((r) => 'skipped' in r)).toHaveLength(2);
  const tasks = (await admin.get(`/api/t/alpha/projects/${projectId}/tasks?limit=500`).expect(200)).body;
  const items = Array.isArray(tasks) ? tasks : tasks.items;
  expect(items).toHaveLength(250);
  const imp = (await admin.get(`/api/t/alpha/projects/${projectId}/imports/${started.body.id}`).expect(200))
    .body;
  expect(imp).toMatchObject({ status: 'done', imported: 250 });
});
