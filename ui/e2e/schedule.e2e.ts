/**
 * Browser tests of a worker's hours and centre profile at the Tateshina centre (no other e2e file uses it):
 * on a 360×740 phone a worker sets Mon/Wed/Fri 9:00–14:30 and Tue/Thu 9:00–12:00, a weekly maximum and a
 * day off, sees a bad range refused with the server's message, and the next 14 days as computed; the
 * director sees the worker's profile (private fields included) and hours on the staff pages, and edits the
 * profile on a phone (a too-long value refused next to its field, Cancel, Save, the same after a reload).
 * Run: `npm run build -w @kado/ui`, then `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/schedule.e2e.ts`.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, screenshot, settled, signInTo } from './support/browser.ts';
import { SMALL_PHONE } from './support/flows.ts';
import { type Kado, startKado } from './support/server.ts';

const TENANT = 'tateshina';
const WORKER = `worker01@${TENANT}.kado.example`;
const DIRECTOR = `director@${TENANT}.kado.example`;

let kado: Kado;
let browser: Browser;
let base: string;

const tokyoDate = (daysAhead = 0) =>
  new Date(Date.now() + 9 * 3_600_000 + daysAhead * 86_400_000).toISOString().slice(0, 10);
/** ISO weekday (1 Monday … 7 Sunday) of a calendar date. */
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

beforeAll(async () => {
  [kado, browser] = await Promise.all([startKado(), launch()]);
  base = kado.baseUrl;
});

afterAll(async () => {
  await browser?.close();
  await kado?.stop();
});

async function setRange(page: Page, day: string, index: number, start: string, end: string) {
  await page.locator(`#${day}-${index}-start`).fill(start);
  await page.locator(`#${day}-${index}-end`).fill(end);
}

