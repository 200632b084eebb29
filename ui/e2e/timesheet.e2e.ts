/**
 * Browser test of contracts and time (issue #5) at the Itoigawa centre (no other e2e file uses it): on a
 * 360×740 phone the worker accepts the agreement offered to them (the Freelance Act statement shown), takes
 * a task, clocks in and out from the task workspace with one tap, corrects the record with a reason and
 * submits the month; the director approves it; the earnings statement shows minutes × ¥1,100/h in yen,
 * rounded down once, computed here from the recorded minutes.
 * Run: `npm run build -w @kado/ui`, then `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/timesheet.e2e.ts`.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, screenshot, settled, signInTo } from './support/browser.ts';
import { type ApiSession, apiSession, SMALL_PHONE, textOf } from './support/flows.ts';
import { type Kado, startKado } from './support/server.ts';

const TENANT = 'itoigawa';
const WORKER = `worker01@${TENANT}.kado.example`;
const RATE = 1100;

let kado: Kado;
let browser: Browser;
let base: string;
let admin: ApiSession;
let workerId: string;
let workerName: string;
let worker: Page;
let taskId: string;

const tokyo = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString();
const month = () => tokyo(new Date()).slice(0, 7);

/** The worker's own API call from their browser session (with its CSRF token). */
async function callAs<T>(page: Page, method: string, path: string, data?: unknown): Promise<T> {
  const { csrfToken } = (await (await page.request.get(`${base}/api/me`)).json()) as { csrfToken: string };
  const res = await page.request.fetch(`${base}/api${path}`, {
    method,
    headers: { 'x-csrf-token': csrfToken },
    ...(data !== undefined && { data: data as Record<string, unknown> }),
  });
  if (!res.ok()) throw new Error(`${method} ${path}: HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  [kado, browser] = await Promise.all([startKado(), launch()]);
  base = kado.baseUrl;
  admin = await apiSession(browser, base, `admin@${TENANT}.kado.example`);
  const members = await admin.call<{ userId: string; email: string; displayName: string }[]>(
    'GET',
    `/t/${TENANT}/members`,
  );
  const me = members.find((m) => m.email === WORKER)!;
  workerId = me.userId;
  workerName = me.displayName;
  // A shift-operations order with two shifts, and the skill it needs.
  await admin.call('PUT', `/t/${TENANT}/plugins/shift-operations`, { enabled: true });
  const client = await admin.call<{ id: string }>('POST', `/t/${TENANT}/clients`, {
    kind: 'municipal_department',
    name: '糸魚川市 商工観光課',
  });
  const order = await admin.call<{ id: string }>('POST', `/t/${TENANT}/orders`, {
    clientId: client.id,
    title: 'ふるさと納税 問い合わせ対応',
    workType: 'shift-operations',
    parameters: {
      service: { ja: 'ふるさと納税 問い合わせ対応', en: 'Hometown-tax donation enquiries' },
      place: 'home',
      slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '13:00', staff: 1 }],
    },
    contractType: 'jun_inin',
    hours: 8,
    hourlyRate: 1500,
    deadline: '2027-03-31T17:00:00+09:00',
    qualityTarget: 95,
  });
  await admin.call('POST', `/t/${TENANT}/orders/${order.id}/transitions`, { to: 'accepted' });
  const [project] = await admin.call<{ id: string }[]>('GET', `/t/${TENANT}/projects?orderId=${order.id}`);
  const csv = 'date,start,end,staff\n2026-12-14,09:00,13:00,1\n2026-12-15,09:00,13:00,1\n';
  const started = await admin.call<{ id: string }>(
    'POST',
    `/t/${TENANT}/projects/${project!.id}/imports?format=csv&name=december.csv`,
    Buffer.from(csv),
    'text/csv',
  );
  const until = Date.now() + 30_000;
  for (;;) {
    const run = await admin.call<{ status: string }>(
      'GET',
      `/t/${TENANT}/projects/${project!.id}/imports/${started.id}`,
    );
    if (run.status === 'done') break;
    if (run.status === 'failed' || Date.now() > until) throw new Error(`import: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await admin.call('PUT', `/t/${TENANT}/members/${workerId}/skills`, {
    skills: [{ skill: 'operations', level: 2 }],
  });
  // The agreement, offered and not yet accepted: terms v1 and ¥1,100/h, 月末締め翌月末払い.
  await admin.call('POST', `/t/${TENANT}/contract-terms`, {
    textJa:
      '業務委託約款\n第1条（目的）センターはワーカーに業務（準委任）を委託する。\n第2条（支払）月末締め翌月末日払い。',
    effectiveFrom: '2020-04-01',
  });
  await admin.call('POST', `/t/${TENANT}/contracts`, {
    userId: workerId,
    hourlyRate: RATE,
    startsOn: '2020-04-01',
    work: 'ふるさと納税 問い合わせ対応（準委任）',
    place: '自宅',
  });
});

afterAll(async () => {
  await admin?.context.close();
  await browser?.close();
  await kado?.stop();
});

