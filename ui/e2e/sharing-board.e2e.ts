/**
 * Browser test of the live board of a shared hub order (issue #8, item 4) with the demo network: the hub
 * admin of Shiojiri shares a small data-entry order with Matsumoto (sent from the share page), Matsumoto's
 * admin accepts the offer, and two Matsumoto workers key one task alike (double entry: accepted). The hub
 * opens the board from the share page. It shows a line per centre (the hub's own part and Matsumoto's offer)
 * with its plan, progress bar, figures and workers by pseudonymous id only (no name); it is re-read on
 * "更新". The admin moves part of Matsumoto's untouched work back to the hub: more than the untouched tasks
 * is refused next to the number (409 with the untouched count) and nothing changes; then 3 tasks move.
 * "成果を取り込む" says how many results were taken in (1, then none); "納品する" is refused while tasks are
 * not accepted (409 with the count). A centre flagged behind (the server's answer altered in the browser, as a
 * real one needs days of slow work) is named in the summary and flagged in words on its line. Every page
 * state is checked with axe, the board in English too.
 * Setup that is not the point goes through the API: the partnership, the work type, one qualified worker
 * with weekly hours in each centre, and the order with its tasks.
 * Run: `npm run build -w @kado/ui`, then
 * `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/sharing-board.e2e.ts`.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, screenshot, settled, signInTo } from './support/browser.ts';
import { type ApiSession, apiSession, giveContract, textOf } from './support/flows.ts';
import { type Kado, startKado } from './support/server.ts';

const HUB = 'shiojiri';
const PARTNER = 'matsumoto';
const HUB_ADMIN = `admin@${HUB}.kado.example`;
const PARTNER_ADMIN = `admin@${PARTNER}.kado.example`;
const WORK_TYPE = 'data-entry';
const TITLE = '塩尻市 窓口受付票入力（進捗ボード）';
const TASKS = 12;
/** An order Matsumoto does all of, to be delivered. */
const SMALL_TITLE = '塩尻市 転入届入力（納品まで）';
const SMALL_TASKS = 2;
/** Matsumoto's share, set by hand; the hub keeps the rest. */
const PARTNER_TASKS = 8;
const MOVED = 3;
/** Tasks Matsumoto's workers finish (double entry: two workers key the same task alike). */
const DONE = 1;
const PSEUDONYM = /^W-[A-Z0-9]{4}-[A-Z0-9]{4}$/;
const CHECKLIST = [
  'workspace_ready',
  'pcs_ready',
  'budget_approved',
  'recruiting_started',
  'first_training_done',
];

let kado: Kado;
let browser: Browser;
let base: string;
let orderId: string;
let smallOrderId: string;
let hubPage: Page;
let shareUrl: string;
let boardUrl: string;
/** Names of Matsumoto's workers, which the hub must never see. */
const partnerNames: string[] = [];

/** Four weeks from now, 17:00 in Tokyo. */
const deadline = () => {
  const day = new Date(Date.now() + 9 * 3_600_000 + 28 * 86_400_000).toISOString().slice(0, 10);
  return `${day}T17:00:00+09:00`;
};

/** worker01 of `tenant` gets the work type's skills and sets its hours (capacity for the proposal). */
async function qualifiedWorker(admin: ApiSession, tenant: string, local = 'worker01') {
  const email = `${local}@${tenant}.kado.example`;
  const members = await admin.call<{ userId: string; email: string; displayName: string }[]>(
    'GET',
    `/t/${tenant}/members`,
  );
  const member = members.find((m) => m.email === email);
  if (tenant === PARTNER && member) partnerNames.push(member.displayName);
  const userId = member?.userId;
  if (!userId) throw new Error(`${email} is not a member of ${tenant}`);
  const { plugins } = await admin.call<{ plugins: { id: string; skills: string[] }[] }>(
    'GET',
    `/t/${tenant}/plugins`,
  );
  const skills = plugins.find((p) => p.id === WORK_TYPE)?.skills ?? [];
  expect(skills.length).toBeGreaterThan(0);
  await admin.call('PUT', `/t/${tenant}/members/${userId}/skills`, {
    skills: skills.map((skill) => ({ skill, level: 2 })),
  });
  const worker = await apiSession(browser, base, email);
  try {
    // All day, every day: the test can claim whenever it runs.
    const day = [{ start: '00:00', end: '24:00' }];
    await worker.call('PUT', `/t/${tenant}/me/availability`, {
      pattern: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
      maxMinutesPerWeek: null,
      worksOnHolidays: true,
    });
  } finally {
    await worker.context.close();
  }
}

