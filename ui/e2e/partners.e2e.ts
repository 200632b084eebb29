/**
 * Browser test of onboarding a partner centre (issue #8, item 1) with the demo network: the hub admin of
 * Shiojiri sees the partner centres with their launch progress (the demo's active centres launched, the
 * onboarding ones not), runs the five-step wizard (a step's own checks stop "次へ" and name the field; a
 * slug already taken comes back from the server as 409 and the wizard returns to the first step with the
 * message next to the slug), registers 上田市 and ticks an item in the hub's column on its page. The new
 * centre's admin accepts the mailed invitation and ticks an item in the centre's column, where the hub's
 * column has no checkbox. A demo partner's admin (Amakusa, onboarding) ticks an item on their side too.
 * Every page is checked with axe.
 * Run: `npm run build -w @kado/ui`, then `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/partners.e2e.ts`.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, screenshot, settled, signInTo } from './support/browser.ts';
import { textOf } from './support/flows.ts';
import { type Kado, startKado } from './support/server.ts';

const HUB = 'shiojiri';
const HUB_ADMIN = `admin@${HUB}.kado.example`;
const ONBOARDING_PARTNER = 'amakusa';
const NEW_ADMIN = 'centre.admin@ueda.example';

let kado: Kado;
let browser: Browser;
let base: string;
let hubPage: Page;

beforeAll(async () => {
  [kado, browser] = await Promise.all([startKado(), launch()]);
  base = kado.baseUrl;
  hubPage = (await newPage(browser)).page;
});

afterAll(async () => {
  await browser?.close();
  await kado?.stop();
});

/** The message shown for an input (its aria-describedby error), once it is marked invalid. */
async function errorFor(page: Page, selector: string): Promise<string> {
  const input = page.locator(selector);
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await input.getAttribute('aria-describedby')) ?? '')
    .split(' ')
    .filter((id) => id.endsWith('-error'));
  expect(ids).toHaveLength(1);
  return textOf(page.locator(`#${ids[0]}`));
}

const currentStep = (page: Page) => textOf(page.locator('[aria-current="step"]'));