describe('the worker on a phone', () => {
  it('cannot take work before accepting the agreement', async () => {
    ({ page: worker } = await newPage(browser, SMALL_PHONE));
    await signInTo(worker, base, WORKER, `/t/${TENANT}/contract`);
    const refused = await worker.request.post(`${base}/api/t/${TENANT}/tasks/next`, {
      data: {},
      headers: {
        'x-csrf-token': ((await (await worker.request.get(`${base}/api/me`)).json()) as { csrfToken: string })
          .csrfToken,
      },
    });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toContain('有効な業務委託契約がありません');
  });

  it('reads the Freelance Act statement and accepts the agreement', async () => {
    await worker.getByTestId('contract').waitFor();
    const statement = await textOf(worker.locator('dl'));
    expect(statement).toContain('ふるさと納税 問い合わせ対応（準委任）');
    expect(statement).toContain('時給 ¥1,100');
    expect(statement).toContain('月末締め翌月末払い（締め日から最長 31 日以内）');
    expect(statement).toContain('委託者: 糸魚川市テレワークセンター');
    expect(statement).toContain('同意前');
    expect(await textOf(worker.locator('.terms'))).toContain('第1条（目的）');
    await expectAccessible(worker, 'contract (phone)');
    await screenshot(worker, 'contract-phone');
    await worker.getByRole('button', { name: '同意する' }).click();
    await worker.getByTestId('accepted-on').waitFor();
    expect(await textOf(worker.getByTestId('accepted-on'))).toMatch(/に同意済み$/);
    expect(await textOf(worker.locator('dl'))).toContain(tokyo(new Date()).slice(0, 10));
  });

  it('clocks in and out on a task with one tap each', async () => {
    const { task } = await callAs<{ task: { id: string } }>(worker, 'POST', `/t/${TENANT}/tasks/next`, {});
    taskId = task.id;
    await worker.goto(`${base}/t/${TENANT}/work/${taskId}`);
    await settled(worker);
    const clock = worker.getByTestId('clock');
    await clock.getByRole('button', { name: '作業開始' }).click();
    await expect.poll(() => textOf(clock)).toMatch(/稼働中 \d{2}:\d{2}から/);
    await expectAccessible(worker, 'task workspace clocked in (phone)');
    await screenshot(worker, 'clock-running-phone');
    await clock.getByRole('button', { name: '作業終了' }).click();
    await expect.poll(() => textOf(clock)).toContain('稼働していません');
    const sheet = await callAs<{ entries: { taskId: string; endedAt: string | null }[] }>(
      worker,
      'GET',
      `/t/${TENANT}/me/timesheets/${month()}`,
    );
    expect(sheet.entries).toEqual([expect.objectContaining({ taskId })]);
    expect(sheet.entries[0]!.endedAt).not.toBeNull();
  });

  it('corrects the record with a reason and submits the month', async () => {
    await worker.goto(`${base}/t/${TENANT}/timesheet`);
    await settled(worker);
    await worker.getByTestId('entries').waitFor();
    const [entry] = (
      await callAs<{ entries: { startedAt: string; endedAt: string }[] }>(
        worker,
        'GET',
        `/t/${TENANT}/me/timesheets/${month()}`,
      )
    ).entries;
    // A clock-out seconds after the clock-in is worth 0 minutes: correct it to start 95 minutes earlier, or
    // at midnight if that would cross into the day before (a record may not cross midnight in Tokyo).
    const start = new Date(entry!.startedAt);
    const day = tokyo(start).slice(0, 10);
    const earlier = new Date(start.getTime() - 95 * 60_000);
    const from = tokyo(earlier).slice(0, 10) === day ? tokyo(earlier).slice(11, 16) : '00:00';
    const to = tokyo(new Date(entry!.endedAt)).slice(11, 16);
    if (from < to) {
      await worker.getByRole('button', { name: /の記録を修正$/ }).click();
      await worker.locator('#corr-from').fill(from);
      await worker.locator('#corr-to').fill(to);
      await worker.locator('#corr-reason').fill('開始の打刻を忘れたため');
      await expectAccessible(worker, 'timesheet correction (phone)');
      await worker.getByRole('button', { name: '修正を保存' }).click();
      await expect.poll(() => worker.locator('tr.superseded').count()).toBe(1);
    }
    await worker.getByRole('button', { name: 'この月を提出する' }).click();
    await expect.poll(() => textOf(worker.getByTestId('sheet-status'))).toBe('提出済み（承認待ち）');
    await screenshot(worker, 'timesheet-submitted-phone');
  });
});

describe('the director', () => {
  it('approves the submitted timesheet', async () => {
    const { page } = await newPage(browser);
    await signInTo(page, base, `director@${TENANT}.kado.example`, `/t/${TENANT}/timesheets`);
    await page.getByTestId('waiting').waitFor();
    await expectAccessible(page, 'timesheets (staff)');
    await page.getByRole('button', { name: `${workerName} さんの ${month()} の勤務表を見る` }).click();
    await page.locator('#sheet-heading').waitFor();
    await page.getByRole('button', { name: '承認する' }).click();
    await expect.poll(() => textOf(page.locator('main'))).toContain('承認待ちの勤務表はありません。');
    await screenshot(page, 'timesheets-staff');
  });
});

describe('the earnings statement', () => {
  it('shows approved minutes × ¥1,100/h in yen, rounded down once', async () => {
    const sheet = await callAs<{ totals: { minutes: number } }>(
      worker,
      'GET',
      `/t/${TENANT}/me/timesheets/${month()}`,
    );
    const expected = Math.floor((sheet.totals.minutes * RATE) / 60);
    await worker.goto(`${base}/t/${TENANT}/timesheet`);
    await settled(worker);
    await expect.poll(() => textOf(worker.getByTestId('sheet-status'))).toBe('承認済み');
    if (expected > 0) {
      expect(await textOf(worker.getByTestId('statement-total'))).toBe(
        `¥${expected.toLocaleString('ja-JP')}`,
      );
      expect(await textOf(worker.getByTestId('statement'))).toContain(`${sheet.totals.minutes} 分`);
    } else {
      expect(await textOf(worker.locator('main'))).toContain('この月の報酬はありません。');
    }
    await expectAccessible(worker, 'timesheet approved with statement (phone)');
    await screenshot(worker, 'statement-phone');
  });
});
