/**
 * Browser test of the money pages (issue #7) at the Omachi centre (no other e2e file uses it): the admin
 * plans a budget line and sees it in the table and the chart; the worker registers a bank account on a
 * 360×740 phone (a kanji holder name is refused next to the field; the number is shown masked); the admin
 * runs the payout wizard for last month (over budget → a reason → approved), follows the job and downloads
 * the Zengin file (120-byte records) and the statement PDF (rendered to PNG, its amount found by pdftotext),
 * then marks the run as paid (a future date is refused next to the field) and the worker sees 支払済み;
 * the budget then shows the actual, the over-budget marker and the override reason; the admin sets up
 * invoicing, creates an invoice with live per-rate totals (three lines of ¥105 at 10 % → ¥31 tax, rounded
 * once), issues it and finds the registration number in its PDF; the client's person finds the invoice in
 * their own menu, read-only, and downloads its PDF. Every page is checked with axe.
 * Run: `npm run build -w @kado/ui`, then `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/money.e2e.ts`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  launch,
  newPage,
  SCREENSHOTS,
  screenshot,
  settled,
  signInTo,
} from './support/browser.ts';
import { type ApiSession, apiSession, giveContract, SMALL_PHONE, textOf } from './support/flows.ts';
import { type Kado, startKado } from './support/server.ts';

const TENANT = 'omachi';
const ADMIN = `admin@${TENANT}.kado.example`;
const WORKER = `worker01@${TENANT}.kado.example`;
const CLIENT_PERSON = `client@${TENANT}.kado.example`;
const REGISTRATION = 'T7000012050002';
const CLIENT = '株式会社アルプス精機';

const tokyo = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString();
/** Last month in Tokyo, 'YYYY-MM': the month paid. */
const PAY_MONTH = (() => {
  const [y, m] = tokyo(new Date()).slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
/** Today and tomorrow in Tokyo, 'YYYY-MM-DD'. */
const TODAY = tokyo(new Date()).slice(0, 10);
const TOMORROW = tokyo(new Date(Date.now() + 86_400_000)).slice(0, 10);
/** The fiscal year the payout is posted in (the month's last day). */
const FY =
  Number(PAY_MONTH.slice(5, 7)) >= 4 ? Number(PAY_MONTH.slice(0, 4)) : Number(PAY_MONTH.slice(0, 4)) - 1;
/** 09:00–12:30 on the 10th at ¥1,000/h = 210 minutes = ¥3,500. */
const AMOUNT = 3500;
const BUDGET = 1000;

let kado: Kado;
let browser: Browser;
let base: string;
let admin: ApiSession;
let workerName: string;
let adminPage: Page;

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;

/** Clicks a download link and returns the file's bytes and suggested name. */
async function download(page: Page, link: Locator): Promise<{ bytes: Buffer; name: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return { bytes: readFileSync(path), name: file.suggestedFilename() };
}

function pdfText(bytes: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString('utf8');
}

beforeAll(async () => {
  [kado, browser] = await Promise.all([startKado(), launch()]);
  base = kado.baseUrl;
  await giveContract(browser, base, TENANT, WORKER);
  admin = await apiSession(browser, base, ADMIN);
  const members = await admin.call<{ userId: string; email: string; displayName: string }[]>(
    'GET',
    `/t/${TENANT}/members`,
  );
  const me = members.find((m) => m.email === WORKER)!;
  workerName = me.displayName;
  // Last month's time, submitted by the worker and approved by the admin.
  const worker = await apiSession(browser, base, WORKER);
  try {
    const day = `${PAY_MONTH}-10`;
    await worker.call('POST', `/t/${TENANT}/me/time-entries`, {
      kind: 'other',
      startedAt: `${day}T09:00:00+09:00`,
      endedAt: `${day}T12:30:00+09:00`,
      reason: 'センターでのデータ入力（記録漏れの追加）',
    });
    await worker.call('POST', `/t/${TENANT}/me/timesheets/${PAY_MONTH}/submit`, {});
  } finally {
    await worker.context.close();
  }
  await admin.call('POST', `/t/${TENANT}/timesheets/${me.userId}/${PAY_MONTH}/approve`, { comment: '' });
  // The centre's own account for the Zengin header, and a client to invoice.
  await admin.call('PUT', `/t/${TENANT}/payouts/settings`, {
    consignorCode: '1234567890',
    consignorName: 'オオマチシテレワークセンター',
    bankCode: '0143',
    bankName: '八十二銀行',
    branchCode: '201',
    branchName: '大町支店',
    accountType: 1,
    accountNumber: '7654321',
  });
  const company = await admin.call<{ id: string }>('POST', `/t/${TENANT}/clients`, {
    kind: 'company',
    name: CLIENT,
  });
  // The demo client-role person works for that company: they will see its invoices.
  const person = members.find((m) => m.email === CLIENT_PERSON)!;
  await admin.call('POST', `/t/${TENANT}/clients/${company.id}/users`, { userId: person.userId });
  ({ page: adminPage } = await newPage(browser));
  await signInTo(adminPage, base, ADMIN, `/t/${TENANT}`);
});

afterAll(async () => {
  await admin?.context.close();
  await browser?.close();
  await kado?.stop();
});

describe('the budget', () => {
  it('lets the admin plan a line and see it in the table and the chart', async () => {
    const nav = adminPage.getByRole('navigation', { name: 'センターのメニュー' });
    // The money pages are grouped under one menu entry, opened with the keyboard.
    await nav.getByTestId('money-menu').focus();
    await adminPage.keyboard.press('Enter');
    await nav.getByRole('link', { name: '予算', exact: true }).click();
    await adminPage.waitForURL(`${base}/t/${TENANT}/budget`);
    await settled(adminPage);
    expect(await textOf(adminPage.locator('main h1'))).toBe('予算管理');
    await adminPage.locator('#budget-fy').selectOption(String(FY));
    await adminPage.getByRole('button', { name: '表示する' }).click();
    await settled(adminPage);
    await adminPage.locator('#line-account').selectOption('worker_costs');
    await adminPage.locator('#line-source').selectOption('city_general_fund');
    await adminPage.locator('#line-amount').fill(String(BUDGET));
    await adminPage.locator('#line-note').fill('ワーカー報酬（試行）');
    await adminPage.getByRole('button', { name: '追加する' }).click();
    const table = adminPage.getByTestId('budget-lines');
    const row = table.getByRole('row', { name: /外注費（ワーカー）/ });
    await row.waitFor();
    expect(await textOf(row)).toContain('一般財源');
    expect(await textOf(row)).toContain(yen(BUDGET));
    expect(await textOf(adminPage.locator('caption#lines-caption'))).toContain(
      `${FY}年度（令和${FY - 2018}年度）`,
    );
    // The chart: an image with a title and description, three bars for the line.
    const chart = adminPage.getByRole('img', { name: /予算行ごとの予算・契約済み・執行済み/ });
    await chart.waitFor();
    expect(await chart.locator('rect[fill^="url("]').count()).toBe(3);
    expect(await textOf(adminPage.locator('#chart-lines-desc'))).toContain('表');
    await expectAccessible(adminPage, 'budget');
    await screenshot(adminPage, 'budget');
  });
});

describe('the worker on a phone', () => {
  it('registers a bank account: a kanji name is refused next to the field, the number is shown masked', async () => {
    const { context, page } = await newPage(browser, SMALL_PHONE);
    try {
      await signInTo(page, base, WORKER, `/t/${TENANT}`);
      await page
        .getByRole('navigation', { name: 'センターのメニュー' })
        .getByRole('link', { name: '支払明細' })
        .click();
      await page.waitForURL(`${base}/t/${TENANT}/statements`);
      await settled(page);
      expect(await textOf(page.locator('main'))).toContain('まだ口座が登録されていません');
      await page.locator('#bank-code').fill('0143');
      await page.locator('#bank-name').fill('八十二銀行');
      await page.locator('#branch-code').fill('201');
      await page.locator('#branch-name').fill('大町支店');
      await page.locator('#account-type').selectOption('1');
      await page.locator('#account-number').fill('1234567');
      await page.locator('#holder-name').fill('山田花子');
      await page.getByRole('button', { name: '口座を保存する' }).click();
      const error = page.locator('#holder-name-error');
      await error.waitFor();
      expect(await page.locator('#holder-name').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#holder-name').getAttribute('aria-describedby')).toContain(
        'holder-name-error',
      );
      await expectAccessible(page, 'statements with an error (phone)');
      await page.locator('#holder-name').fill('ヤマダ ハナコ');
      await page.locator('#account-number').fill('1234567');
      await page.getByRole('button', { name: '口座を保存する' }).click();
      const registered = page.getByTestId('bank-registered');
      await registered.waitFor();
      const text = await textOf(registered);
      expect(text).toContain('567');
      expect(text).not.toContain('1234567');
      expect(text).toContain('ﾔﾏﾀﾞ ﾊﾅｺ');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await expectAccessible(page, 'statements (phone)');
      await screenshot(page, 'statements-phone');
    } finally {
      await context.close();
    }
  });
});

describe('the payout wizard', () => {
  let runUrl: string;

  it('prepares last month: the statement shows the hours, rate and amount', async () => {
    await adminPage.goto(`${base}/t/${TENANT}/payouts`);
    await settled(adminPage);
    await expectAccessible(adminPage, 'payouts');
    await adminPage.locator('#payout-month').fill(PAY_MONTH);
    await adminPage.getByRole('button', { name: '支払明細をつくる' }).click();
    await adminPage.waitForURL(/\/payouts\/[0-9a-f-]{36}$/);
    await settled(adminPage);
    runUrl = adminPage.url();
    const row = adminPage.getByTestId('run-statements').getByRole('row', { name: new RegExp(workerName) });
    await row.waitFor();
    const text = await textOf(row);
    expect(text).toContain('3時間30分');
    expect(text).toContain(yen(1000));
    expect(text).toContain(yen(AMOUNT));
    expect(await adminPage.getByTestId('run-problems').count()).toBe(0);
    expect(await adminPage.locator('[aria-current="step"]').textContent()).toContain('確認');
    await expectAccessible(adminPage, 'payout preview');
    await screenshot(adminPage, 'payout-preview');
  });

  it('is over budget: the figures are shown and a reason approves it', async () => {
    await adminPage.getByRole('button', { name: 'この内容で承認する' }).click();
    const over = adminPage.getByTestId('over-budget');
    await over.waitFor();
    const text = await textOf(over);
    expect(text).toContain(yen(AMOUNT - BUDGET));
    expect(text).toContain(yen(BUDGET));
    await expectAccessible(adminPage, 'payout over budget');
    await adminPage.locator('#override-reason').fill('10月補正予算の議決前のため（財政課了承済み）');
    await adminPage.getByRole('button', { name: '理由を記録して進める' }).click();
    const downloads = adminPage.getByTestId('run-downloads');
    await downloads.waitFor({ timeout: 45_000 });
    await expect.poll(() => textOf(adminPage.getByTestId('run-status')), { timeout: 30_000 }).toBe('完了');
    await expectAccessible(adminPage, 'payout completed');
    await screenshot(adminPage, 'payout-completed');
  });

  it('downloads the Zengin file: 120-byte records whose trailer adds up', async () => {
    await adminPage.goto(runUrl);
    await settled(adminPage);
    const { bytes, name } = await download(adminPage, adminPage.getByTestId('zengin-link'));
    expect(name).toBe(`zengin-${PAY_MONTH}.txt`);
    const records = bytes
      .toString('latin1')
      .split('\r\n')
      .filter((r) => r.length > 0);
    for (const r of records) expect(Buffer.byteLength(r, 'latin1')).toBe(120);
    expect(records.map((r) => r[0])).toEqual(['1', '2', '8', '9']);
    const data = records[1]!;
    expect(data.slice(43, 50)).toBe('1234567');
    expect(Number(data.slice(80, 90))).toBe(AMOUNT);
    const trailer = records[2]!;
    expect(Number(trailer.slice(1, 7))).toBe(1);
    expect(Number(trailer.slice(7, 19))).toBe(AMOUNT);
  });

  it('downloads the statement PDF, renders its first page and finds the amount', async () => {
    const link = adminPage.getByRole('link', { name: `${workerName} さんの支払明細書（PDF）` });
    const { bytes } = await download(adminPage, link);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The PDF goes to a temp dir (only PNGs are ignored in the screenshots folder); its first page is rendered
    // there for review.
    const pdf = join(mkdtempSync(join(tmpdir(), 'kado-money-')), 'payout-statement.pdf');
    writeFileSync(pdf, bytes);
    mkdirSync(SCREENSHOTS, { recursive: true });
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      pdf,
      `${SCREENSHOTS}payout-statement`,
    ]);
    const png = [`${SCREENSHOTS}payout-statement-1.png`, `${SCREENSHOTS}payout-statement-01.png`].find(
      existsSync,
    );
    expect(png).toBeDefined();
    expect(statSync(png!).size).toBeGreaterThan(1000);
    const text = pdfText(bytes);
    expect(text).toContain(AMOUNT.toLocaleString('ja-JP'));
  });

  it('marks the run as paid: a future date is refused next to the field, then today records it', async () => {
    await adminPage.goto(runUrl);
    await settled(adminPage);
    const section = adminPage.getByTestId('run-paid');
    await section.waitFor();
    const date = adminPage.getByLabel(/振込日/);
    expect(await date.getAttribute('id')).toBe('paid-date');
    expect(await date.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await date.fill(TOMORROW);
    await adminPage.getByRole('button', { name: '振込済みにする' }).click();
    const error = adminPage.locator('#paid-date-error');
    await error.waitFor();
    expect(await textOf(error)).toContain('未来');
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    expect(await date.getAttribute('aria-describedby')).toContain('paid-date-error');
    expect(await textOf(adminPage.getByTestId('run-status'))).toBe('完了');
    await expectAccessible(adminPage, 'payout mark as paid with an error');
    await date.fill(TODAY);
    await adminPage.getByRole('button', { name: '振込済みにする' }).click();
    await expect.poll(() => textOf(adminPage.getByTestId('run-status'))).toBe('支払済み');
    const status = adminPage.getByTestId('paid-status');
    expect(await status.getAttribute('role')).toBe('status');
    expect(await textOf(status)).toContain(TODAY);
    expect(await textOf(adminPage.getByTestId('run-paid-on'))).toContain(TODAY);
    expect(await adminPage.getByRole('button', { name: '振込済みにする' }).count()).toBe(0);
    await expectAccessible(adminPage, 'payout paid');
    await screenshot(adminPage, 'payout-paid');
  });

  it('the worker finds the statement on their page', async () => {
    const { context, page } = await newPage(browser, SMALL_PHONE);
    try {
      await signInTo(page, base, WORKER, `/t/${TENANT}/statements`);
      const row = page.getByTestId('my-statements').getByRole('row', { name: new RegExp(PAY_MONTH) });
      await row.waitFor();
      expect(await textOf(row)).toContain(yen(AMOUNT));
      expect(await textOf(row.getByTestId('statement-state'))).toContain(`支払済み（${TODAY}）`);
      const { bytes } = await download(
        page,
        row.getByRole('link', { name: `${PAY_MONTH} 分の支払明細書（PDF）` }),
      );
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await expectAccessible(page, 'statements with a statement (phone)');
    } finally {
      await context.close();
    }
  });
});

describe('the budget after the payout', () => {
  it('shows the actual, the over-budget marker and the override reason', async () => {
    await adminPage.goto(`${base}/t/${TENANT}/budget`);
    await settled(adminPage);
    await adminPage.locator('#budget-fy').selectOption(String(FY));
    await adminPage.getByRole('button', { name: '表示する' }).click();
    await settled(adminPage);
    const row = adminPage.getByTestId('budget-lines').getByRole('row', { name: /外注費（ワーカー）/ });
    await row.waitFor();
    await expect.poll(() => textOf(row)).toContain('予算超過');
    expect(await textOf(row)).toContain(yen(AMOUNT));
    const movements = adminPage.getByTestId('budget-movements');
    expect(await textOf(movements)).toContain('10月補正予算の議決前のため');
    await expectAccessible(adminPage, 'budget over');
    await screenshot(adminPage, 'budget-over');
  });
});

describe('invoices', () => {
  it('the admin sets up the issuer', async () => {
    await adminPage.goto(`${base}/t/${TENANT}/invoices/settings`);
    await settled(adminPage);
    await adminPage.locator('#is-name').fill('大町市テレワークセンター');
    await adminPage.locator('#is-reg').fill(REGISTRATION);
    await adminPage.locator('#is-address').fill('長野県大町市大町3887');
    await adminPage.locator('#is-rounding').selectOption('down');
    await adminPage.locator('#is-terms').fill('30');
    await adminPage.locator('#is-bank').fill('八十二銀行 大町支店 普通 7654321 ｵｵﾏﾁｼﾃﾚﾜｰｸｾﾝﾀｰ');
    await expectAccessible(adminPage, 'invoice settings');
    await adminPage.getByRole('button', { name: '保存する' }).click();
    await expect.poll(() => textOf(adminPage.locator('.announcer'))).toContain('請求書の設定を保存しました');
  });

  it('creates an invoice with live totals rounded once per rate, and issues it', async () => {
    await adminPage.goto(`${base}/t/${TENANT}/invoices`);
    await settled(adminPage);
    await expectAccessible(adminPage, 'invoices');
    await adminPage.getByRole('link', { name: '請求書を作成する' }).click();
    await adminPage.waitForURL(`${base}/t/${TENANT}/invoices/new`);
    await settled(adminPage);
    await adminPage.locator('#inv-client').selectOption({ label: CLIENT });
    for (let i = 0; i < 3; i++) {
      if (i > 0) await adminPage.getByRole('button', { name: '行を追加する' }).click();
      await adminPage.locator(`#item-${i}-description`).fill(`データ入力 ${i + 1}`);
      await adminPage.locator(`#item-${i}-quantity`).fill('1');
      await adminPage.locator(`#item-${i}-price`).fill('105');
    }
    // ¥315 × 10 % = ¥31.5 → ¥31 (per-line rounding would give ¥30).
    await expect.poll(() => textOf(adminPage.getByTestId('invoice-grand-total'))).toBe(yen(346));
    expect(await textOf(adminPage.getByTestId('invoice-totals'))).toContain(yen(31));
    await expectAccessible(adminPage, 'invoice new');
    await screenshot(adminPage, 'invoice-new');
    // Saved from the keyboard: after a full-page screenshot a mouse click here can land on the form itself.
    await adminPage.getByRole('button', { name: '下書きとして保存' }).focus();
    await adminPage.keyboard.press('Enter');
    await adminPage.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    await settled(adminPage);
    expect(await textOf(adminPage.getByTestId('invoice-status'))).toBe('下書き');
    expect(await textOf(adminPage.getByTestId('invoice-total'))).toBe(yen(346));
    await adminPage.getByRole('button', { name: '発行する' }).click();
    await expect.poll(() => textOf(adminPage.getByTestId('invoice-status'))).toBe('発行済み');
    expect(await textOf(adminPage.locator('main h1'))).toMatch(/^請求書 \d{4}-\d{4}$/);
    expect(await textOf(adminPage.getByTestId('registration-number'))).toBe(REGISTRATION);
    await expectAccessible(adminPage, 'invoice detail');
    await screenshot(adminPage, 'invoice-issued');
    const { bytes } = await download(adminPage, adminPage.getByTestId('invoice-pdf'));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(bytes)).toContain(REGISTRATION);
  });

  it('lists the invoice as outstanding', async () => {
    await adminPage.goto(`${base}/t/${TENANT}/invoices`);
    await settled(adminPage);
    expect(await textOf(adminPage.getByTestId('receivables'))).toContain(yen(346));
    const row = adminPage.getByTestId('invoices').getByRole('row', { name: new RegExp(CLIENT) });
    expect(await textOf(row)).toContain('発行済み');
  });

  it('the client’s person sees the issued invoice in their own menu, read-only, and downloads its PDF', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInTo(page, base, CLIENT_PERSON, `/t/${TENANT}`);
      const nav = page.getByRole('navigation', { name: 'センターのメニュー' });
      await nav.getByRole('link', { name: '請求書', exact: true }).click();
      await page.waitForURL(`${base}/t/${TENANT}/invoices`);
      await settled(page);
      const row = page.getByTestId('invoices').getByRole('row', { name: new RegExp(CLIENT) });
      await row.waitFor();
      expect(await textOf(row)).toContain('発行済み');
      expect(await textOf(row)).toContain(yen(346));
      expect(await page.getByRole('link', { name: '請求書を作成する' }).count()).toBe(0);
      expect(await page.getByTestId('receivables').count()).toBe(0);
      expect(await page.locator('#inv-status option[value="draft"]').count()).toBe(0);
      await expectAccessible(page, 'invoices (client)');
      await row.getByRole('link').click();
      await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
      await settled(page);
      expect(await textOf(page.getByTestId('invoice-status'))).toBe('発行済み');
      expect(await textOf(page.getByTestId('registration-number'))).toBe(REGISTRATION);
      expect(await page.getByRole('button', { name: /入金を記録する|取り消す|発行する/ }).count()).toBe(0);
      await expectAccessible(page, 'invoice detail (client)');
      const { bytes, name } = await download(page, page.getByTestId('invoice-pdf'));
      expect(name).toMatch(/^invoice-\d{4}-\d{4}\.pdf$/);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdfText(bytes)).toContain(REGISTRATION);
    } finally {
      await context.close();
    }
  });

  it('records the payment: the invoice is paid', async () => {
    const row = adminPage.getByTestId('invoices').getByRole('row', { name: new RegExp(CLIENT) });
    await row.getByRole('link').click();
    await adminPage.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
    await settled(adminPage);
    expect(await adminPage.locator('#pay-amount').inputValue()).toBe('346');
    await adminPage.getByRole('button', { name: '入金を記録する' }).click();
    await expect.poll(() => textOf(adminPage.getByTestId('invoice-status'))).toBe('入金済み');
    expect(await textOf(adminPage.getByTestId('invoice-outstanding'))).toBe(yen(0));
    await expectAccessible(adminPage, 'invoice paid');
  });
});