describe('onboarding a partner centre', () => {
  it('lists the partners with their launch progress', async () => {
    await signInTo(hubPage, base, HUB_ADMIN, `/t/${HUB}/partners`);
    expect(await textOf(hubPage.locator('main h1'))).toBe('パートナーセンター');
    const matsumoto = hubPage.getByTestId('partner-matsumoto');
    expect(await textOf(matsumoto.getByTestId('progress'))).toBe('ハブ 5/5・センター 5/5');
    expect(await textOf(matsumoto)).toContain('稼働中');
    expect(await textOf(hubPage.getByTestId(`partner-${ONBOARDING_PARTNER}`).getByTestId('progress'))).toBe(
      'ハブ 0/5・センター 0/5',
    );
    await expectAccessible(hubPage, 'partners');
    await screenshot(hubPage, 'partners');
  });

  it('runs the wizard: each step checked, the server’s problem shown on its step, then the centre registered', async () => {
    await hubPage.getByRole('link', { name: '新しいパートナーを立ち上げる' }).click();
    await hubPage.waitForURL(`${base}/t/${HUB}/partners/new`);
    await settled(hubPage);
    expect(await currentStep(hubPage)).toContain('基本情報');
    await expectAccessible(hubPage, 'partners-new');

    // Step 1: nothing filled in → the step's own checks, focus on the first field in error.
    await hubPage.getByRole('button', { name: '次へ' }).click();
    expect(await errorFor(hubPage, '#p-slug')).toContain('英小文字');
    expect(await hubPage.evaluate(() => document.activeElement?.id)).toBe('p-slug');
    await hubPage.locator('#p-slug').fill('matsumoto'); // taken: only the server knows
    await hubPage.locator('#p-nameJa').fill('上田市テレワークセンター');
    await hubPage.locator('#p-nameEn').fill('Ueda Telework Center');
    await hubPage.locator('#p-prefecture').fill('長野県');
    await hubPage.locator('#p-code').fill('202038'); // wrong check digit
    await hubPage.getByRole('button', { name: '次へ' }).click();
    expect(await errorFor(hubPage, '#p-code')).toContain('検査数字');
    await hubPage.locator('#p-code').fill('202037');
    await hubPage.getByRole('button', { name: '次へ' }).click();

    // Step 2: the workspaces, by keyboard.
    expect(await currentStep(hubPage)).toContain('拠点');
    await hubPage.locator('#ws-0-name').fill('上田市テレワークセンター');
    await hubPage.locator('#ws-0-address').fill('長野県上田市大手1-11-16');
    await hubPage.locator('#ws-0-seats').fill('12');
    await hubPage.getByRole('button', { name: '拠点を追加' }).click();
    expect(await hubPage.evaluate(() => document.activeElement?.id)).toBe('ws-1-name');
    await hubPage.keyboard.type('在宅');
    await expectAccessible(hubPage, 'partners-new-workspaces');
    await hubPage.keyboard.press('Enter'); // submits the step
    expect(await currentStep(hubPage)).toContain('管理者の招待');

    // Step 3: the first admin.
    await hubPage.locator('#p-adminEmail').fill('not an address');
    await hubPage.getByRole('button', { name: '次へ' }).click();
    expect(await errorFor(hubPage, '#p-adminEmail')).toContain('メールアドレス');
    await hubPage.locator('#p-adminEmail').fill(NEW_ADMIN);
    await hubPage.getByRole('button', { name: '次へ' }).click();

    // Step 4: work and rates; a per-task work type needs its rate.
    expect(await currentStep(hubPage)).toContain('業務と単価');
    await hubPage.getByRole('button', { name: '次へ' }).click();
    expect(await textOf(hubPage.locator('#p-agreement-workTypes-error'))).toContain('1 つ以上');
    await hubPage.locator('#p-agreement-wt-image-annotation').check();
    await hubPage.locator('#p-agreement-wt-data-entry').check();
    await hubPage.locator('#p-agreement-rate-image-annotation').fill('40');
    await hubPage.getByRole('button', { name: '次へ' }).click();
    expect(await errorFor(hubPage, '#p-agreement-rate-data-entry')).toContain('入力してください');
    await hubPage.locator('#p-agreement-rate-data-entry').fill('30');
    await hubPage.locator('#p-agreement-marginPercent').fill('12');
    await expectAccessible(hubPage, 'partners-new-agreement');
    await hubPage.getByRole('button', { name: '次へ' }).click();

    // Step 5: review and register. The taken slug comes back as a 409 problem on step 1.
    expect(await currentStep(hubPage)).toContain('確認');
    const review = await textOf(hubPage.getByTestId('wizard-review'));
    expect(review).toContain('上田市テレワークセンター');
    expect(review).toContain(NEW_ADMIN);
    expect(await textOf(hubPage.getByTestId('agreement'))).toContain('40円／件');
    await expectAccessible(hubPage, 'partners-new-review');
    await hubPage.getByRole('button', { name: 'この内容で登録する' }).click();
    expect(await errorFor(hubPage, '#p-slug')).toContain('使用済み');
    expect(await currentStep(hubPage)).toContain('基本情報');
    await hubPage.locator('#p-slug').fill('ueda');
    for (let i = 0; i < 4; i++) await hubPage.getByRole('button', { name: '次へ' }).click();
    expect(await currentStep(hubPage)).toContain('確認');
    await hubPage.getByRole('button', { name: 'この内容で登録する' }).click();
    await hubPage.waitForURL(`${base}/t/${HUB}/partners/ueda`);
    await settled(hubPage);
    expect(await textOf(hubPage.locator('main h1'))).toBe('上田市テレワークセンター');
    expect(await textOf(hubPage.getByTestId('progress'))).toBe('ハブ 0/5・センター 0/5');
    expect(await textOf(hubPage.getByTestId('partnership-status'))).toBe('立ち上げ中');
  });

  it('lets the hub tick its column of the new centre’s checklist', async () => {
    const box = hubPage.getByRole('checkbox', { name: '拠点の準備（ハブ）' });
    await box.focus();
    await hubPage.keyboard.press('Space');
    await expect.poll(() => textOf(hubPage.getByTestId('progress'))).toBe('ハブ 1/5・センター 0/5');
    expect(await box.isChecked()).toBe(true);
    // The centre's column is shown but has no checkbox for the hub.
    expect(await hubPage.getByRole('checkbox', { name: '拠点の準備（センター）' }).count()).toBe(0);
    await expectAccessible(hubPage, 'partner');
    await screenshot(hubPage, 'partner');
    // The agreement can be changed here.
    await hubPage.locator('#agreement-marginPercent').fill('13');
    await Promise.all([
      hubPage.waitForResponse((r) => r.url().endsWith('/partners/ueda/agreement') && r.status() === 200),
      hubPage.getByRole('button', { name: '取り決めを保存' }).click(),
    ]);
    await hubPage.reload();
    await settled(hubPage);
    expect(await hubPage.locator('#agreement-marginPercent').inputValue()).toBe('13');
  });

  it('lets the new centre’s admin accept the invitation and tick the centre’s column', async () => {
    const path = await kado.invitationPath(NEW_ADMIN);
    expect(path).toMatch(/^\/invite\/ueda\//);
    const { context, page } = await newPage(browser);
    await page.goto(`${base}${path}`);
    await settled(page);
    await page.locator('#displayName').fill('上田 管理者');
    await page.locator('#password').fill('ueda-admin-password');
    await page.getByRole('button', { name: '参加する' }).click();
    await page.waitForURL(`${base}/t/ueda`);
    await page.goto(`${base}/t/ueda/partnership`);
    await settled(page);
    expect(await textOf(page.locator('main h1'))).toBe('ハブとの連携');
    expect(await textOf(page.getByTestId('agreement'))).toContain('13%');
    const hubColumn = page.getByTestId('checklist-workspace_ready');
    expect(await textOf(hubColumn)).toContain('確認済み'); // the hub's tick, shown
    expect(await page.getByRole('checkbox', { name: '拠点の準備（ハブ）' }).count()).toBe(0);
    await page.getByRole('checkbox', { name: 'PCの設置（センター）' }).check();
    await expect.poll(() => textOf(page.getByTestId('progress'))).toBe('ハブ 1/5・センター 1/5');
    await expectAccessible(page, 'partnership');
    await screenshot(page, 'partnership');
    await context.close();
  });

  it('lets a demo partner’s admin tick their side, and the hub sees it', async () => {
    const { context, page } = await newPage(browser);
    await signInTo(
      page,
      base,
      `admin@${ONBOARDING_PARTNER}.kado.example`,
      `/t/${ONBOARDING_PARTNER}/partnership`,
    );
    expect(await textOf(page.getByTestId('partnership-status'))).toBe('立ち上げ中');
    await page.getByRole('checkbox', { name: '予算の承認（センター）' }).check();
    await expect.poll(() => textOf(page.getByTestId('progress'))).toBe('ハブ 0/5・センター 1/5');
    await context.close();

    await hubPage.goto(`${base}/t/${HUB}/partners`);
    await settled(hubPage);
    expect(await textOf(hubPage.getByTestId(`partner-${ONBOARDING_PARTNER}`).getByTestId('progress'))).toBe(
      'ハブ 0/5・センター 1/5',
    );
    expect(await textOf(hubPage.getByTestId('partner-ueda').getByTestId('progress'))).toBe(
      'ハブ 1/5・センター 1/5',
    );
  });
});