/** An order of the hub, accepted, with its tasks imported; returns its id. */
async function acceptedOrder(hub: ApiSession, title: string, tasks: number): Promise<string> {
  const client = await hub.call<{ id: string }>('POST', `/t/${HUB}/clients`, {
    kind: 'company',
    name: `塩尻市 市民課（${title}）`,
  });
  const order = await hub.call<{ id: string }>('POST', `/t/${HUB}/orders`, {
    clientId: client.id,
    title,
    workType: WORK_TYPE,
    parameters: {
      form: { fields: [{ key: 'answer', label: { ja: '回答', en: 'Answer' }, type: 'text' }] },
    },
    contractType: 'ukeoi',
    quantity: tasks,
    unitPrice: 60,
    deadline: deadline(),
    qualityTarget: 95,
  });
  await hub.call('POST', `/t/${HUB}/orders/${order.id}/transitions`, { to: 'accepted' });
  const [project] = await hub.call<{ id: string }[]>('GET', `/t/${HUB}/projects?orderId=${order.id}`);
  if (!project) throw new Error('the accepted order has no project');
  await hub.call('PATCH', `/t/${HUB}/projects/${project.id}`, { goldenPercent: 0 });
  const input = `scan,reference\n${Array.from({ length: tasks }, (_, i) => `form-${i + 1}.png,B-${i + 1}`).join('\n')}\n`;
  const started = await hub.call<{ id: string }>(
    'POST',
    `/t/${HUB}/projects/${project.id}/imports?format=csv&name=input.csv`,
    input,
    'text/csv',
  );
  const until = Date.now() + 30_000;
  for (;;) {
    const item = await hub.call<{ status: string }>(
      'GET',
      `/t/${HUB}/projects/${project.id}/imports/${started.id}`,
    );
    if (item.status === 'done') break;
    if (item.status === 'failed' || Date.now() > until) throw new Error(`import: ${JSON.stringify(item)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return order.id;
}

/**
 * Matsumoto's worker01 and worker02 each take `n` tasks of the offer titled `title` and key them alike, so
 * double entry accepts them (through the API: the workers' pages are not the point). Returns how many
 * distinct tasks they keyed.
 */
async function keyTasks(title: string, n: number): Promise<number> {
  const admin = await apiSession(browser, base, PARTNER_ADMIN);
  const offers = await admin.call<{ title: string; partnerProjectId: string | null }[]>(
    'GET',
    `/t/${PARTNER}/offers`,
  );
  await admin.context.close();
  const projectId = offers.find((o) => o.title === title)?.partnerProjectId;
  if (!projectId) throw new Error(`no accepted offer "${title}"`);
  const taskIds = new Set<string>();
  for (const local of ['worker01', 'worker02']) {
    const email = `${local}@${PARTNER}.kado.example`;
    await giveContract(browser, base, PARTNER, email);
    const worker = await apiSession(browser, base, email);
    try {
      for (let i = 0; i < n; i++) {
        const { task } = await worker.call<{ task: { id: string } | null }>(
          'POST',
          `/t/${PARTNER}/tasks/next`,
          {
            projectId,
          },
        );
        if (!task) throw new Error(`${email} got no task`);
        taskIds.add(task.id);
        await worker.call('POST', `/t/${PARTNER}/tasks/${task.id}/submit`, {
          submission: { values: { answer: '住所変更' } },
        });
      }
    } finally {
      await worker.context.close();
    }
  }
  return taskIds.size;
}

beforeAll(async () => {
  [kado, browser] = await Promise.all([startKado(), launch()]);
  base = kado.baseUrl;
  const hub = await apiSession(browser, base, HUB_ADMIN);
  const partner = await apiSession(browser, base, PARTNER_ADMIN);
  try {
    type Partner = {
      status: string;
      agreement: {
        workTypes: string[];
        taskRates: Record<string, number>;
        hourlyRate: number;
        marginPercent: number;
      };
    };
    const existing = await hub.call<Partner>('GET', `/t/${HUB}/partners/${PARTNER}`).catch((e: Error) => {
      if (e.message.includes('HTTP 404')) return null;
      throw e;
    });
    const agreed = existing?.agreement;
    if (!agreed?.workTypes.includes(WORK_TYPE) || agreed.taskRates[WORK_TYPE] === undefined)
      await hub.call('PUT', `/t/${HUB}/partners/${PARTNER}/agreement`, {
        workTypes: [...new Set([...(agreed?.workTypes ?? []), WORK_TYPE])],
        taskRates: { ...agreed?.taskRates, [WORK_TYPE]: 30 },
        hourlyRate: agreed?.hourlyRate ?? 1000,
        marginPercent: agreed?.marginPercent ?? 10,
      });
    if (existing?.status !== 'active')
      for (const item of CHECKLIST) {
        await hub.call('PUT', `/t/${HUB}/partners/${PARTNER}/checklist/${item}`, { done: true });
        await partner.call('PUT', `/t/${PARTNER}/partnership/checklist/${item}`, { done: true });
      }
    expect((await hub.call<Partner>('GET', `/t/${HUB}/partners/${PARTNER}`)).status).toBe('active');
    await hub.call('PUT', `/t/${HUB}/plugins/${WORK_TYPE}`, { enabled: true });
    await qualifiedWorker(hub, HUB);
    await qualifiedWorker(partner, PARTNER);
    await qualifiedWorker(partner, PARTNER, 'worker02');
    orderId = await acceptedOrder(hub, TITLE, TASKS);
    smallOrderId = await acceptedOrder(hub, SMALL_TITLE, SMALL_TASKS);
  } finally {
    await hub.context.close();
    await partner.context.close();
  }
  ({ page: hubPage } = await newPage(browser));
  hubPage.on('pageerror', (e) => console.error('pageerror', e));
  await signInTo(hubPage, base, HUB_ADMIN, `/t/${HUB}/orders/${orderId}`);
});

afterAll(async () => {
  await browser?.close();
  await kado?.stop();
});

const line = (slug: string) => hubPage.getByTestId(`board-centre-${slug}`);
const planned = (slug: string) => textOf(line(slug).getByTestId('line-planned'));

describe('the hub shares a small order and the partner accepts', () => {
  it('the hub shares the order with Matsumoto and sends the offer; the share page has no board link while a draft', async () => {
    await hubPage.getByRole('button', { name: 'ワークシェア', exact: true }).click();
    await hubPage.waitForURL(/\/shares\/[0-9a-f-]{36}$/);
    await settled(hubPage);
    shareUrl = hubPage.url();
    expect(await hubPage.getByTestId('board-link').count()).toBe(0);
    await hubPage.locator(`#share-${PARTNER}`).fill(String(PARTNER_TASKS));
    await hubPage.getByRole('button', { name: '再計算する' }).click();
    await expect
      .poll(() => hubPage.locator(`#share-${HUB}`).inputValue(), { timeout: 15_000 })
      .toBe(String(TASKS - PARTNER_TASKS));
    await hubPage.getByRole('button', { name: '送付する' }).click();
    await hubPage.getByTestId('share-offers').getByTestId(`offer-${PARTNER}`).waitFor();
  });

  it("Matsumoto's admin accepts the offer", async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInTo(page, base, PARTNER_ADMIN, `/t/${PARTNER}/offers`);
      await page.getByRole('link', { name: TITLE }).click();
      await page.waitForURL(/\/offers\/[0-9a-f-]{36}$/);
      await settled(page);
      await page.getByRole('button', { name: '承諾する' }).click();
      await page.getByRole('link', { name: 'プロジェクトを開く' }).waitFor();
      expect(await textOf(page.getByTestId('offer-status'))).toBe('承諾');
    } finally {
      await context.close();
    }
  });

  it("two of Matsumoto's workers key the first task alike, so it is accepted (through the API)", async () => {
    expect(await keyTasks(TITLE, DONE)).toBe(DONE);
  });
});