describe('the director', () => {
  it('reads the budget and the invoices without the admins’ forms or the payouts', async () => {
    const { context, page } = await newPage(browser);
    try {
      await signInTo(page, base, `director@${TENANT}.kado.example`, `/t/${TENANT}/budget`);
      await page.locator('#budget-fy').selectOption(String(FY));
      await page.getByRole('button', { name: '表示する' }).click();
      await settled(page);
      await page
        .getByTestId('budget-lines')
        .getByRole('row', { name: /外注費（ワーカー）/ })
        .waitFor();
      expect(await page.locator('#line-amount').count()).toBe(0);
      await expectAccessible(page, 'budget (director)');
      const nav = page.getByRole('navigation', { name: 'センターのメニュー' });
      await nav.getByTestId('money-menu').click();
      expect(await nav.getByRole('link', { name: '報酬の支払い' }).count()).toBe(0);
      // Escape closes the group and gives the focus back to it; Enter opens it again.
      await nav.getByRole('link', { name: '予算', exact: true }).focus();
      await page.keyboard.press('Escape');
      expect(await nav.getByRole('link', { name: '請求書', exact: true }).isVisible()).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'money-menu',
      );
      await page.keyboard.press('Enter');
      await nav.getByRole('link', { name: '請求書', exact: true }).click();
      await page.waitForURL(`${base}/t/${TENANT}/invoices`);
      await settled(page);
      await page.getByTestId('invoices').waitFor();
      expect(await page.getByRole('link', { name: '請求書を作成する' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
