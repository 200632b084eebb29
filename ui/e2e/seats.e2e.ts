/**
 * Browser tests of coworking seats and the growth dashboard at the Bibai centre (no other e2e file uses
 * it): a worker books a seat on a 360×740 phone and sees it listed; a booking over capacity and one
 * outside the opening hours show the server's message; a director sees the day view; the admin opens the
 * growth dashboard and downloads the xlsx (opened with exceljs).
 * Run: `npm run build -w @kado/ui`, then `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/seats.e2e.ts`.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, screenshot, settled, signInTo } from './support/browser.ts';
import { type ApiSession, apiSession, SMALL_PHONE, textOf } from './support/flows.ts';
import { type Kado, startKado } from './support/server.ts';

const TENANT = 'bibai';
const CENTRE = '美唄市テレワークセンター'; // 4 seats, Mon–Fri 09:00–17:00, no childcare
const KIDS = '美唄 キッズルーム併設席'; // made here: 1 seat, childcare, Mon–Fri 09:00–15:00

let kado: Kado;
let browser: Browser;
let base: string;
let admin: ApiSession;
let worker2: ApiSession;
let kidsId: string;

/** A weekday at least three days ahead, in Asia/Tokyo (YYYY-MM-DD). */
function nextWeekday(): string {
  for (let d = 3; ; d++) {
    const date = new Date(Date.now() + 9 * 3_600_000 + d * 86_400_000);
    const day = date.getUTCDay();
    if (day >= 1 && day <= 5) return date.toISOString().slice(0, 10);
  }
}
const DATE = nextWeekday();

beforeAll(async () => {
  [kado, browser] = await Promise.all([startKado(), launch()]);
  base = kado.baseUrl;
  admin = await apiSession(browser, base, `admin@${TENANT}.kado.example`);
  worker2 = await apiSession(browser, base, `worker02@${TENANT}.kado.example`);
  kidsId = (
    await admin.call<{ id: string }>('POST', `/t/${TENANT}/workspaces`, {
      name: KIDS,
      kind: 'coworking',
      seats: 1,
      childcare: true,
      openingHours: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({
        day,
        opens: '09:00',
        closes: '15:00',
      })),
    })
  ).id;
  // The one seat of the childcare room is taken 13:00–14:00 by worker02.
  await worker2.call('POST', `/t/${TENANT}/seat-bookings`, {
    workspaceId: kidsId,
    startsAt: `${DATE}T13:00:00+09:00`,
    endsAt: `${DATE}T14:00:00+09:00`,
  });
});

afterAll(async () => {
  await admin?.context.close();
  await worker2?.context.close();
  await browser?.close();
  await kado?.stop();
});

async function fillBooking(page: Page, workspace: string, from: string, to: string) {
  await page.locator('#seat-workspace').selectOption({ label: workspace });
  await page.locator('#seat-date').fill(DATE);
  await page.locator('#seat-from').fill(from);
  await page.locator('#seat-to').fill(to);
}

