/**
 * Browser test of training across the network (issue #8, item 6) with the demo network: the hub admin of
 * Shiojiri creates a course (granting a skill) and a session at Matsumoto; Matsumoto's director finds it in
 * the hub's catalogue and enrols a worker; the hub sees the participant only as a pseudonymous id and the
 * centre, records attendance and a passing score; Matsumoto's director sees 合格 with the score, the worker
 * sees it under "自分の研修", and the worker now has the skill in Matsumoto. Every page is checked with axe.
 * Setup that is not the point goes through the API: the partnership (the demo network may already have it).
 * Run: `npm run build -w @kado/ui`, then `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/training.e2e.ts`.
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
const DIRECTOR = `director@${PARTNER}.kado.example`;
const WORKER = `worker01@${PARTNER}.kado.example`;
const TITLE = '道路画像アノテーション 入門（E2E）';
const SKILL = 'road-bbox-e2e';

let kado: Kado;
let browser: Browser;
let base: string;
let partnerAdmin: ApiSession;
let hubPage: Page;
let directorPage: Page;
let worker: { userId: string; name: string };
let partnerName: string;
let courseUrl: string;

/** Tomorrow in Tokyo at `hh:00`, as a datetime-local value. */
const tomorrowAt = (hh: number) => {
  const day = new Date(Date.now() + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(hh).padStart(2, '0')}:00`;
};

beforeAll(async () => {
  [kado, browser] = await Promise.all([startKado(), launch()]);
  base = kado.baseUrl;
  const hub = await apiSession(browser, base, HUB_ADMIN);
  partnerAdmin = await apiSession(browser, base, PARTNER_ADMIN);
  try {
    // Matsumoto is a partner of the hub (an agreement; the demo network may already have it).
    const existing = await hub.call('GET', `/t/${HUB}/partners/${PARTNER}`).catch(() => null);
    if (!existing)
      await hub.call('PUT', `/t/${HUB}/partners/${PARTNER}/agreement`, {
        workTypes: ['data-entry'],
        taskRates: { 'data-entry': 30 },
        hourlyRate: 1000,
        marginPercent: 10,
      });
  } finally {
    await hub.context.close();
  }
  const members = await partnerAdmin.call<{ userId: string; email: string; displayName: string }[]>(
    'GET',
    `/t/${PARTNER}/members`,
  );
  const w = members.find((m) => m.email === WORKER);
  if (!w) throw new Error(`${WORKER} is not a member of ${PARTNER}`);
  worker = { userId: w.userId, name: w.displayName };
  partnerName = (await partnerAdmin.call<{ nameJa: string }>('GET', `/t/${PARTNER}`)).nameJa;
  ({ page: hubPage } = await newPage(browser));
  await signInTo(hubPage, base, HUB_ADMIN, `/t/${HUB}`);
  ({ page: directorPage } = await newPage(browser));
  await signInTo(directorPage, base, DIRECTOR, `/t/${PARTNER}`);
});

afterAll(async () => {
  await partnerAdmin?.context.close();
  await browser?.close();
  await kado?.stop();
});

describe('training across the network', () => {
  it('lets the hub admin create a course and a session at a partner centre', async () => {
    await hubPage.goto(`${base}/t/${HUB}/training`);
    await settled(hubPage);
    expect(await textOf(hubPage.locator('main h1'))).toBe('研修');
    await expectAccessible(hubPage, 'training (hub)');
    // The hub enrols its own workers on the same catalogue page as a partner's staff.
    await hubPage.getByRole('link', { name: '自センターのメンバーを申し込む' }).click();
    await hubPage.waitForURL(`${base}/t/${HUB}/training/catalogue`);
    await settled(hubPage);
    await expectAccessible(hubPage, 'training catalogue (hub)');
    await hubPage.goto(`${base}/t/${HUB}/training`);
    await settled(hubPage);
    await hubPage.getByRole('link', { name: 'コースを作成' }).click();
    await hubPage.waitForURL(`${base}/t/${HUB}/training/new`);
    await settled(hubPage);
    await expectAccessible(hubPage, 'training new course');

    // A wrong skill is refused next to the field, and nothing is created.
    await hubPage.locator('#course-title-ja').fill(TITLE);
    await hubPage.locator('#course-title-en').fill('Road image annotation basics (E2E)');
    await hubPage.locator('#course-work-type').fill('image-annotation');
    await hubPage.locator('#course-skills').fill('Road BBox');
    await hubPage.locator('#course-pass-score').fill('70');
    await hubPage.getByRole('button', { name: '作成する' }).click();
    await hubPage.locator('#course-skills-error').waitFor();
    expect(await hubPage.locator('#course-skills').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(hubPage, 'training new course with an error');

    await hubPage.locator('#course-skills').fill(SKILL);
    await hubPage.locator('#course-description').fill('矩形で車両・歩行者・標識を囲む基本と品質基準。');
    await hubPage.getByRole('button', { name: '作成する' }).click();
    await hubPage.waitForURL(/\/training\/courses\/[0-9a-f-]{36}$/);
    courseUrl = hubPage.url();
    await settled(hubPage);
    expect(await textOf(hubPage.locator('main h1'))).toBe(TITLE);

    await hubPage.locator('#session-starts').fill(tomorrowAt(10));
    await hubPage.locator('#session-ends').fill(tomorrowAt(12));
    await hubPage.locator('#session-mode').selectOption('centre');
    await hubPage.locator('#session-centre').selectOption(PARTNER);
    await hubPage.locator('#session-capacity').fill('8');
    await hubPage.getByRole('button', { name: '日程を追加' }).click();
    const sessions = hubPage.getByTestId('training-sessions');
    await sessions.waitFor();
    const row = sessions.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await textOf(row)).toContain(partnerName);
    expect(await textOf(row)).toContain('8 / 8');
    await expectAccessible(hubPage, 'training course (hub)');
    await screenshot(hubPage, 'training-course');
  });

  it('lets the partner’s director find it in the hub’s catalogue and enrol a worker', async () => {
    // The network pages are grouped under one menu entry, opened with the keyboard.
    const nav = directorPage.getByRole('navigation', { name: 'センターのメニュー' });
    await nav.getByTestId('network-menu').focus();
    await directorPage.keyboard.press('Enter');
    await nav.getByRole('link', { name: '研修', exact: true }).click();
    await directorPage.waitForURL(`${base}/t/${PARTNER}/training`);
    await settled(directorPage);
    const course = directorPage.getByTestId('catalogue-course').filter({ hasText: TITLE });
    await course.waitFor();
    expect(await textOf(course)).toContain(SKILL);
    await course.locator('select').selectOption({ label: `${worker.name}（ワーカー）` });
    await course.getByRole('button', { name: /に申し込む$/ }).click();
    const own = directorPage.getByTestId('own-enrolments');
    const mine = own.getByRole('row', { name: new RegExp(worker.name) });
    await mine.waitFor();
    expect(await textOf(mine)).toContain('申込み済み');
    expect(await textOf(mine)).toContain(TITLE);
    await directorPage.waitForFunction(
      (title) =>
        [...document.querySelectorAll('[data-testid="catalogue-course"]')]
          .find((c) => c.textContent?.includes(title))
          ?.textContent?.includes('7 / 8') ?? false,
      TITLE,
    );
    await expectAccessible(directorPage, 'training (partner)');
    await screenshot(directorPage, 'training-partner');
  });

  it('shows the hub a pseudonym and the centre only; the hub records attendance and a pass', async () => {
    await hubPage.goto(courseUrl);
    await settled(hubPage);
    await hubPage.getByRole('button', { name: /の受講者を表示$/ }).click();
    const table = hubPage.getByTestId('training-participants');
    await table.waitFor();
    const row = table.locator('tbody tr');
    expect(await row.count()).toBe(1);
    const text = await textOf(row);
    expect(text).toMatch(/W-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    expect(text).toContain(partnerName);
    const page = await textOf(hubPage.locator('main'));
    expect(page).not.toContain(worker.name);
    expect(page).not.toContain(WORKER);
    await expectAccessible(hubPage, 'training participants (hub)');

    await row.getByRole('button', { name: /を出席にする$/ }).click();
    await row.getByText('出席', { exact: true }).waitFor();
    await row.getByRole('spinbutton').fill('85');
    await row.getByRole('button', { name: /の評価を記録$/ }).click();
    await row.getByText('合格', { exact: true }).waitFor();
    expect(await textOf(row)).toContain('85 点（合格点 70）');
    await screenshot(hubPage, 'training-participants');
  });

  it('shows the partner the result, the worker “my training”, and the worker has the skill', async () => {
    await directorPage.reload();
    await settled(directorPage);
    const mine = directorPage
      .getByTestId('own-enrolments')
      .getByRole('row', { name: new RegExp(worker.name) });
    await mine.waitFor();
    expect(await textOf(mine)).toContain('合格');
    expect(await textOf(mine)).toContain('85 点');

    const { context, page } = await newPage(browser);
    try {
      await signInTo(page, base, WORKER, `/t/${PARTNER}/training`);
      const table = page.getByTestId('my-training');
      await table.waitFor();
      expect(await textOf(table)).toContain(TITLE);
      expect(await textOf(table)).toContain('合格');
      await expectAccessible(page, 'training (worker)');
    } finally {
      await context.close();
    }

    const skills = await partnerAdmin.call<{ skill: string }[]>(
      'GET',
      `/t/${PARTNER}/members/${worker.userId}/skills`,
    );
    expect(skills.map((s) => s.skill)).toContain(SKILL);
  });
});
