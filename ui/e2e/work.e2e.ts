/**
 * Browser tests of the worker's task pages and the staff's skills page, against the real server with the
 * demo centres. The data (a shift-operations order with three shifts) is prepared through the API as the
 * Matsumoto centre admin; the worker then works on a 360×740 phone screen.
 * Run: `npm run build -w @kado/ui`, then `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/work.e2e.ts`.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, screenshot, settled, signInTo } from './support/browser.ts';
import { giveContract } from './support/flows.ts';
import { DEMO_PASSWORD, type Kado, startKado } from './support/server.ts';

const SMALL_PHONE = { width: 360, height: 740 };
const TENANT = 'matsumoto';
const WORKER = 'worker01@matsumoto.kado.example';

let kado: Kado;
let browser: Browser;
let base: string;
let admin: ApiSession;
let projectId: string;
/** The task the worker hands in first (returned to them later by the director). */
let handedIn: string;

interface ApiSession {
  context: BrowserContext;
  call<T = unknown>(method: string, path: string, body?: unknown, contentType?: string): Promise<T>;
}

/** A signed-in API session (its own browser profile) whose writes carry the CSRF token. */
async function apiSession(email: string): Promise<ApiSession> {
  const { context, page } = await newPage(browser);
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

async function userIdOf(email: string): Promise<string> {
  const members = await admin.call<{ userId: string; email: string }[]>('GET', `/t/${TENANT}/members`);
  const id = members.find((m) => m.email === email)?.userId;
  if (!id) throw new Error(`${email} is not a member of ${TENANT}`);
  return id;
}

/** A shift-operations order, accepted, with three shift seats imported; the worker gets the skill. */
async function prepareShifts(): Promise<void> {
  await admin.call('PUT', `/t/${TENANT}/plugins/shift-operations`, { enabled: true });
  const client = await admin.call<{ id: string }>('POST', `/t/${TENANT}/clients`, {
    kind: 'municipal_department',
    name: '松本市 交通政策課',
  });
  const order = await admin.call<{ id: string }>('POST', `/t/${TENANT}/orders`, {
    clientId: client.id,
    title: 'AIオンデマンドバス オペレーション（12月）',
    workType: 'shift-operations',
    parameters: {
      service: { ja: 'AIオンデマンドバス オペレーション', en: 'AI on-demand bus operations' },
      place: 'centre',
      slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '13:00', staff: 1 }],
    },
    contractType: 'jun_inin',
    hours: 12,
    hourlyRate: 1000,
    deadline: '2027-03-31T17:00:00+09:00',
    qualityTarget: 95,
  });
  await admin.call('POST', `/t/${TENANT}/orders/${order.id}/transitions`, { to: 'accepted' });
  const projects = await admin.call<{ id: string }[]>('GET', `/t/${TENANT}/projects?orderId=${order.id}`);
  projectId = projects[0]!.id;
  const csv = 'date,start,end,staff\n2026-12-07,09:00,13:00,2\n2026-12-08,09:00,13:00,1\n';
  const started = await admin.call<{ id: string }>(
    'POST',
    `/t/${TENANT}/projects/${projectId}/imports?format=csv&name=december.csv`,
    Buffer.from(csv),
    'text/csv',
  );
  const until = Date.now() + 30_000;
  for (;;) {
    const run = await admin.call<{ status: string; imported: number; errors: unknown[] }>(
      'GET',
      `/t/${TENANT}/projects/${projectId}/imports/${started.id}`,
    );
    if (run.status === 'done') {
      expect(run.imported).toBe(3);
      break;
    }
    if (run.status === 'failed') throw new Error(`import failed: ${JSON.stringify(run.errors)}`);
    if (Date.now() > until) throw new Error('import timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
  await admin.call('PUT', `/t/${TENANT}/members/${await userIdOf(WORKER)}/skills`, {
    skills: [{ skill: 'operations', level: 2 }],
  });
  await giveContract(browser, base, TENANT, WORKER);
}

beforeAll(async () => {
  [kado, browser] = await Promise.all([startKado(), launch()]);
  base = kado.baseUrl;
  admin = await apiSession('admin@matsumoto.kado.example');
  await prepareShifts();
});

afterAll(async () => {
  await admin?.context.close();
  await browser?.close();
  await kado?.stop();
});

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();

/** Nothing sticks out sideways at the phone's width. */
const noSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('a worker on a small phone', () => {
  it('finds work, signs up for a shift, works on it, saves a draft and hands it in', async () => {
    const { context, page } = await newPage(browser, SMALL_PHONE);
    await signInTo(page, base, WORKER, `/t/${TENANT}`);

    // 作業する from the centre's menu.
    await page.locator(`nav a[href="/t/${TENANT}/work"]`).click();
    await page.waitForURL(`${base}/t/${TENANT}/work`);
    await settled(page);
    expect(await text(page, 'main h1')).toBe('作業する');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    // Open shifts grouped by date, with the weekday in Japanese.
    await expect.poll(() => page.getByTestId('open-shift').count()).toBe(3);
    const dates = await page.locator('main h3').allTextContents();
    expect(dates.map((d) => d.trim())).toEqual(['12月7日（月）', '12月8日（火）']);
    expect(await page.getByTestId('open-shift').first().textContent()).toMatch(/09:00〜13:00.*センター/s);
    expect(await noSideways(page)).toBe(true);
    await expectAccessible(page, 'work (phone)');
    await screenshot(page, 'work-phone');

    // Only 15 minutes free: the four-hour shifts do not fit.
    await page.getByLabel('15 分').check();
    await page.getByRole('button', { name: '次の作業を始める' }).click();
    await page.getByTestId('no-work').waitFor();
    expect(await page.getByTestId('no-work').textContent()).toContain('15 分以内に終わる作業はありません');

    // Sign up for the first shift: it moves to 申し込んだシフト.
    await page
      .getByRole('button', { name: /12月7日（月） 09:00〜13:00 のシフトに申し込む/ })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('signed-up-shift').count()).toBe(1);
    expect(await page.getByTestId('open-shift').count()).toBe(2);
    expect(await page.getByTestId('signed-up-shift').textContent()).toContain('12月7日（月）');
    await expectAccessible(page, 'work after signing up (phone)');

    // Start: the held shift opens in its workspace.
    await page.getByLabel('時間を指定しない').check();
    await page.getByRole('button', { name: '次の作業を始める' }).click();
    await page.waitForURL(/\/work\/[0-9a-f-]{36}$/);
    const taskUrl = page.url();
    handedIn = taskUrl.split('/').pop()!;
    await settled(page);
    expect(await text(page, 'main h1')).toBe('シフト業務（オペレーション・窓口サポート）');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // Shifts are held until they are worked (weeks): the date, not a count of minutes.
    expect(await page.getByTestId('lease-timer').textContent()).toMatch(
      /\d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2} まで保持/,
    );
    expect(await text(page, 'main')).toContain('目安 240 分');
    // The plugin's own workspace, with the shift's date.
    await page.getByLabel('対応件数（予約・電話・問い合わせ）').waitFor();
    expect(await text(page, '[data-testid="task-host"]')).toContain('2026年12月7日（月）');
    await page.getByLabel('対応件数（予約・電話・問い合わせ）').fill('12');
    expect(await noSideways(page)).toBe(true);
    // The action bar stays on screen while the form scrolls.
    const submit = page.getByRole('button', { name: '提出', exact: true });
    const box = await submit.boundingBox();
    expect(box && box.y + box.height <= SMALL_PHONE.height).toBe(true);
    await expectAccessible(page, 'task workspace (phone)');
    await screenshot(page, 'work-task-phone');

    // Save the draft, then come back to it after a reload.
    await page.getByRole('button', { name: '下書き保存' }).click();
    await page
      .getByText(/下書きを保存しました/)
      .first()
      .waitFor();
    await page.reload();
    await settled(page);
    await page.getByLabel('対応件数（予約・電話・問い合わせ）').waitFor();
    expect(await page.getByLabel('対応件数（予約・電話・問い合わせ）').inputValue()).toBe('12');

    // An impossible report: the server's per-field message is listed in the alert.
    await page.getByLabel('開始時刻').fill('13:00');
    await page.getByLabel('終了時刻').fill('09:00');
    await submit.click();
    await page.locator('.form-alert').waitFor();
    expect(await page.locator('.form-alert').textContent()).toContain('終了は開始より後にしてください');
    await expectAccessible(page, 'task workspace with errors (phone)');

    // Fixed and handed in: a confirmation with the next step.
    await page.getByLabel('開始時刻').fill('09:00');
    await page.getByLabel('終了時刻').fill('13:00');
    await submit.click();
    await page.getByTestId('submitted').waitFor();
    expect(await text(page, '#submitted-heading')).toBe('提出しました');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('submitted-heading');
    await page.getByRole('button', { name: '次の作業へ' }).waitFor();
    await expectAccessible(page, 'task handed in (phone)');

    await page.getByRole('link', { name: '終了' }).click();
    await page.waitForURL(`${base}/t/${TENANT}/work`);
    await settled(page);
    await expect.poll(() => page.getByTestId('handed-in-task').count()).toBe(1);
    expect(await page.getByTestId('signed-up-shift').count()).toBe(0);

    // The handed-in task opens read-only.
    await page.goto(taskUrl);
    await settled(page);
    expect(await text(page, 'main')).toContain('この作業は提出済みです');
    expect(await page.getByRole('button', { name: '提出', exact: true }).count()).toBe(0);
    await context.close();
  });

  it('counts the hold down, announcing only thresholds; gives a task back; says when the hold is lost', async () => {
    // A short hold, as for per-task work, so the countdown is in minutes.
    await admin.call('PATCH', `/t/${TENANT}/projects/${projectId}`, { leaseMinutes: 12 });
    const { context, page } = await newPage(browser, SMALL_PHONE);
    await page.clock.install();
    await signInTo(page, base, WORKER, `/t/${TENANT}/work`);
    await page.getByRole('button', { name: '次の作業を始める' }).click();
    await page.waitForURL(/\/work\/[0-9a-f-]{36}$/);
    await settled(page);
    const timer = page.getByTestId('lease-timer');
    const live = page.locator('[data-testid="lease-timer"] + [aria-live="polite"]');
    expect(await timer.textContent()).toMatch(/あと 1[12] 分保持/);
    expect((await live.textContent())?.trim()).toBe('');
    // The fresh report counts as a change: it is saved by itself 20 s later (which renews the hold).
    await page.clock.runFor(21_000);
    await page.getByText(/自動保存しました/).waitFor();
    // A minute later: shown, not spoken.
    await page.clock.runFor('01:00');
    await expect.poll(async () => (await timer.textContent())?.trim()).toMatch(/あと 1[01] 分保持/);
    expect((await live.textContent())?.trim()).toBe('');
    // Past ten minutes left: spoken once.
    await page.clock.runFor('02:00');
    await expect.poll(async () => (await live.textContent())?.trim()).toMatch(/保持期間の残りは \d+ 分です/);

    // Give it back (the confirm dialog is accepted): back on the work page, the task no longer held.
    await page.getByRole('button', { name: '作業を返す' }).click();
    await page.waitForURL(`${base}/t/${TENANT}/work`);
    await settled(page);
    expect(await page.getByTestId('continue-card').count()).toBe(0);

    // Open the workspace of a task this worker no longer holds: saving reports the lost hold.
    await page.getByRole('button', { name: '次の作業を始める' }).click();
    await page.waitForURL(/\/work\/[0-9a-f-]{36}$/);
    await settled(page);
    const held = page.url().split('/').pop()!;
    expect(held).toBeTruthy();
    // Released behind the page's back (as when the hold ran out and someone took it).
    await page.evaluate(
      async ([slug, id]) => {
        const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
        await fetch(`/api/t/${slug}/tasks/${id}/lease`, {
          method: 'DELETE',
          headers: { 'x-csrf-token': me.csrfToken },
        });
      },
      [TENANT, held] as const,
    );
    await page.getByRole('button', { name: '下書き保存' }).click();
    await page.getByTestId('lease-lost').waitFor();
    expect(await text(page, '#lease-lost-heading')).toBe('この作業の担当ではなくなりました');
    await expectAccessible(page, 'task hold lost (phone)');
    await page.getByRole('link', { name: '作業のページに戻る' }).click();
    await page.waitForURL(`${base}/t/${TENANT}/work`);
    await context.close();
  });
});

