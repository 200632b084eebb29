/**
 * Browser tests of the order pages (clients, orders, the project page with files / imports, the review
 * queue, and a client's read-only view) against the real server, in-process on a fresh embedded database
 * with the demo centres. Needs the built app: `npm run build -w @kado/ui`, then from the repo root
 * `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/orders.e2e.ts`.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  launch,
  newPage,
  PHONE,
  screenshot,
  settled,
  signInTo,
} from './support/browser.ts';
import { giveContract } from './support/flows.ts';
import { type Kado, startKado } from './support/server.ts';

let kado: Kado;
let browser: Browser;
let base: string;

beforeAll(async () => {
  [kado, browser] = await Promise.all([startKado(), launch()]);
  base = kado.baseUrl;
});

afterAll(async () => {
  await browser?.close();
  await kado?.stop();
});

const text = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();

/** A JSON call to the API with the page's session and its CSRF token (from GET /api/me). */
async function callApi(page: Page, method: 'POST' | 'PUT' | 'PATCH', path: string, data: unknown) {
  const me = await page.request.get(`${base}/api/me`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const res = await page.request.fetch(`${base}/api${path}`, {
    method,
    data: data as Record<string, unknown>,
    headers: { 'x-csrf-token': csrfToken },
  });
  if (res.status() >= 300) throw new Error(`${method} ${path}: HTTP ${res.status()} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** The error shown next to an input, found through its aria-describedby. */
async function errorFor(page: Page, selector: string): Promise<string> {
  const input = page.locator(selector);
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await input.getAttribute('aria-describedby')) ?? '')
    .split(' ')
    .filter((id) => id.endsWith('-error'));
  expect(ids).toHaveLength(1);
  return text(page.locator(`#${ids[0]}`));
}

const ORDER_TITLE = '塩尻AIオンデマンドバス 予約受付（2027年4月）';
const OTHER_TITLE = 'ほかの会社の受注（発注者には見えない）';
const CLIENT_NAME = '株式会社サンプル交通';

describe('orders, clients and projects (director)', () => {
  let director: Page;
  let projectUrl = '';

  beforeAll(async () => {
    // The work type must be enabled for the centre: the tenant admin does it through the API.
    const admin = await newPage(browser);
    await signInTo(admin.page, base, 'admin@matsumoto.kado.example', '/t/matsumoto');
    await callApi(admin.page, 'PUT', '/t/matsumoto/plugins/shift-operations', { enabled: true });
    await admin.context.close();
    director = (await newPage(browser)).page;
    director.on('pageerror', (e) => console.error('pageerror', e));
    director.on('console', (m) => m.type() === 'error' && console.error('console', m.text()));
  });

  afterAll(async () => {
    await director?.context().close();
  });

  it('creates a client, shows the invoice number check, and links the client-role member', async () => {
    await signInTo(director, base, 'director@matsumoto.kado.example', '/t/matsumoto/clients');
    expect(await text(director.locator('main h1'))).toBe('発注者');
    await expectAccessible(director, 'clients (empty)');
    await director.getByRole('button', { name: '発注者を登録' }).click();
    await director.locator('#new-client-name').fill(CLIENT_NAME);
    await director.locator('#new-client-person').fill('山田 花子');
    await director.locator('#new-client-billing').fill('長野県塩尻市大門七番町3-3');
    // A wrong check digit: the API's message appears next to the field.
    await director.locator('#new-client-registration').fill('T1000012050002');
    await director.getByRole('button', { name: '登録する' }).click();
    expect(await errorFor(director, '#new-client-registration')).not.toBe('');
    await expectAccessible(director, 'clients (field errors)');
    await director.locator('#new-client-registration').fill('T7000012050002');
    await director.getByRole('button', { name: '登録する' }).click();
    const card = director.locator('li.card', { has: director.getByRole('heading', { name: CLIENT_NAME }) });
    await card.waitFor();
    expect(await text(card)).toContain('T7000012050002');

    // The demo client-role member is linked to the company.
    const select = card.locator('select');
    await select.selectOption({ index: 1 });
    await card.getByRole('button', { name: '紐付ける' }).click();
    await card.getByText('client@matsumoto.kado.example').waitFor();
    await expectAccessible(director, 'clients');
    await screenshot(director, 'clients');

    // A second company with its own order, which the first company's contact must not see.
    const other = await callApi(director, 'POST', '/t/matsumoto/clients', {
      kind: 'company',
      name: '別会社',
    });
    await callApi(director, 'POST', '/t/matsumoto/orders', {
      clientId: other.id,
      title: OTHER_TITLE,
      workType: 'shift-operations',
      contractType: 'jun_inin',
      hours: 10,
      hourlyRate: 1000,
      deadline: '2027-03-31T17:00:00+09:00',
      qualityTarget: 90,
      parameters: {
        service: { ja: '窓口サポート', en: 'Counter support' },
        slots: [{ days: ['mon'], start: '09:00', end: '12:00', staff: 1 }],
      },
    });
  });

  it('creates a shift-operations order with a live amount, accepts it and opens its project', async () => {
    await director.goto(`${base}/t/matsumoto/orders`);
    await settled(director);
    await director.locator('main').getByRole('link', { name: '受注を登録' }).first().click();
    await director.waitForURL(/\/orders\/new/);
    await settled(director);
    await director.locator('#order-client').selectOption({ label: CLIENT_NAME });
    await director.locator('#order-title').fill(ORDER_TITLE);
    await director.locator('#order-work-type').selectOption('shift-operations');
    // An hourly work type: 準委任, hours × hourly rate.
    expect(await director.locator('#contract-jun-inin').isChecked()).toBe(true);
    await director.locator('#order-hours').fill('120');
    await director.locator('#order-hourly-rate').fill('1050');
    await expect.poll(() => text(director.getByTestId('order-amount'))).toMatch(/126,000/);
    await director.locator('#order-deadline-date').fill('2027-03-31');
    await director.locator('#order-deadline-time').fill('17:00');
    await director.locator('#order-param-service-ja').fill('AIオンデマンドバス オペレーション');
    await director.locator('#order-param-service-en').fill('AI on-demand bus operations');
    await expectAccessible(director, 'order form');
    await screenshot(director, 'order-new');
    await director.getByRole('button', { name: '下書きとして登録' }).click();
    await director.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await settled(director);
    expect(await text(director.locator('main h1'))).toBe(ORDER_TITLE);
    expect(await text(director.locator('main'))).toContain('￥126,000');
    await expectAccessible(director, 'order detail (draft)');

    await director.getByRole('button', { name: '受注する' }).click();
    const open = director.getByRole('link', { name: /プロジェクトを開く/ });
    await open.waitFor();
    await director.getByRole('button', { name: '作業を始める' }).waitFor();
    await open.click();
    await director.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await settled(director);
    projectUrl = director.url();
    expect(await text(director.locator('main h1'))).toBe(ORDER_TITLE);
    await expectAccessible(director, 'project');
  });

  it('uploads files, imports a CSV, and lists every bad row of a rejected one', async () => {
    expect(projectUrl).not.toBe('');
    // Files: two at once, each with its own progress, then listed.
    await director.locator('#files-input').setInputFiles([
      { name: 'manual.txt', mimeType: 'text/plain', buffer: Buffer.from('運行マニュアル') },
      { name: 'map.png', mimeType: 'image/png', buffer: Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]) },
    ]);
    await director.getByRole('button', { name: 'アップロード', exact: true }).click();
    const files = director.locator('table', { has: director.locator('#files-caption') });
    await files.getByText('manual.txt').waitFor();
    await files.getByText('map.png').waitFor();

    // A good CSV: 2 + 1 seats.
    await director.locator('#import-format').selectOption('csv');
    const good = 'date,start,end,staff\n2027-04-01,09:00,12:00,2\n2027-04-02,13:00,17:00,1\n';
    await director
      .locator('#import-file')
      .setInputFiles({ name: 'shifts.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await director.getByRole('button', { name: '取り込む', exact: true }).click();
    await expect
      .poll(() => text(director.getByTestId('import-result')), { timeout: 30_000 })
      .toBe('3件取り込みました');
    const tasks = director.locator('table', { has: director.locator('#tasks-caption') });
    await expect.poll(() => tasks.locator('tbody tr').count()).toBe(3);
    await expect.poll(() => text(director.locator('main'))).toContain('承認済み 0 / 3 件');
    await expectAccessible(director, 'project (imported)');
    await screenshot(director, 'project');

    // A CSV whose row 3 (the spreadsheet's numbering, header = row 1) is wrong.
    const bad = 'date,start,end,staff\n2027-04-03,09:00,12:00,1\n2027-04-04,13:00,17:00,0\n';
    await director
      .locator('#import-file')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await director.getByRole('button', { name: '取り込む', exact: true }).click();
    const errors = director.locator('table', { has: director.locator('#import-errors-caption') });
    await errors.waitFor({ timeout: 30_000 });
    const rows = errors.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await text(rows.first().locator('th'))).toBe('3');
    expect(await text(rows.first().locator('td'))).not.toBe('');
    expect(await text(errors.locator('thead'))).toMatch(/行.*理由/);
    await expectAccessible(director, 'project (import errors)');
    // Nothing of the rejected file was imported.
    await expect.poll(() => tasks.locator('tbody tr').count()).toBe(3);
  });

  it('reviews a handed-in shift report: a return needs a comment, then accept', async () => {
    const projectId = projectUrl.split('/').pop() ?? '';
    const get = async (path: string) => (await director.request.get(`${base}/api${path}`)).json();
    // The worker needs the work type's skills, then signs up for a shift and hands in a report.
    const members = (await get('/t/matsumoto/members')) as { userId: string; email: string }[];
    const worker = members.find((m) => m.email === 'worker01@matsumoto.kado.example');
    const { plugins } = (await get('/t/matsumoto/plugins')) as {
      plugins: { id: string; skills: string[] }[];
    };
    const skills = plugins.find((p) => p.id === 'shift-operations')?.skills ?? [];
    await callApi(director, 'PUT', `/t/matsumoto/members/${worker?.userId}/skills`, {
      skills: skills.map((skill) => ({ skill, level: 1 })),
    });
    await giveContract(browser, base, 'matsumoto', 'worker01@matsumoto.kado.example');
    const tasks = (await get(`/t/matsumoto/projects/${projectId}/tasks`)) as { id: string; seq: number }[];
    const first = tasks[0]!;
    const w = await newPage(browser);
    await signInTo(w.page, base, 'worker01@matsumoto.kado.example', '/t/matsumoto');
    await callApi(w.page, 'POST', `/t/matsumoto/tasks/${first.id}/claim`, {});
    await callApi(w.page, 'POST', `/t/matsumoto/tasks/${first.id}/submit`, {
      submission: {
        startedAt: '09:00',
        endedAt: '12:00',
        breakMinutes: 0,
        handled: 12,
        incidents: '',
        notes: '予約 12 件',
      },
    });
    await w.context.close();

    await director.goto(`${base}/t/matsumoto/reviews`);
    await settled(director);
    const queue = director.locator('table', { has: director.locator('#queue-caption') });
    await queue.getByText('確認待ち').first().waitFor();
    expect(await text(queue)).toContain(ORDER_TITLE);
    await expectAccessible(director, 'reviews (queue)');
    await queue.getByRole('link', { name: `作業 ${first.seq}` }).click();
    await director.waitForURL(/\/reviews\/[0-9a-f-]{36}$/);
    await settled(director);
    expect(await text(director.locator('main h1'))).toBe(`作業 ${first.seq} の確認`);
    await director.getByRole('heading', { name: /回答 1/ }).waitFor();
    await expectAccessible(director, 'review');
    await screenshot(director, 'review');
    // Returning needs a comment.
    await director.getByRole('button', { name: 'コメントを付けて差し戻す' }).click();
    expect(await errorFor(director, '#review-comment')).toContain('コメントを入力してください');
    await director.getByRole('button', { name: '承認する' }).click();
    await director.waitForURL(/\/reviews$/);
    await settled(director);
    await director.getByText('確認待ちの作業はありません').waitFor();
  });

  it('lists orders with a status filter, and shows the reviews page', async () => {
    await director.goto(`${base}/t/matsumoto/orders`);
    await settled(director);
    const table = director.locator('table', { has: director.locator('#orders-caption') });
    await table.getByText(ORDER_TITLE).waitFor();
    await table.getByText(OTHER_TITLE).waitFor();
    await director.locator('#status-filter').selectOption('draft');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await text(table.locator('tbody'))).toContain(OTHER_TITLE);
    expect(director.url()).toContain('status=draft');
    await expectAccessible(director, 'orders');

    await director.goto(`${base}/t/matsumoto/reviews`);
    await settled(director);
    expect(await text(director.locator('main h1'))).toBe('品質確認');
    await expectAccessible(director, 'reviews');
  });
});