describe('a worker sets their hours on a phone', () => {
  it('sets the weekly pattern, a maximum and a day off, and sees the next 14 days', async () => {
    const { context, page } = await newPage(browser, SMALL_PHONE);
    try {
      await signInTo(page, base, WORKER, `/t/${TENANT}`);
      await page.locator(`nav a[href="/t/${TENANT}/schedule"]`).click();
      await page.waitForURL(`${base}/t/${TENANT}/schedule`);
      await settled(page);
      await page.locator('[data-testid="not-set"]').waitFor();
      await expectAccessible(page, 'schedule, not set (phone)');

      for (const day of ['mon', 'wed', 'fri']) {
        await page.locator(`#add-${day}`).click();
        await setRange(page, day, 0, '09:00', '14:30');
      }
      for (const day of ['tue', 'thu']) {
        await page.locator(`#add-${day}`).click();
        await setRange(page, day, 0, '09:00', '12:00');
      }
      await page.locator('#max-hours').fill('20');

      // A Saturday range that ends before it starts is refused with the server's message, nothing saved.
      await page.locator('#add-sat').click();
      await setRange(page, 'sat', 0, '12:00', '09:00');
      await page.locator('form button[type="submit"]', { hasText: '時間帯を保存する' }).click();
      const error = page.locator('#sat-0-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('終了が開始より前です');
      expect(await page.locator('#sat-0-end').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'schedule with a bad range (phone)');
      await page.locator('button[aria-label="土曜日 1 番目の時間帯を削除"]').click();

      await page.locator('form button[type="submit"]', { hasText: '時間帯を保存する' }).click();
      await page.locator('[data-testid="not-set"]').waitFor({ state: 'detached' });
      await page.locator('[data-testid="preview-day"]').first().waitFor();

      // A day off today, and a two-day time off next week.
      await page.getByRole('button', { name: '今日は休み' }).click();
      await page
        .locator(`[data-testid="preview-day"][data-date="${tokyoDate()}"][data-reason="off"]`)
        .waitFor();
      await page.locator('#period-from').fill(tokyoDate(7));
      await page.locator('#period-to').fill(tokyoDate(8));
      await page.getByRole('button', { name: 'この期間を休みにする' }).click();
      await page
        .locator(`[data-testid="preview-day"][data-date="${tokyoDate(8)}"][data-reason="off"]`)
        .waitFor();
      expect(await page.locator('[data-testid="exception"]').count()).toBe(2);

      // The preview shows the pattern on the days it applies, and days off (holidays named) elsewhere.
      const rows = page.locator('[data-testid="preview-day"]');
      expect(await rows.count()).toBe(14);
      for (let i = 0; i < 14; i++) {
        const row = rows.nth(i);
        const date = (await row.getAttribute('data-date'))!;
        const reason = await row.getAttribute('data-reason');
        const text = (await row.textContent()) ?? '';
        if (reason === 'pattern') {
          const long = [1, 3, 5].includes(weekday(date));
          expect(text, date).toContain(long ? '09:00–14:30' : '09:00–12:00');
          expect(text, date).toContain(long ? '5 時間 30 分' : '3 時間 0 分');
        } else {
          expect(text, date).toContain('休み');
          if (reason === 'none') expect([6, 7]).toContain(weekday(date));
          if (reason === 'holiday') expect(await row.locator('.badge').count()).toBe(1);
        }
        if (i === 0 || i === 7 || i === 8) expect(reason, date).toBe('off');
      }
      await expectAccessible(page, 'schedule (phone)');
      await screenshot(page, 'schedule-phone');

      // Saved: a reload shows the same.
      await page.reload();
      await settled(page);
      expect(await page.locator('#mon-0-end').inputValue()).toBe('14:30');
      expect(await page.locator('#thu-0-end').inputValue()).toBe('12:00');
      expect(await page.locator('#max-hours').inputValue()).toBe('20');
      expect(await page.locator('#sat-0-start').count()).toBe(0);
      // Nothing overflows a 360 px screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });

  it('fills in the centre profile', async () => {
    const { context, page } = await newPage(browser, SMALL_PHONE);
    try {
      await signInTo(page, base, WORKER, `/t/${TENANT}/profile`);
      await page.locator('#legal-name').fill('立科 花子');
      await page.locator('#phone').fill('0267-00-0000');
      await page.locator('#place').selectOption('home');
      await page.locator('#reason').selectOption('childcare');
      await page.getByRole('button', { name: 'プロフィールを保存する' }).click();
      await page.getByText('プロフィールを保存しました。').waitFor();
      await page.locator('#phone').fill('call me');
      await page.getByRole('button', { name: 'プロフィールを保存する' }).click();
      await page.locator('#phone-error').waitFor();
      expect(await page.locator('#phone-error').textContent()).toContain('電話番号');
      await expectAccessible(page, 'centre profile (phone)');
    } finally {
      await context.close();
    }
  });
});

describe('the director sees the centre’s workers', () => {
  it('lists workers and shows one worker’s private fields and hours', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInTo(page, base, DIRECTOR, `/t/${TENANT}/workers`);
      await expectAccessible(page, 'workers');
      const row = page.locator('[data-testid="worker-row"]', { hasText: WORKER });
      await row.locator('a').click();
      await page.waitForURL(/\/workers\/[0-9a-f-]{36}$/);
      await settled(page);
      await page.getByText('立科 花子').waitFor();
      expect(await page.locator('main').textContent()).toContain('09:00–14:30');
      await page.locator('#course').fill('データ入力 基礎研修');
      await page.locator('#completed-on').fill('2026-04-15');
      await page.getByRole('button', { name: '研修の修了を記録する' }).click();
      await page.getByText('データ入力 基礎研修 — 2026-04-15').waitFor();
      expect(await page.locator(`a[href$="/skills"]`).count()).toBe(1);
      await expectAccessible(page, 'worker profile (staff)');
      await screenshot(page, 'worker-profile-staff');
    } finally {
      await context.close();
    }
  });

  it('edits a worker’s centre profile on a phone', async () => {
    const { context, page } = await newPage(browser, SMALL_PHONE);
    try {
      await signInTo(page, base, DIRECTOR, `/t/${TENANT}/workers`);
      await page.locator('[data-testid="worker-row"]', { hasText: WORKER }).locator('a').click();
      await page.waitForURL(/\/workers\/[0-9a-f-]{36}$/);
      await settled(page);
      const facts = page.locator('section[aria-labelledby="private-heading"] dl');
      await page.getByRole('button', { name: 'プロフィールを編集する' }).click();
      // The form opens with the saved values, focus on its first field.
      expect(await page.locator('#legal-name').inputValue()).toBe('立科 花子');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('legal-name');
      expect(await page.locator('#place').inputValue()).toBe('home');

      // Too long (the API allows 2000 characters): refused with the server's message next to the field.
      await page.locator('#place').selectOption('centre');
      await page.locator('#accessibility').fill('あ'.repeat(2001));
      await page.getByRole('button', { name: '変更を保存する' }).click();
      await page.locator('#accessibility-error').waitFor();
      expect(await page.locator('#accessibility-error').textContent()).toContain('2000文字までです');
      expect(await page.locator('#accessibility').getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('accessibility');
      await expectAccessible(page, 'worker profile edit with an error (staff, phone)');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      // Cancel throws the draft away; nothing was saved.
      await page.getByRole('button', { name: 'キャンセル' }).click();
      expect(await facts.textContent()).toContain('在宅');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('プロフィールを編集する');

      await page.getByRole('button', { name: 'プロフィールを編集する' }).click();
      await page.locator('#place').selectOption('centre');
      await page.locator('#accessibility').fill('車いすで通勤します。机の高さを調整してください。');
      await page.getByRole('button', { name: '変更を保存する' }).click();
      await page.getByText(/さんのプロフィールを保存しました。/).waitFor();
      await page.locator('#accessibility').waitFor({ state: 'detached' });

      // Saved: a reload shows the same, read-only and in the form.
      await page.reload();
      await settled(page);
      await facts.waitFor();
      const text = (await facts.textContent()) ?? '';
      expect(text).toContain('センター');
      expect(text).toContain('車いすで通勤します。机の高さを調整してください。');
      expect(text).toContain('立科 花子');
      await page.getByRole('button', { name: 'プロフィールを編集する' }).click();
      expect(await page.locator('#place').inputValue()).toBe('centre');
      expect(await page.locator('#reason').inputValue()).toBe('childcare');
    } finally {
      await context.close();
    }
  });
});