describe('a task returned by the director', () => {
  it('shows the director’s comment on the work page and in the workspace', async () => {
    const comment = '対応件数をもう一度確認してください（予約システムでは 14 件です）。';
    await admin.call('POST', `/t/${TENANT}/tasks/${handedIn}/review`, { decision: 'return', comment });
    const { context, page } = await newPage(browser, SMALL_PHONE);
    await signInTo(page, base, WORKER, `/t/${TENANT}/work`);
    const card = page.getByTestId('returned-task');
    await card.waitFor();
    expect(await card.textContent()).toContain(comment);
    await expectAccessible(page, 'work with a returned task (phone)');
    await screenshot(page, 'work-returned-phone');
    await card.getByRole('button', { name: /直して提出する/ }).click();
    await page.waitForURL(`${base}/t/${TENANT}/work/${handedIn}`);
    await settled(page);
    expect(await text(page, '[role="note"]')).toContain(comment);
    await page.getByLabel('対応件数（予約・電話・問い合わせ）').fill('14');
    await page.getByRole('button', { name: '提出', exact: true }).click();
    await page.getByTestId('submitted').waitFor();
    await context.close();
  });
});

describe('staff and skills', () => {
  it('grants a worker a skill from the members page, showing which work types it unlocks', async () => {
    const { context, page } = await newPage(browser);
    await signInTo(page, base, 'director@matsumoto.kado.example', `/t/${TENANT}/members`);
    const row = page.getByTestId('member-row').filter({ hasText: 'worker02@matsumoto.kado.example' });
    await row.getByRole('link', { name: /のスキル$/ }).click();
    await page.waitForURL(/\/members\/[0-9a-f-]{36}\/skills$/);
    await settled(page);
    expect(await text(page, 'main h1')).toMatch(/のスキル$/);
    expect(await text(page, 'main')).toContain('まだスキルがありません。');
    await expectAccessible(page, 'member skills');

    await page.locator('#new-skill').fill('operations');
    await page.locator('#new-level').selectOption('3');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    const skillRow = page.getByTestId('skill-row').filter({ hasText: 'operations' });
    await skillRow.waitFor();
    expect(await skillRow.textContent()).toContain('シフト業務');
    // A bad name is refused next to the field.
    await page.locator('#new-skill').fill('Typing JA');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await expect.poll(() => page.locator('#new-skill').getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: '保存する' }).click();
    await expect.poll(() => page.getByRole('button', { name: '保存する' }).isDisabled()).toBe(true);
    await screenshot(page, 'member-skills');
    const saved = await admin.call<{ skill: string; level: number }[]>(
      'GET',
      `/t/${TENANT}/members/${await userIdOf('worker02@matsumoto.kado.example')}/skills`,
    );
    expect(saved.map((s) => ({ skill: s.skill, level: s.level }))).toEqual([
      { skill: 'operations', level: 3 },
    ]);
    await context.close();
  });
});