describe('a client', () => {
  it('sees only their company’s orders, read-only', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await signInTo(page, base, 'client@matsumoto.kado.example', '/t/matsumoto/orders');
    expect(await text(page.locator('main h1'))).toBe('発注状況');
    const table = page.locator('table', { has: page.locator('#orders-caption') });
    await table.getByText(ORDER_TITLE).waitFor();
    expect(await text(table)).not.toContain(OTHER_TITLE);
    expect(await table.locator('tbody tr').count()).toBe(1);
    // One of the three shifts was accepted in the review above.
    expect(await text(table)).toContain('33%');
    expect(await page.getByRole('link', { name: '受注を登録' }).count()).toBe(0);
    await expectAccessible(page, 'client orders');
    await screenshot(page, 'client-orders-phone');

    await table.getByRole('link', { name: ORDER_TITLE }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await settled(page);
    expect(await text(page.locator('main h1'))).toBe(ORDER_TITLE);
    expect(await page.locator('main button').count()).toBe(0);
    expect(await text(page.getByTestId('quality'))).toContain('目標 95%');
    expect(await text(page.locator('main'))).toContain('承認済み 1 / 3 件');
    await page.getByText(/まだ納品ファイルはありません/).waitFor();
    await expectAccessible(page, 'client order detail');
    await context.close();
  });
});
