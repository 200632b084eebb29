/**
 * Browser test of sharing a hub order (issue #8, items 2–3) with the demo network: the hub admin of
 * Shiojiri opens an accepted data-entry order, presses "ワークシェア" and gets a proposal (feasible, a row
 * and a bar per centre); a share larger than the order is refused next to the inputs and nothing changes; the
 * admin fixes Matsumoto's share by hand and re-solves, then sends the offers (with a confirmation). Matsumoto's
 * admin finds the offer under "ハブからの依頼", accepts it and opens the new project; the hub sees it accepted.
 * Pressing "ワークシェア" again opens the same share (409 → its id). An order already past its deadline is
 * reported with its shortfall and cannot be sent. A counter-offer (a missing note and too many tasks refused
 * next to the fields) is accepted by the hub and the offer then withdrawn; another offer is declined with a
 * reason. Every page is checked with axe, the share page in English too.
 * Setup that is not the point goes through the API: the partnership (the demo one, or an agreement and the
 * launch checklist), the work types, one qualified worker with weekly hours in each centre, the orders and
 * their tasks.
 * Run: `npm run build -w @kado/ui`, then `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/sharing.e2e.ts`.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, screenshot, settled, signInTo } from './support/browser.ts';
import { type ApiSession, apiSession, textOf } from './support/flows.ts';
import { type Kado, startKado } from './support/server.ts';

const HUB = 'shiojiri';
const PARTNER = 'matsumoto';
const HUB_ADMIN = `admin@${HUB}.kado.example`;
const PARTNER_ADMIN = `admin@${PARTNER}.kado.example`;
const WORK_TYPE = 'data-entry';
const TITLE = '塩尻市 住民アンケート入力（ワークシェア）';
const TASKS = 40;
const COUNTER_TITLE = '塩尻市 事業所調査票入力（条件提示）';
const DECLINE_TITLE = '塩尻市 イベント申込書入力（辞退）';
const INFEASIBLE_TITLE = '塩尻市 道路画像アノテーション（納期超過）';
/** Matsumoto's share, set by hand. */
const FIXED = 15;
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
let infeasibleOrderId: string;
let counterOrderId: string;
let declineOrderId: string;
let hubPage: Page;
let shareUrl: string;
/** What the hub pays Matsumoto per data-entry task (their agreement). */
let rate: number;

/** Four weeks from now, 17:00 in Tokyo. */
const deadline = () => {
  const day = new Date(Date.now() + 9 * 3_600_000 + 28 * 86_400_000).toISOString().slice(0, 10);
  return `${day}T17:00:00+09:00`;
};

