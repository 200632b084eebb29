/**
 * Shared steps of the plugin end-to-end tests (`plugins.e2e.ts`): API sessions for the setup that is not
 * the point of a test, the director's order / import / deliverable steps in the browser, and the client's
 * download of a deliverable.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible, newPage, PHONE, screenshot, settled, signInTo } from './browser.ts';
import { DEMO_PASSWORD } from './server.ts';

/** The small phone the workers use. */
export const SMALL_PHONE = { width: 360, height: 740 };

export const textOf = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();

export interface ApiSession {
  context: BrowserContext;
  call<T = unknown>(method: string, path: string, body?: unknown, contentType?: string): Promise<T>;
}

/** A signed-in API session (its own browser profile) whose writes carry the CSRF token. */
export async function apiSession(browser: Browser, base: string, email: string): Promise<ApiSession> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const signedIn = await page.request.post(`${base}/api/auth/sign-in`, {
    data: { email, password: DEMO_PASSWORD },
  });
  if (signedIn.status() !== 200) throw new Error(`sign-in of ${email}: HTTP ${signedIn.status()}`);
  const me = (await (await page.request.get(`${base}/api/me`)).json()) as { csrfToken: string };
  return {
    context,
    async call<T>(method: string, path: string, body?: unknown, contentType?: string) {
      const res = await page.request.fetch(`${base}/api${path}`, {
        method,
        headers: { 'x-csrf-token': me.csrfToken, ...(contentType && { 'content-type': contentType }) },
        ...(body !== undefined && { data: body as string }),
      });
      if (!res.ok()) throw new Error(`${method} ${path}: HTTP ${res.status()} ${await res.text()}`);
      return (res.status() === 204 ? undefined : await res.json()) as T;
    },
  };
}

/**
 * Gives a worker an accepted, current agreement (¥1,000/h from 2020-04-01), as the centre's admin offers it
 * and the worker accepts it: no task can be claimed without one (issue #5). Does nothing when they have one.
 */
export async function giveContract(browser: Browser, base: string, tenant: string, workerEmail: string) {
  const admin = await apiSession(browser, base, `admin@${tenant}.kado.example`);
  const worker = await apiSession(browser, base, workerEmail);
  try {
    const members = await admin.call<{ userId: string; email: string }[]>('GET', `/t/${tenant}/members`);
    const userId = members.find((m) => m.email === workerEmail)?.userId;
    if (!userId) throw new Error(`${workerEmail} is not a member of ${tenant}`);
    const existing = await admin.call<{ current: boolean }[]>(
      'GET',
      `/t/${tenant}/contracts?userId=${userId}`,
    );
    if (existing.some((c) => c.current)) return;
    const terms = await admin.call<unknown[]>('GET', `/t/${tenant}/contract-terms`);
    if (terms.length === 0)
      await admin.call('POST', `/t/${tenant}/contract-terms`, {
        textJa:
          '第1条（目的）センターはワーカーに業務（準委任）を委託する。\n第2条（報酬）月末締め翌月末日払い。',
        effectiveFrom: '2020-04-01',
      });
    const offered = await admin.call<{ id: string; termsVersion: number }>('POST', `/t/${tenant}/contracts`, {
      userId,
      hourlyRate: 1000,
      startsOn: '2020-04-01',
      work: 'データ入力・シフト業務等（準委任）',
      place: 'センターまたは自宅',
    });
    await worker.call('POST', `/t/${tenant}/me/contracts/${offered.id}/accept`, {
      termsVersion: offered.termsVersion,
    });
  } finally {
    await admin.context.close();
    await worker.context.close();
  }
}

export interface Person {
  email: string;
  userId: string;
  name: string;
}

export interface Centre {
  clientName: string;
  workers: [Person, Person];
}

/**
 * Setup through the API as the centre's admin: the work type enabled, a client company with the demo
 * client-role member linked to it, and worker01 / worker02 given the work type's skills and an accepted agreement.
 */