describe('seats on a phone', () => {
  let page: Page;

  it('lets a worker book a seat and see it listed, with free seats per hour', async () => {
    ({ page } = await newPage(browser, SMALL_PHONE));
    await signInTo(page, base, `worker01@${TENANT}.kado.example`, `/t/${TENANT}`);
    await page
      .getByRole('navigation', { name: 'センターのメニュー' })
      .getByRole('link', { name: '席の予約' })
      .click();
    await page.waitForURL(`${base}/t/${TENANT}/seats`);
    await settled(page);
    expect(await textOf(page.locator('main h1'))).toBe('コワーキング席の予約');
    await fillBooking(page, CENTRE, '09:30', '12:00');
    await page.getByRole('table', { name: /時間ごとの空席数/ }).waitFor();
    expect(await textOf(page.getByRole('row', { name: /09:00〜10:00/ }))).toContain('4 席');
    await expectAccessible(page, 'seat booking (phone)');
    await page.getByRole('button', { name: '予約する' }).click();
    const mine = page.getByRole('table', { name: '予約した席の一覧' });
    await mine.getByRole('row', { name: new RegExp(`${DATE}.*09:30〜12:00.*${CENTRE}`) }).waitFor();
    await expect.poll(() => textOf(page.getByRole('row', { name: /10:00〜11:00/ }))).toContain('3 席');
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'seats-worker-phone');
  });

  it('shows the server’s message for a seat over capacity and for a time outside the opening hours', async () => {
    await fillBooking(page, KIDS, '13:00', '14:00');
    await page.getByRole('button', { name: '予約する' }).click();
    const from = page.locator('#seat-from');
    await expect.poll(() => from.getAttribute('aria-invalid')).toBe('true');
    expect(await textOf(page.locator('#seat-from-error'))).toContain('満席');
    expect(await textOf(page.locator('#seat-from-error'))).not.toContain('No seat');
    await expectAccessible(page, 'seat booking with an error (phone)');

    await fillBooking(page, CENTRE, '16:00', '18:00');
    await page.getByRole('button', { name: '予約する' }).click();
    await expect.poll(() => textOf(page.locator('#seat-from-error'))).toContain('開館時間');
    const mine = page.getByRole('table', { name: '予約した席の一覧' });
    expect(await mine.locator('tbody tr').count()).toBe(1);
  });

  it('books the childcare room with a childcare request where it is offered', async () => {
    await fillBooking(page, KIDS, '14:00', '15:00');
    await page.getByLabel('託児を申し込む').check();
    await page.locator('#seat-children').fill('2');
    await page.locator('#seat-note').fill('3歳と5歳');
    await page.getByRole('button', { name: '予約する' }).click();
    const mine = page.getByRole('table', { name: '予約した席の一覧' });
    await mine.getByRole('row', { name: new RegExp(`14:00〜15:00.*${KIDS}.*託児 2 人`) }).waitFor();
    await page.context().close();
  });
});

describe('staff', () => {
  it('shows the director who is in, by hour, with childcare marked', async () => {
    const { page, context } = await newPage(browser);
    try {
      await signInTo(page, base, `director@${TENANT}.kado.example`, `/t/${TENANT}/seats/day`);
      await page.locator('#day-workspace').selectOption({ label: KIDS });
      await page.locator('#day-date').fill(DATE);
      await page.getByRole('button', { name: '表示する' }).click();
      const grid = page.getByRole('table', { name: /時間別の利用者/ });
      await grid.waitFor();
      const rows = grid.locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(2);
      const withChildcare = grid.getByRole('row', { name: /14:00〜15:00/ });
      expect(await textOf(withChildcare)).toContain('託児 2 人');
      expect(await textOf(withChildcare)).toContain('3歳と5歳');
      expect(await withChildcare.locator('td.cell.in').count()).toBe(1);
      await expectAccessible(page, 'seats day view');
      await screenshot(page, 'seats-day-view');
    } finally {
      await context.close();
    }
  });

  it('lets the admin open the growth dashboard and download the xlsx', async () => {
    const workers = (
      await admin.call<{ userId: string; email: string }[]>('GET', `/t/${TENANT}/members`)
    ).filter((m) => m.email.startsWith('worker'));
    await admin.call('POST', `/t/${TENANT}/growth/placements`, {
      userId: workers[0]!.userId,
      kind: 'employed_local',
      employerName: '美唄精工株式会社',
      occurredOn: new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10),
      note: '事務職で採用',
    });
    const { page, context } = await newPage(browser);
    try {
      await signInTo(page, base, `admin@${TENANT}.kado.example`, `/t/${TENANT}/growth`);
      expect(await textOf(page.locator('main h1'))).toBe('成長の記録');
      await page.getByRole('img', { name: /月ごとの作業時間/ }).waitFor();
      const placements = page.getByRole('table', { name: '期間内の就労実績' });
      expect(await textOf(placements)).toContain('美唄精工株式会社');
      await page.getByText('グラフのデータ（表）').first().click();
      await expectAccessible(page, 'growth dashboard');
      await screenshot(page, 'growth-dashboard');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Excel（xlsx）でダウンロード' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^growth-bibai-\d{4}-04-01-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
      expect(book.worksheets.map((s) => s.name)).toEqual([
        '概要 Summary',
        'ワーカー別 Workers',
        '就労実績 Placements',
      ]);
      expect(book.getWorksheet('就労実績 Placements')!.getRow(2).getCell(3).value).toBe('美唄精工株式会社');
      expect(book.getWorksheet('ワーカー別 Workers')!.rowCount).toBe(1 + workers.length);
    } finally {
      await context.close();
    }
  });
});