/** worker01 of `tenant` gets the work type's skills and sets its hours (capacity for the proposal). */
async function qualifiedWorker(admin: ApiSession, tenant: string) {
  const email = `worker01@${tenant}.kado.example`;
  const members = await admin.call<{ userId: string; email: string }[]>('GET', `/t/${tenant}/members`);
  const userId = members.find((m) => m.email === email)?.userId;
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

/** Polls an import until its job has finished. */
async function importDone(hub: ApiSession, projectId: string, id: string) {
  const until = Date.now() + 30_000;
  for (;;) {
    const item = await hub.call<{ status: string }>('GET', `/t/${HUB}/projects/${projectId}/imports/${id}`);
    if (item.status === 'done') return;
    if (item.status === 'failed' || Date.now() > until)
      throw new Error(`import ${id}: ${JSON.stringify(item)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An order of the hub, accepted, with its tasks imported; returns its id. */
async function acceptedOrder(
  hub: ApiSession,
  o: {
    title: string;
    workType: string;
    parameters: object;
    format: string;
    input: string;
    deadline?: string;
  },
): Promise<string> {
  const client = await hub.call<{ id: string }>('POST', `/t/${HUB}/clients`, {
    kind: 'company',
    name: `塩尻市 市民課（${o.title}）`,
  });
  const order = await hub.call<{ id: string }>('POST', `/t/${HUB}/orders`, {
    clientId: client.id,
    title: o.title,
    workType: o.workType,
    parameters: o.parameters,
    contractType: 'ukeoi',
    quantity: TASKS,
    unitPrice: 60,
    deadline: o.deadline ?? deadline(),
    qualityTarget: 95,
  });
  await hub.call('POST', `/t/${HUB}/orders/${order.id}/transitions`, { to: 'accepted' });
  const [project] = await hub.call<{ id: string }[]>('GET', `/t/${HUB}/projects?orderId=${order.id}`);
  if (!project) throw new Error('the accepted order has no project');
  await hub.call('PATCH', `/t/${HUB}/projects/${project.id}`, { goldenPercent: 0 });
  const started = await hub.call<{ id: string }>(
    'POST',
    `/t/${HUB}/projects/${project.id}/imports?format=${o.format}&name=input.csv`,
    o.input,
    'text/csv',
  );
  await importDone(hub, project.id, started.id);
  return order.id;
}

beforeAll(async () => {
  [kado, browser] = await Promise.all([startKado(), launch()]);
  base = kado.baseUrl;
  const hub = await apiSession(browser, base, HUB_ADMIN);
  const partner = await apiSession(browser, base, PARTNER_ADMIN);
  try {
    // The partnership (the demo network has one): data entry must be among its work types, with a task rate.
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
    const now = await hub.call<Partner>('GET', `/t/${HUB}/partners/${PARTNER}`);
    expect(now.status).toBe('active');
    rate = now.agreement.taskRates[WORK_TYPE] ?? 0;
    await hub.call('PUT', `/t/${HUB}/plugins/${WORK_TYPE}`, { enabled: true });
    await qualifiedWorker(hub, HUB);
    await qualifiedWorker(partner, PARTNER);

    orderId = await acceptedOrder(hub, {
      title: TITLE,
      workType: WORK_TYPE,
      parameters: {
        form: { fields: [{ key: 'answer', label: { ja: '回答', en: 'Answer' }, type: 'text' }] },
      },
      format: 'csv',
      input: `scan,reference\n${Array.from({ length: TASKS }, (_, i) => `page-${i + 1}.png,A-${i + 1}`).join('\n')}\n`,
    });
    counterOrderId = await acceptedOrder(hub, {
      title: COUNTER_TITLE,
      workType: WORK_TYPE,
      parameters: {
        form: { fields: [{ key: 'answer', label: { ja: '回答', en: 'Answer' }, type: 'text' }] },
      },
      format: 'csv',
      input: `scan\n${Array.from({ length: 20 }, (_, i) => `sheet-${i + 1}.png`).join('\n')}\n`,
    });
    declineOrderId = await acceptedOrder(hub, {
      title: DECLINE_TITLE,
      workType: WORK_TYPE,
      parameters: {
        form: { fields: [{ key: 'answer', label: { ja: '回答', en: 'Answer' }, type: 'text' }] },
      },
      format: 'csv',
      input: `scan\n${Array.from({ length: 10 }, (_, i) => `card-${i + 1}.png`).join('\n')}\n`,
    });
    // An order already past its deadline: no centre can do any of it in time.
    await hub.call('PUT', `/t/${HUB}/plugins/image-annotation`, { enabled: true });
    infeasibleOrderId = await acceptedOrder(hub, {
      title: INFEASIBLE_TITLE,
      workType: 'image-annotation',
      parameters: { labels: ['car', 'person'] },
      format: 'images',
      input: `file,width,height\n${Array.from({ length: 12 }, (_, i) => `road-${i + 1}.png,640,480`).join('\n')}\n`,
      deadline: new Date(Date.now() - 86_400_000).toISOString(),
    });
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

/** The number in a centre's share input. */
const shareOf = (page: Page, slug: string) => page.locator(`#share-${slug}`).inputValue();

/** The hub shares an order from its page, gives Matsumoto `tasks` by hand and sends; returns the share's URL. */
async function shareAndSend(id: string, tasks: number, hubTasks: number): Promise<string> {
  await hubPage.goto(`${base}/t/${HUB}/orders/${id}`);
  await settled(hubPage);
  await hubPage.getByRole('button', { name: 'ワークシェア', exact: true }).click();
  await hubPage.waitForURL(/\/shares\/[0-9a-f-]{36}$/);
  await settled(hubPage);
  const url = hubPage.url();
  await hubPage.locator(`#share-${PARTNER}`).fill(String(tasks));
  await hubPage.getByRole('button', { name: '再計算する' }).click();
  await expect.poll(() => shareOf(hubPage, HUB), { timeout: 15_000 }).toBe(String(hubTasks));
  await hubPage.getByRole('button', { name: '送付する' }).click();
  const row = hubPage.getByTestId('share-offers').getByTestId(`offer-${PARTNER}`);
  await row.waitFor();
  expect(await textOf(row.getByTestId('offer-status'))).toBe('回答待ち');
  return url;
}

describe('the hub shares an order', () => {
  it('proposes an allocation from the order page, feasible, with a row and a bar per centre', async () => {
    await hubPage.getByRole('button', { name: 'ワークシェア', exact: true }).click();
    await hubPage.waitForURL(/\/shares\/[0-9a-f-]{36}$/);
    await settled(hubPage);
    shareUrl = hubPage.url();
    expect(await textOf(hubPage.locator('main h1'))).toBe(`ワークシェア：${TITLE}`);
    await hubPage.getByTestId('share-feasible').waitFor();
    expect(await textOf(hubPage.getByTestId('share-status'))).toBe('配分案（未送付）');
    const table = hubPage.getByTestId('share-centres');
    await table.getByTestId(`centre-${HUB}`).waitFor();
    await table.getByTestId(`centre-${PARTNER}`).waitFor();
    // Each centre explains its share; the throughput says whether it is measured or the default.
    expect(await textOf(table.getByTestId(`centre-${PARTNER}`))).toContain('既定値');
    const total = Number(await shareOf(hubPage, HUB)) + Number(await shareOf(hubPage, PARTNER));
    expect(total).toBe(TASKS);
    expect(await textOf(hubPage.getByTestId('share-sum'))).toContain(`${TASKS} / ${TASKS}件`);
    const chart = hubPage.getByRole('img', { name: /センターごとの配分件数と対応可能件数/ });
    await chart.waitFor();
    await expectAccessible(hubPage, 'share proposal');
    await screenshot(hubPage, 'share-proposal');
  });

  it('refuses a share larger than the order next to the total, and changes nothing', async () => {
    const before = await shareOf(hubPage, HUB);
    await hubPage.locator(`#share-${PARTNER}`).fill(String(TASKS + 999));
    expect(await textOf(hubPage.getByTestId(`centre-${PARTNER}`))).toContain('固定');
    await hubPage.getByRole('button', { name: '再計算する' }).click();
    const error = hubPage.locator('#shares-sum-error');
    await error.waitFor();
    expect(await textOf(error)).toContain('超えています');
    // The share set by hand is marked invalid, described by the message, and has the focus.
    const input = hubPage.locator(`#share-${PARTNER}`);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.getAttribute('aria-describedby')).toContain('shares-sum-error');
    expect(await hubPage.evaluate(() => document.activeElement?.id)).toBe(`share-${PARTNER}`);
    // The send button waits for a successful re-solve.
    expect(await hubPage.getByRole('button', { name: '送付する' }).isDisabled()).toBe(true);
    await expectAccessible(hubPage, 'share proposal with an error');
    await hubPage.reload();
    await settled(hubPage);
    expect(await shareOf(hubPage, HUB)).toBe(before);
  });

  it("fixes Matsumoto's share by hand and re-solves the rest", async () => {
    await hubPage.locator(`#share-${PARTNER}`).fill(String(FIXED));
    await hubPage.getByRole('button', { name: '再計算する' }).click();
    await expect.poll(() => shareOf(hubPage, HUB), { timeout: 15_000 }).toBe(String(TASKS - FIXED));
    expect(await shareOf(hubPage, PARTNER)).toBe(String(FIXED));
    expect(await textOf(hubPage.getByTestId(`centre-${PARTNER}`))).toContain('固定');
    expect(await hubPage.locator('#shares-sum-error').count()).toBe(0);
    // Focus returns to the proposal's heading, so a screen reader hears the new result from there.
    expect(await hubPage.evaluate(() => document.activeElement?.id)).toBe('proposal-heading');
  });

  it('sends the offers after a confirmation', async () => {
    // newPage accepts every confirm(); the message is read as it comes.
    const dialog = hubPage.waitForEvent('dialog');
    await hubPage.getByRole('button', { name: '送付する' }).click();
    expect((await dialog).message()).toContain('パートナーセンター 1か所');
    const offers = hubPage.getByTestId('share-offers');
    await offers.waitFor();
    const row = offers.getByTestId(`offer-${PARTNER}`);
    expect(await textOf(row.getByTestId('offer-status'))).toBe('回答待ち');
    expect(await textOf(row)).toContain(String(FIXED));
    expect(await textOf(hubPage.getByTestId('share-status'))).toBe('依頼送付済み');
    // Sent: the shares are read-only now.
    expect(await hubPage.locator(`#share-${PARTNER}`).count()).toBe(0);
    expect(await hubPage.evaluate(() => document.activeElement?.id)).toBe('offers-heading');
    await expectAccessible(hubPage, 'share with offers');
    await screenshot(hubPage, 'share-offers');
  });

  it('shows the share in English too', async () => {
    await hubPage.getByTestId('language-switch').click();
    await hubPage.getByRole('heading', { level: 1, name: `Share: ${TITLE}` }).waitFor();
    expect(await textOf(hubPage.getByTestId('share-status'))).toBe('Offers sent');
    expect(await textOf(hubPage.getByTestId('share-feasible'))).toContain(
      'This allocation meets the deadline',
    );
    expect(await textOf(hubPage.locator('#offers-caption'))).toBe('Offers to partner centres (1)');
    await expectAccessible(hubPage, 'share with offers (English)');
    await screenshot(hubPage, 'share-offers-en');
    await hubPage.getByTestId('language-switch').click();
    await hubPage.getByRole('heading', { level: 1, name: `ワークシェア：${TITLE}` }).waitFor();
  });

  it('lists the share, and the order page opens the same share again', async () => {
    await hubPage.goto(`${base}/t/${HUB}/shares`);
    await settled(hubPage);
    const link = hubPage.getByRole('link', { name: TITLE });
    await link.waitFor();
    expect(await textOf(hubPage.locator('table', { has: hubPage.locator('#shares-caption') }))).toContain(
      '1件中 0件 回答済み',
    );
    await expectAccessible(hubPage, 'shares');
    await hubPage.goto(`${base}/t/${HUB}/orders/${orderId}`);
    await settled(hubPage);
    await hubPage.getByRole('button', { name: 'ワークシェア', exact: true }).click();
    await hubPage.waitForURL(shareUrl);
  });
});

describe('the partner answers', () => {
  it("Matsumoto's admin accepts the offer and opens the new project; the hub sees it accepted", async () => {
    const { context, page } = await newPage(browser);
    try {
      page.on('pageerror', (e) => console.error('pageerror', e));
      await signInTo(page, base, PARTNER_ADMIN, `/t/${PARTNER}`);
      // The offers are in the "ネットワーク" group of the menu, opened with the keyboard.
      const nav = page.getByRole('navigation', { name: 'センターのメニュー' });
      await nav.getByTestId('network-menu').focus();
      await page.keyboard.press('Enter');
      await nav.getByRole('link', { name: 'ハブからの依頼' }).click();
      await page.waitForURL(`${base}/t/${PARTNER}/offers`);
      await settled(page);
      expect(await textOf(page.getByTestId('offers-open'))).toContain('1件');
      await expectAccessible(page, 'offers');
      await page.getByRole('link', { name: TITLE }).click();
      await page.waitForURL(/\/offers\/[0-9a-f-]{36}$/);
      await settled(page);
      const terms = page.getByTestId('offer-terms');
      await terms.waitFor();
      expect(await textOf(page.getByTestId('offer-amount'))).toContain(
        (FIXED * rate).toLocaleString('ja-JP'),
      );
      await expectAccessible(page, 'offer');
      await screenshot(page, 'offer');

      const dialog = page.waitForEvent('dialog');
      await page.getByRole('button', { name: '承諾する' }).click();
      expect((await dialog).message()).toContain(TITLE);
      const open = page.getByRole('link', { name: 'プロジェクトを開く' });
      await open.waitFor();
      expect(await textOf(page.getByTestId('offer-status'))).toBe('承諾');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('outcome-heading');
      await expectAccessible(page, 'offer accepted');
      await open.click();
      await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
      await settled(page);
      expect(await textOf(page.locator('main'))).toContain(TITLE);
    } finally {
      await context.close();
    }

    await hubPage.goto(shareUrl);
    await settled(hubPage);
    const row = hubPage.getByTestId('share-offers').getByTestId(`offer-${PARTNER}`);
    await row.waitFor();
    expect(await textOf(row.getByTestId('offer-status'))).toBe('承諾');
  });
});

describe('an order the network cannot finish in time', () => {
  it('is reported clearly with the shortfall in tasks, and cannot be sent', async () => {
    await hubPage.goto(`${base}/t/${HUB}/orders/${infeasibleOrderId}`);
    await settled(hubPage);
    await hubPage.getByRole('button', { name: 'ワークシェア', exact: true }).click();
    await hubPage.waitForURL(/\/shares\/[0-9a-f-]{36}$/);
    await settled(hubPage);
    const verdict = hubPage.getByTestId('share-infeasible');
    await verdict.waitFor();
    const text = await textOf(verdict);
    expect(text).toContain('納期までに終わりません');
    expect(text).toContain('不足：12件');
    expect(await hubPage.getByTestId('share-feasible').count()).toBe(0);
    const send = hubPage.getByRole('button', { name: '送付する' });
    expect(await send.isDisabled()).toBe(true);
    expect(await textOf(hubPage.locator('#send-blocked'))).toContain('送付できません');
    await expectAccessible(hubPage, 'share proposal (infeasible)');
    await screenshot(hubPage, 'share-infeasible');
  });
});

describe('a counter-offer', () => {
  let counterShareUrl: string;
  let offerUrl: string;

  it('the hub offers Matsumoto 10 tasks', async () => {
    counterShareUrl = await shareAndSend(counterOrderId, 10, 10);
  });

  it('Matsumoto counters with fewer tasks: a missing note and too many tasks are refused next to the fields', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInTo(page, base, PARTNER_ADMIN, `/t/${PARTNER}/offers`);
      await page.getByRole('link', { name: COUNTER_TITLE }).click();
      await page.waitForURL(/\/offers\/[0-9a-f-]{36}$/);
      await settled(page);
      offerUrl = page.url();
      const submit = page.getByRole('button', { name: '条件を提示する' });
      await page.locator('#counter-tasks').fill('11');
      await submit.click();
      await page.locator('#counter-note-error').waitFor();
      expect(await page.locator('#counter-note').getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('counter-note');
      await page.locator('#counter-note').fill('11月は既存の受注があり、8件まで対応できます。');
      await submit.click();
      await page.locator('#counter-tasks-error').waitFor();
      expect(await page.locator('#counter-tasks').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'offer counter with errors');
      await screenshot(page, 'offer-counter-errors');
      expect(await textOf(page.getByTestId('offer-status'))).toBe('回答待ち');

      await page.locator('#counter-tasks').fill('8');
      await submit.click();
      const outcome = page.getByTestId('offer-outcome');
      await outcome.waitFor();
      expect(await textOf(page.getByTestId('offer-status'))).toBe('条件提示中');
      expect(await textOf(outcome)).toContain('8件');
      expect(await textOf(outcome)).toContain('8件まで対応できます');
      expect(await page.locator('#counter-tasks').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('the hub accepts the counter (offered again with 8 tasks), then withdraws the offer', async () => {
    await hubPage.goto(counterShareUrl);
    await settled(hubPage);
    const row = hubPage.getByTestId('share-offers').getByTestId(`offer-${PARTNER}`);
    await row.waitFor();
    expect(await textOf(row.getByTestId('offer-status'))).toBe('条件提示中');
    expect(await textOf(row)).toContain('8件まで対応できます');
    await expectAccessible(hubPage, 'share with a counter-offer');
    await row.getByRole('button', { name: /提示条件を受け入れる/ }).click();
    await expect.poll(() => textOf(row.getByTestId('offer-status'))).toBe('回答待ち');
    expect(await textOf(row.locator('td').first())).toBe('8');
    expect(await hubPage.evaluate(() => document.activeElement?.id)).toBe('offers-heading');
    await row.getByRole('button', { name: /依頼を取り下げる/ }).click();
    await expect.poll(() => textOf(row.getByTestId('offer-status'))).toBe('取り下げ');
    expect(await row.getByRole('button').count()).toBe(0);
  });

  it('Matsumoto sees the offer withdrawn, with nothing left to answer', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInTo(page, base, PARTNER_ADMIN, offerUrl.slice(base.length));
      await page.getByTestId('offer-outcome').waitFor();
      expect(await textOf(page.getByTestId('offer-outcome'))).toContain('ハブが取り下げました');
      expect(await page.getByRole('button', { name: '承諾する' }).count()).toBe(0);
      await expectAccessible(page, 'offer withdrawn');
    } finally {
      await context.close();
    }
  });
});

describe('a declined offer', () => {
  it('Matsumoto declines with a reason; the hub sees the answer', async () => {
    const url = await shareAndSend(declineOrderId, 4, 6);
    const { context, page } = await newPage(browser);
    try {
      await signInTo(page, base, PARTNER_ADMIN, `/t/${PARTNER}/offers`);
      await page.getByRole('link', { name: DECLINE_TITLE }).click();
      await page.waitForURL(/\/offers\/[0-9a-f-]{36}$/);
      await settled(page);
      await page.locator('#decline-reason').fill('今月はワーカーの研修期間のため');
      const dialog = page.waitForEvent('dialog');
      await page.getByRole('button', { name: '辞退する' }).click();
      expect((await dialog).message()).toContain(DECLINE_TITLE);
      await page.getByTestId('offer-outcome').waitFor();
      expect(await textOf(page.getByTestId('offer-status'))).toBe('辞退');
      expect(await textOf(page.getByTestId('offer-outcome'))).toContain('辞退しました');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('outcome-heading');
      await expectAccessible(page, 'offer declined');
    } finally {
      await context.close();
    }
    await hubPage.goto(url);
    await settled(hubPage);
    const row = hubPage.getByTestId('share-offers').getByTestId(`offer-${PARTNER}`);
    await row.waitFor();
    expect(await textOf(row.getByTestId('offer-status'))).toBe('辞退');
    expect(await row.getByRole('button').count()).toBe(0);
    await hubPage.goto(`${base}/t/${HUB}/shares`);
    await settled(hubPage);
    const listed = hubPage.getByRole('row', { name: new RegExp(DECLINE_TITLE) });
    expect(await textOf(listed)).toContain('1件中 1件 回答済み');
    expect(await textOf(listed)).toContain('辞退 1');
  });
});