export async function prepareCentre(
  browser: Browser,
  base: string,
  tenant: string,
  workType: string,
  clientName: string,
): Promise<Centre> {
  const admin = await apiSession(browser, base, `admin@${tenant}.kado.example`);
  try {
    await admin.call('PUT', `/t/${tenant}/plugins/${workType}`, { enabled: true });
    const members = await admin.call<{ userId: string; email: string; displayName: string }[]>(
      'GET',
      `/t/${tenant}/members`,
    );
    const person = (local: string): Person => {
      const m = members.find((x) => x.email === `${local}@${tenant}.kado.example`);
      if (!m) throw new Error(`${local} is not a member of ${tenant}`);
      return { email: m.email, userId: m.userId, name: m.displayName };
    };
    const client = await admin.call<{ id: string }>('POST', `/t/${tenant}/clients`, {
      kind: 'company',
      name: clientName,
    });
    await admin.call('POST', `/t/${tenant}/clients/${client.id}/users`, { userId: person('client').userId });
    const { plugins } = await admin.call<{ plugins: { id: string; skills: string[] }[] }>(
      'GET',
      `/t/${tenant}/plugins`,
    );
    const skills = plugins.find((p) => p.id === workType)?.skills ?? [];
    expect(skills.length).toBeGreaterThan(0);
    const workers: [Person, Person] = [person('worker01'), person('worker02')];
    for (const w of workers)
      await admin.call('PUT', `/t/${tenant}/members/${w.userId}/skills`, {
        skills: skills.map((skill) => ({ skill, level: 2 })),
      });
    for (const w of workers) await giveContract(browser, base, tenant, w.email);
    return { clientName, workers };
  } finally {
    await admin.context.close();
  }
}

export interface OrderInput {
  clientName: string;
  title: string;
  workType: string;
  /** 請負: quantity × unit price; 準委任: hours × hourly rate. */
  pricing: { quantity: number; unitPrice: number } | { hours: number; hourlyRate: number };
  deadline: string;
  /** Fills the work type's parameters editor. */
  parameters: (page: Page) => Promise<void>;
  /** Name of the order-form screenshot. */
  shot: string;
}

/**
 * The director registers the order in the order form (with the structured parameters editor), accepts it
 * and opens its project. Returns the ids; the director's page is left on the project page.
 */
export async function createOrderInUi(
  director: Page,
  base: string,
  tenant: string,
  order: OrderInput,
): Promise<{ orderId: string; projectId: string }> {
  await director.goto(`${base}/t/${tenant}/orders/new`);
  await settled(director);
  await director.locator('#order-client').selectOption({ label: order.clientName });
  await director.locator('#order-title').fill(order.title);
  await director.locator('#order-work-type').selectOption(order.workType);
  if ('quantity' in order.pricing) {
    expect(await director.locator('#contract-ukeoi').isChecked()).toBe(true);
    await director.locator('#order-quantity').fill(String(order.pricing.quantity));
    await director.locator('#order-unit-price').fill(String(order.pricing.unitPrice));
  } else {
    expect(await director.locator('#contract-jun-inin').isChecked()).toBe(true);
    await director.locator('#order-hours').fill(String(order.pricing.hours));
    await director.locator('#order-hourly-rate').fill(String(order.pricing.hourlyRate));
  }
  await director.locator('#order-deadline-date').fill(order.deadline);
  await director.locator('#order-deadline-time').fill('17:00');
  await order.parameters(director);
  await expectAccessible(director, `order form (${order.workType})`);
  await screenshot(director, order.shot);
  await director.getByRole('button', { name: '下書きとして登録' }).click();
  await director.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  await settled(director);
  expect(await textOf(director.locator('main h1'))).toBe(order.title);
  const orderId = director.url().split('/').pop() ?? '';

  await director.getByRole('button', { name: '受注する' }).click();
  const open = director.getByRole('link', { name: /プロジェクトを開く/ });
  await open.waitFor();
  await open.click();
  await director.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
  await settled(director);
  const projectId = director.url().split('/').pop() ?? '';
  return { orderId, projectId };
}

