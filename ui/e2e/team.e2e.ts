/**
 * The directors' view (issue #5): today's roster, and a worker taking a task appearing under "いま作業中"
 * without a reload (pushed through realtime). Setup goes through the API.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, screenshot, settled, signInTo } from './support/browser.ts';
import { apiSession, prepareCentre } from './support/flows.ts';
import { type Kado, startKado } from './support/server.ts';

let kado: Kado;
let browser: Browser;
let base: string;
const TENANT = 'matsumoto';

beforeAll(async () => {
  [kado, browser] = await Promise.all([startKado(), launch()]);
  base = kado.baseUrl;
});

afterAll(async () => {
  await browser?.close();
  await kado?.stop();
});

describe('the directors’ view', () => {
  it('shows today’s roster and, live, who takes a task', async () => {
    const centre = await prepareCentre(browser, base, TENANT, 'data-entry', '株式会社チーム');
    const director = await apiSession(browser, base, `director@${TENANT}.kado.example`);
    const clientId = (
      await director.call<{ id: string; name: string }[]>('GET', `/t/${TENANT}/clients`)
    ).find((c) => c.name === '株式会社チーム')!.id;
    const order = await director.call<{ id: string }>('POST', `/t/${TENANT}/orders`, {
      clientId,
      title: '窓口アンケート入力',
      workType: 'data-entry',
      parameters: { form: { fields: [{ key: 'name', label: { ja: '氏名', en: 'Name' }, type: 'text' }] } },
      contractType: 'ukeoi',
      quantity: 2,
      unitPrice: 80,
      deadline: '2027-03-31T17:00:00+09:00',
      qualityTarget: 95,
    });
    await director.call('POST', `/t/${TENANT}/orders/${order.id}/transitions`, { to: 'accepted' });
    const [project] = await director.call<{ id: string }[]>(
      'GET',
      `/t/${TENANT}/projects?orderId=${order.id}`,
    );
    const started = await director.call<{ id: string }>(
      'POST',
      `/t/${TENANT}/projects/${project!.id}/imports?format=csv&name=scans.csv`,
      'scan\np-1.png\np-2.png\n',
      'text/csv',
    );
    await expect
      .poll(
        async () =>
          (
            await director.call<{ status: string }>(
              'GET',
              `/t/${TENANT}/projects/${project!.id}/imports/${started.id}`,
            )
          ).status,
        { timeout: 20_000 },
      )
      .toBe('done');
    await director.call('PATCH', `/t/${TENANT}/projects/${project!.id}`, { goldenPercent: 0 });

    const { page } = await newPage(browser);
    await signInTo(page, base, `director@${TENANT}.kado.example`, `/t/${TENANT}/team`);
    await settled(page);
    await page.getByRole('heading', { name: 'きょうのワーカー' }).waitFor();
    const worker = centre.workers[0];
    expect(await page.getByRole('table', { name: /稼働可能時間/ }).textContent()).toContain(worker.name);
    await page.getByText('いま作業中のワーカーはいません').waitFor();
    await page.getByText('ライブ更新中').waitFor();

    // The worker takes a task on their phone; the director's page shows it without a reload.
    const workerSession = await apiSession(browser, base, worker.email);
    const { task } = await workerSession.call<{ task: { id: string } }>(
      'POST',
      `/t/${TENANT}/tasks/next`,
      {},
    );
    expect(task).toBeTruthy();
    const live = page.getByRole('table', { name: 'いま作業中' });
    await live.waitFor({ timeout: 10_000 });
    expect(await live.textContent()).toContain(worker.name);
    expect(await live.textContent()).toContain('窓口アンケート入力');
    await expectAccessible(page, 'team (director)');
    await screenshot(page, 'team-director');

    // Given back, it leaves the list, again without a reload.
    await workerSession.call('DELETE', `/t/${TENANT}/tasks/${task.id}/lease`);
    await page.getByText('いま作業中のワーカーはいません').waitFor({ timeout: 10_000 });
    await workerSession.context.close();
    await director.context.close();
    await page.context().close();
  }, 120_000);
});
