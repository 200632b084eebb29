import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from './server.ts';

export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser profile (own cookies and localStorage); confirm() dialogs are accepted. */
export async function newPage(
  browser: Browser,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('dialog', (dialog) => void dialog.accept());
  return { context, page };
}

/** Waits until the page has its heading and nothing says "loading" any more. */
export async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(
    () => !/読み込み中|Loading…/.test(document.querySelector('main')?.textContent ?? ''),
  );
}

export async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(/\/t\/[a-z][a-z0-9-]+$/);
  await settled(page);
}

export const checkedPages = new Set<string>();

/** axe-core on the page as it is now: no serious or critical WCAG 2.1 A/AA violations. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .options({ resultTypes: ['violations'] })
    // Runs axe in the page itself instead of finishing in a new blank page: much faster, and the app has
    // no frames whose results would need combining.
    .setLegacyMode(true)
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
    );
  checkedPages.add(name);
  if (bad.length > 0) throw new Error(`accessibility violations:\n${bad.join('\n')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** Signs in through the API (the sign-in form itself is tested elsewhere), then opens `path`. */
export async function signInTo(page: Page, baseUrl: string, email: string, path: string): Promise<void> {
  const res = await page.request.post(`${baseUrl}/api/auth/sign-in`, {
    data: { email, password: DEMO_PASSWORD },
  });
  if (res.status() !== 200) throw new Error(`sign-in of ${email}: HTTP ${res.status()}`);
  await page.goto(`${baseUrl}${path}`);
  await settled(page);
}