describe('the live board', () => {
  it('opens from the share page: a line per centre with plan, progress and pseudonymous workers', async () => {
    await hubPage.goto(shareUrl);
    await settled(hubPage);
    await hubPage.getByTestId('board-link').click();
    await hubPage.waitForURL(/\/shares\/[0-9a-f-]{36}\/board$/);
    await settled(hubPage);
    boardUrl = hubPage.url();
    expect(await textOf(hubPage.locator('main h1'))).toBe(`進捗ボード：${TITLE}`);
    await line(PARTNER).waitFor();
    expect(await textOf(line(PARTNER).getByTestId('offer-status'))).toBe('承諾');
    expect(await planned(PARTNER)).toBe(`${PARTNER_TASKS}件`);
    expect(await planned(HUB)).toBe(`${TASKS - PARTNER_TASKS}件`);
    expect(await textOf(line(HUB).getByTestId('line-status'))).toBe('ハブ自身の作業');
    expect(await textOf(line(PARTNER).getByTestId('line-percent'))).toBe(
      `${Math.floor((DONE * 100) / PARTNER_TASKS)}%`,
    );
    // The progress bar is an image named by every state and its number.
    const bar = line(PARTNER).getByRole('img', { name: /の進捗/ });
    const label = (await bar.getAttribute('aria-label')) ?? '';
    expect(label).toContain(`受入済み ${DONE}`);
    expect(label).toContain(`未着手 ${PARTNER_TASKS - DONE}`);
    expect(await textOf(hubPage.getByTestId('board-accepted'))).toBe(`受入済み ${DONE} / ${TASKS}件`);
    expect(await textOf(hubPage.getByTestId('board-behind-none'))).toContain(
      '遅れの見込みがあるセンターはありません',
    );
    expect(await textOf(hubPage.getByTestId('board-last-read'))).toContain('最終更新');
    // The workers are collapsed, and say they are pseudonymous ids.
    const workers = line(PARTNER).getByTestId('line-workers');
    expect(await workers.getAttribute('open')).toBeNull();
    await workers.locator('summary').click();
    expect(await textOf(workers)).toContain('仮名ID');
    const ids = workers.locator('tbody th');
    expect(await ids.count()).toBe(1);
    expect(await textOf(ids.first())).toMatch(PSEUDONYM);
    expect(await textOf(workers.locator('tbody td').first())).toBe(String(DONE));
    // The hub never sees a partner worker's name.
    const main = await textOf(hubPage.locator('main'));
    for (const name of partnerNames) expect(main).not.toContain(name);
    await expectAccessible(hubPage, 'share board');
    await screenshot(hubPage, 'share-board');
  });

  it('re-reads the board on "更新" and says when', async () => {
    const before = await textOf(hubPage.getByTestId('board-last-read'));
    await new Promise((r) => setTimeout(r, 1100));
    await hubPage.getByTestId('board-refresh').click();
    await expect.poll(() => textOf(hubPage.getByTestId('board-last-read'))).not.toBe(before);
  });

  it('refuses to move more than the untouched tasks, next to the number, and changes nothing', async () => {
    await line(PARTNER)
      .getByRole('button', { name: /作業を移す/ })
      .click();
    const form = line(PARTNER).getByTestId('move-form');
    await form.waitFor();
    const tasks = form.getByRole('spinbutton', { name: /移す件数/ });
    // The form opens with the focus on its first field; the hub's own queue is the default target.
    expect(await hubPage.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('number');
    const target = form.getByRole('combobox', { name: /移動先のセンター/ });
    expect(await target.locator('option:checked').textContent()).toContain('ハブ自身の作業に戻す');
    await tasks.fill('99');
    await form.getByRole('button', { name: '移す', exact: true }).click();
    const error = form.locator('.field-error');
    await error.waitFor();
    expect(await textOf(error)).toContain('着手済みの作業は移せません');
    expect(await textOf(error)).toContain(`未着手は ${PARTNER_TASKS - DONE} 件`);
    expect(await tasks.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(hubPage, 'share board: move refused');
    await screenshot(hubPage, 'share-board-move-refused');
    await hubPage.reload();
    await settled(hubPage);
    expect(await planned(PARTNER)).toBe(`${PARTNER_TASKS}件`);
  });

  it('moves 3 untouched tasks back to the hub', async () => {
    await line(PARTNER)
      .getByRole('button', { name: /作業を移す/ })
      .click();
    const form = line(PARTNER).getByTestId('move-form');
    await form.getByRole('spinbutton', { name: /移す件数/ }).fill(String(MOVED));
    await form.getByRole('button', { name: '移す', exact: true }).click();
    await expect.poll(() => planned(PARTNER)).toBe(`${PARTNER_TASKS - MOVED}件`);
    expect(await planned(HUB)).toBe(`${TASKS - PARTNER_TASKS + MOVED}件`);
    expect(await form.count()).toBe(0);
    await expect.poll(() => textOf(hubPage.locator('.announcer'))).toContain(`${MOVED}件を`);
    // The focus returns to the centre's heading.
    expect(await hubPage.evaluate(() => document.activeElement?.tagName)).toBe('H3');
    await expectAccessible(hubPage, 'share board: work moved');
  });

  it('collects the results and says how many; delivery waits for every task', async () => {
    await hubPage.getByRole('button', { name: '成果を取り込む' }).click();
    const result = hubPage.getByTestId('collect-result');
    await result.waitFor();
    expect(await textOf(result)).toBe(`${DONE}件の成果を取り込みました。`);
    await hubPage.getByRole('button', { name: '納品する', exact: true }).click();
    const alert = hubPage.locator('.form-alert');
    await alert.waitFor();
    expect(await textOf(alert)).toContain(`まだ受け入れていないタスクが ${TASKS - DONE} 件あります`);
    // Collected once: a second press takes nothing in.
    await hubPage.getByRole('button', { name: '成果を取り込む' }).click();
    await expect.poll(() => textOf(result)).toBe('新しく取り込む成果はありませんでした。');
    expect(await hubPage.getByTestId('deliverable').count()).toBe(0);
    await expectAccessible(hubPage, 'share board: delivery refused');
  });

  it('names a centre flagged behind in the summary and flags its line in words', async () => {
    // A real "behind" needs days of slow work: the server's answer is altered here, the page is not.
    await hubPage.route('**/api/t/*/shares/*/board', async (route) => {
      const response = await route.fetch();
      const board = (await response.json()) as {
        behind: string[];
        centres: { slug: string; behind: boolean; tasksPerDay: number | null }[];
      };
      for (const c of board.centres)
        if (c.slug === PARTNER) Object.assign(c, { behind: true, tasksPerDay: 0 });
      board.behind = [PARTNER];
      await route.fulfill({ response, json: board });
    });
    try {
      await hubPage.reload();
      await settled(hubPage);
      const summary = hubPage.getByTestId('board-behind');
      await summary.waitFor();
      expect(await textOf(summary)).toContain('遅れの見込みがあるセンター（1か所）');
      expect(await textOf(line(PARTNER).getByTestId('behind-flag'))).toContain('遅れ');
      expect(await textOf(line(PARTNER).getByTestId('line-finish'))).toContain('見込めません');
      expect(await line(HUB).getByTestId('behind-flag').count()).toBe(0);
      await expectAccessible(hubPage, 'share board: a centre behind');
      await screenshot(hubPage, 'share-board-behind');
    } finally {
      await hubPage.unroute('**/api/t/*/shares/*/board');
    }
  });

  it('shows the board in English too, and links back to the share', async () => {
    await hubPage.reload();
    await settled(hubPage);
    await hubPage.getByTestId('language-switch').click();
    await hubPage.getByRole('heading', { level: 1, name: `Live board: ${TITLE}` }).waitFor();
    expect(await textOf(hubPage.getByTestId('board-accepted'))).toContain('Accepted');
    await expectAccessible(hubPage, 'share board (English)');
    await hubPage.getByTestId('language-switch').click();
    await hubPage.getByRole('heading', { level: 1, name: `進捗ボード：${TITLE}` }).waitFor();
    await hubPage.getByRole('link', { name: /ワークシェアの画面へ戻る/ }).click();
    await hubPage.waitForURL(shareUrl);
    expect(boardUrl).toBe(`${shareUrl}/board`);
  });
});

describe('delivering a finished share', () => {
  it('Matsumoto does the whole small order; the hub delivers it from the board and downloads the file', async () => {
    await hubPage.goto(`${base}/t/${HUB}/orders/${smallOrderId}`);
    await settled(hubPage);
    await hubPage.getByRole('button', { name: 'ワークシェア', exact: true }).click();
    await hubPage.waitForURL(/\/shares\/[0-9a-f-]{36}$/);
    await settled(hubPage);
    const url = hubPage.url();
    await hubPage.locator(`#share-${PARTNER}`).fill(String(SMALL_TASKS));
    await hubPage.getByRole('button', { name: '再計算する' }).click();
    await expect.poll(() => hubPage.locator(`#share-${HUB}`).inputValue(), { timeout: 15_000 }).toBe('0');
    await hubPage.getByRole('button', { name: '送付する' }).click();
    await hubPage.getByTestId('share-offers').getByTestId(`offer-${PARTNER}`).waitFor();

    const admin = await apiSession(browser, base, PARTNER_ADMIN);
    try {
      const offers = await admin.call<{ id: string; title: string }[]>('GET', `/t/${PARTNER}/offers`);
      const offer = offers.find((o) => o.title === SMALL_TITLE);
      if (!offer) throw new Error('no offer for the small order');
      await admin.call('POST', `/t/${PARTNER}/offers/${offer.id}/accept`);
    } finally {
      await admin.context.close();
    }
    expect(await keyTasks(SMALL_TITLE, SMALL_TASKS)).toBe(SMALL_TASKS);

    await hubPage.goto(`${url}/board`);
    await settled(hubPage);
    expect(await textOf(line(PARTNER).getByTestId('line-percent'))).toBe('100%');
    expect(await textOf(line(PARTNER).getByTestId('line-finish'))).toBe('完了');
    await hubPage.getByRole('button', { name: '納品する', exact: true }).click();
    const done = hubPage.getByTestId('deliverable');
    await done.waitFor({ timeout: 30_000 });
    expect(await textOf(done)).toContain('納品ファイル');
    const link = done.getByRole('link', { name: /納品ファイルをダウンロード/ });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^/api/t/${HUB}/deliverables/[0-9a-f-]{36}$`));
    const file = await hubPage.request.get(`${base}${href}`);
    expect(file.status()).toBe(200);
    expect(await file.text()).toContain('住所変更');
    await expect.poll(() => textOf(hubPage.getByTestId('share-status'))).toBe('納品済み');
    // Delivered: there is no work left to move.
    expect(await hubPage.getByRole('button', { name: /作業を移す/ }).count()).toBe(0);
    await expectAccessible(hubPage, 'share board: delivered');
    await screenshot(hubPage, 'share-board-delivered');
  });
});