/** Uploads files on the project page and waits until each is listed. */
export async function uploadFiles(
  director: Page,
  files: { name: string; mimeType: string; buffer: Buffer }[],
): Promise<void> {
  await director.locator('#files-input').setInputFiles(files);
  await director.getByRole('button', { name: 'アップロード', exact: true }).click();
  const list = director.locator('table', { has: director.locator('#files-caption') });
  for (const f of files) await list.getByText(f.name, { exact: true }).waitFor({ timeout: 30_000 });
}

/** Imports an input file on the project page and waits for "N件取り込みました" and the task rows. */
export async function importInput(
  director: Page,
  format: string,
  file: { name: string; mimeType: string; buffer: Buffer },
  expected: number,
): Promise<void> {
  await director.locator('#import-format').selectOption(format);
  await director.locator('#import-file').setInputFiles(file);
  await director.getByRole('button', { name: '取り込む', exact: true }).click();
  await expect
    .poll(() => textOf(director.getByTestId('import-result')), { timeout: 30_000 })
    .toBe(`${expected}件取り込みました`);
  const tasks = director.locator('table', { has: director.locator('#tasks-caption') });
  await expect.poll(() => tasks.locator('tbody tr').count(), { timeout: 15_000 }).toBe(expected);
}

/**
 * Builds a deliverable on the project page (reloaded first, so the page is fresh) and waits for its
 * download link. Returns the file name.
 */
export async function buildDeliverable(
  director: Page,
  base: string,
  tenant: string,
  projectId: string,
  format: string,
): Promise<string> {
  await director.goto(`${base}/t/${tenant}/projects/${projectId}`);
  await settled(director);
  await director.locator('#export-format').selectOption(format);
  await director.getByRole('button', { name: '納品ファイルを作成' }).click();
  const table = director.locator('table', { has: director.locator('#exports-caption') });
  const link = table.getByRole('link', { name: /ダウンロード/ }).first();
  await link.waitFor({ timeout: 30_000 });
  const fileName = await textOf(table.locator('tbody tr').first().locator('th'));
  expect(fileName).not.toBe('');
  return fileName;
}

/**
 * The client opens the order on a phone, sees the deliverable and downloads it (captured as a Playwright
 * download). Returns the file's bytes.
 */
export async function downloadAsClient(
  browser: Browser,
  base: string,
  tenant: string,
  orderId: string,
  fileName: string,
  shot: string,
): Promise<Buffer> {
  const { context, page } = await newPage(browser, PHONE);
  try {
    await signInTo(page, base, `client@${tenant}.kado.example`, `/t/${tenant}/orders/${orderId}`);
    const table = page.locator('table', { has: page.locator('#deliverables-caption') });
    await table.getByRole('rowheader', { name: fileName, exact: true }).waitFor();
    expect(await page.locator('main button').count()).toBe(0);
    await expectAccessible(page, `client order with deliverable (${shot})`);
    await screenshot(page, shot);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      table.getByRole('link', { name: `ダウンロード ${fileName}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(fileName);
    const path = await download.path();
    return readFileSync(path);
  } finally {
    await context.close();
  }
}

/** Waits until the director's review queue (/reviews) lists `count` tasks. */
export async function reviewQueue(director: Page, base: string, tenant: string, count: number) {
  await director.goto(`${base}/t/${tenant}/reviews`);
  await settled(director);
  const queue = director.locator('table', { has: director.locator('#queue-caption') });
  await expect.poll(() => queue.locator('tbody tr').count(), { timeout: 15_000 }).toBe(count);
  return queue;
}

// --- a real PNG, so the browser can show it and the annotation canvas knows its size ---

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A solid-colour RGB PNG of `width` × `height` pixels. */
export function png(width: number, height: number, rgb: [number, number, number] = [200, 220, 240]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
