/**
 * Browser test of the hub's network view (issue #8, item 7) with the demo network: Shiojiri's hub admin opens
 * "ネットワーク概況" and finds every demo centre as a dot on the map of Japan (on land, named for screen
 * readers, reachable with the keyboard: focusing one shows its figures, choosing it jumps to its row) and as
 * a row of the table, with the same figures the API gives and no person in sight; the charts carry a title
 * and a description. A partner's admin gets the not-found page for the hub's /network URL (and for their
 * own centre's). Every page is checked with axe.
 * Run: `npm run build -w @kado/ui`, then `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/network.e2e.ts`.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onLand } from '../src/lib/components/network/japan-outline.ts';
import { expectAccessible, launch, newPage, screenshot, settled, signInTo } from './support/browser.ts';
import { textOf } from './support/flows.ts';
import { type Kado, startKado } from './support/server.ts';

const HUB = 'shiojiri';
const HUB_ADMIN = `admin@${HUB}.kado.example`;
const PARTNER_ADMIN = 'admin@matsumoto.kado.example';
/** The demo network: one folder per centre in tenants/. */
const DEMO = [
  'amakusa',
  'azumino',
  'bibai',
  'itoigawa',
  'kawamoto',
  'matsumoto',
  'minowa',
  'nakatsugawa',
  'omachi',
  'shiojiri',
  'tateshina',
];

interface Centre {
  slug: string;
  name: { ja: string };
  workers: number;
  hoursWorked: number;
  location: { lat: number; lng: number; precision: string };
}

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

describe('network overview', () => {
  it('shows the hub admin every centre on the map and in the table', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInTo(page, base, HUB_ADMIN, `/t/${HUB}`);
      // From the menu: the network group, then the overview.
      const nav = page.getByRole('navigation', { name: 'センターのメニュー' });
      await nav.getByTestId('network-menu').click();
      await nav.getByRole('link', { name: 'ネットワーク概況' }).click();
      await page.waitForURL(`${base}/t/${HUB}/network`);
      await settled(page);
      expect(await textOf(page.locator('main h1'))).toBe('ネットワーク概況');

      const api = await page.request.get(`${base}/api/t/${HUB}/network`);
      expect(api.status()).toBe(200);
      const data = (await api.json()) as { centres: Centre[]; totals: { workers: number } };
      expect(data.centres.map((c) => c.slug).sort()).toEqual(DEMO);
      for (const c of data.centres) {
        expect(c.location.precision, c.slug).toBe('municipality');
        expect(onLand(c.location.lat, c.location.lng), `${c.slug} on land`).toBe(true);
      }

      // The map: one named, focusable dot per centre.
      const map = page.getByTestId('network-map');
      const dots = map.locator('a[data-slug]');
      expect(await dots.count()).toBe(DEMO.length);
      for (const c of data.centres) {
        const dot = map.locator(`a[data-slug="${c.slug}"]`);
        expect(await dot.getAttribute('aria-label')).toContain(c.name.ja);
        expect(await dot.getAttribute('aria-label')).toContain(`ワーカー${c.workers}人`);
      }

      // The table: one row per centre with the API's figures.
      const table = page.getByTestId('network-centres');
      expect(await table.locator('tbody tr').count()).toBe(DEMO.length);
      const shiojiri = data.centres.find((c) => c.slug === HUB)!;
      expect(shiojiri.workers).toBeGreaterThan(0);
      const row = table.locator(`tr[data-slug="${HUB}"]`);
      expect(await textOf(row.locator('th'))).toBe(shiojiri.name.ja);
      expect(await textOf(row.locator('td').nth(3))).toBe(String(shiojiri.workers));
      const totals = page.getByTestId('network-totals');
      expect(await totals.textContent()).toContain(`${data.totals.workers.toLocaleString('ja-JP')}人`);

      // Counts only: no demo person's address anywhere on the page.
      expect(await page.locator('main').textContent()).not.toContain('@');

      // Keyboard: Tab from the year's button reaches the first dot; focusing a dot shows its figures; Enter
      // jumps to its row in the table.
      await page.getByRole('button', { name: '表示する' }).focus();
      await page.keyboard.press('Tab');
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-slug') ?? null);
      expect(DEMO).toContain(await focused());
      const matsumoto = data.centres.find((c) => c.slug === 'matsumoto')!;
      await map.locator('a[data-slug="matsumoto"]').focus();
      await expect
        .poll(() => textOf(page.getByTestId('network-map-detail')))
        .toContain(`${matsumoto.name.ja}：ワーカー${matsumoto.workers}人`);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/t/${HUB}/network#centre-matsumoto`);
      expect(await page.evaluate(() => document.querySelector(':target')?.getAttribute('data-slug'))).toBe(
        'matsumoto',
      );

      // Charts are images with a title and a description.
      for (const id of ['network-workers-chart', 'network-hours-chart']) {
        expect(await textOf(page.locator(`#${id}-title`))).not.toBe('');
        expect(await textOf(page.locator(`#${id}-desc`))).not.toBe('');
      }

      await expectAccessible(page, 'network overview');
      await screenshot(page, 'network-overview');
    } finally {
      await context.close();
    }
  });

  it('is not found for a partner’s admin, at the hub’s URL and at their own', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInTo(page, base, PARTNER_ADMIN, '/t/matsumoto');
      expect((await page.request.get(`${base}/api/t/${HUB}/network`)).status()).toBe(404);
      await page.goto(`${base}/t/${HUB}/network`);
      await page.getByText('このセンターは見つからないか、あなたは所属していません。').waitFor();
      expect(await page.getByTestId('network-map').count()).toBe(0);
      await expectAccessible(page, 'network (not a member)');

      expect((await page.request.get(`${base}/api/t/matsumoto/network`)).status()).toBe(404);
      await page.goto(`${base}/t/matsumoto/network`);
      await settled(page);
      await page.getByText('ページが見つかりません。').waitFor();
      expect(await page.getByTestId('network-map').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
