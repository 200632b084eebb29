/**
 * One end-to-end test per work-type plugin (issue #4): a director creates an order in the order form and
 * imports its input on the project page, two workers do the tasks on a 360×740 phone (each in their own
 * browser profile), a director reviews or adjudicates in /reviews, the director builds the deliverable and
 * the client downloads it from their order page; the test then opens the file and checks its contents.
 * Each plugin runs in its own centre, so no test offers another's tasks. Setup that is not the point (the
 * work type enabled, the client company, the workers' skills, the golden rate) goes through the API.
 * Run: `npm run build -w @kado/ui`, then `npx vitest run --config ui/e2e/vitest.config.ts ui/e2e/plugins.e2e.ts`.
 */
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launch, newPage, screenshot, settled, signInTo } from './support/browser.ts';
import {
  apiSession,
  buildDeliverable,
  createOrderInUi,
  downloadAsClient,
  importInput,
  png,
  prepareCentre,
  reviewQueue,
  SMALL_PHONE,
  textOf,
  uploadFiles,
} from './support/flows.ts';
import { type Kado, startKado } from './support/server.ts';

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

/** The golden rate set to 0 through the API: these imports bring no golden tasks. */
async function noGolden(tenant: string, projectId: string): Promise<void> {
  const director = await apiSession(browser, base, `director@${tenant}.kado.example`);
  await director.call('PATCH', `/t/${tenant}/projects/${projectId}`, { goldenPercent: 0 });
  await director.context.close();
}

/** A director's page (desktop), with page errors logged. */
async function directorPage(tenant: string): Promise<Page> {
  const { page } = await newPage(browser);
  page.on('pageerror', (e) => console.error('pageerror', e));
  await signInTo(page, base, `director@${tenant}.kado.example`, `/t/${tenant}`);
  return page;
}

describe('shift operations: review', () => {
  const TENANT = 'tateshina';
  const TITLE = '立科町 AIオンデマンドバス オペレーション（2027年4月）';
  const REPORT = '対応件数（予約・電話・問い合わせ）';

  it('director orders and imports a calendar, two workers report shifts, review, xlsx roster to the client', async () => {
    const centre = await prepareCentre(browser, base, TENANT, 'shift-operations', '立科町 企画課');
    const director = await directorPage(TENANT);

    // 1. The director registers the order with the shift editor (one 09:00–13:00 slot, two seats) and accepts it.
    const { orderId, projectId } = await createOrderInUi(director, base, TENANT, {
      clientName: centre.clientName,
      title: TITLE,
      workType: 'shift-operations',
      pricing: { hours: 8, hourlyRate: 1100 },
      deadline: '2027-04-30',
      shot: 'plugins-shift-order-new',
      parameters: async (page) => {
        await page.locator('#order-param-service-ja').fill('AIオンデマンドバス オペレーション');
        await page.locator('#order-param-service-en').fill('AI on-demand bus operations');
        await page.locator('#order-param-s0-start').fill('09:00');
        await page.locator('#order-param-s0-end').fill('13:00');
        await page.locator('#order-param-s0-staff').fill('2');
      },
    });
    await noGolden(TENANT, projectId);

    // 2. A calendar (one Monday) becomes one shift with two seats.
    await importInput(
      director,
      'calendar',
      { name: 'april.csv', mimeType: 'text/csv', buffer: Buffer.from('date\n2027-04-05\n') },
      2,
    );
    await expectAccessible(director, 'project (shift-operations imported)');
    await screenshot(director, 'plugins-shift-project');

    // 3. Each worker, on a small phone, signs up for a seat, starts it and hands in a shift report.
    for (const [i, worker] of centre.workers.entries()) {
      const { context, page } = await newPage(browser, SMALL_PHONE);
      await signInTo(page, base, worker.email, `/t/${TENANT}/work`);
      await expect.poll(() => page.getByTestId('open-shift').count()).toBe(2 - i);
      await page
        .getByRole('button', { name: /4月5日（月） 09:00〜13:00 のシフトに申し込む/ })
        .first()
        .click();
      await expect.poll(() => page.getByTestId('signed-up-shift').count()).toBe(1);
      await page.getByLabel('時間を指定しない').check();
      await page.getByRole('button', { name: '次の作業を始める' }).click();
      await page.waitForURL(/\/work\/[0-9a-f-]{36}$/);
      await settled(page);
      await page.getByLabel(REPORT).waitFor();
      expect(await textOf(page.getByTestId('task-host'))).toContain('2027年4月5日（月）');
      await page.getByLabel(REPORT).fill(String(10 + i));
      if (i === 0) {
        await expectAccessible(page, 'shift-operations workspace (phone)');
        await screenshot(page, 'plugins-shift-work-phone');
      }
      await page.getByRole('button', { name: '提出', exact: true }).click();
      await page.getByTestId('submitted').waitFor();
      await context.close();
    }

    // 4. The director accepts the first report and returns the second with a comment.
    const queue = await reviewQueue(director, base, TENANT, 2);
    expect(await textOf(queue)).toContain(TITLE);
    await queue
      .getByRole('link', { name: /^作業 \d+$/ })
      .first()
      .click();
    await director.waitForURL(/\/reviews\/[0-9a-f-]{36}$/);
    await settled(director);
    await director.getByRole('heading', { name: /回答 1/ }).waitFor();
    const first = director.url();
    await director.getByRole('button', { name: '承認する' }).click();
    // The next report in the queue opens by itself (a page of its own: wait for the address to change).
    await director.waitForURL(
      (url) => url.toString() !== first && /\/reviews\/[0-9a-f-]{36}$/.test(url.pathname),
    );
    await settled(director);
    await expect.poll(() => director.getByRole('button', { name: '承認する' }).count()).toBe(1);
    const second = director.url();
    await director.getByRole('heading', { name: /回答 1/ }).waitFor();
    const byline = await textOf(director.getByRole('heading', { name: /回答 1/ }));
    const fixer = centre.workers.find((w) => byline.includes(w.name));
    expect(fixer).toBeDefined();
    const comment = '対応件数を予約システムの件数（15 件）に合わせてください。';
    await director.locator('#review-comment').fill(comment);
    await director.getByRole('button', { name: 'コメントを付けて差し戻す' }).click();
    await director.waitForURL(/\/reviews$/);
    await settled(director);
    await director.getByText('確認待ちの作業はありません').waitFor();

    // 5. That worker reads the comment, fixes the report and hands it in again.
    {
      const { context, page } = await newPage(browser, SMALL_PHONE);
      await signInTo(page, base, fixer!.email, `/t/${TENANT}/work`);
      const card = page.getByTestId('returned-task');
      await card.waitFor();
      expect(await textOf(card)).toContain(comment);
      await card.getByRole('button', { name: /直して提出する/ }).click();
      await page.waitForURL(second.replace('/reviews/', '/work/'));
      await settled(page);
      await page.getByLabel(REPORT).fill('15');
      await page.getByRole('button', { name: '提出', exact: true }).click();
      await page.getByTestId('submitted').waitFor();
      await context.close();
    }

    // 6. The director accepts the fixed report.
    const again = await reviewQueue(director, base, TENANT, 1);
    await again.getByRole('link', { name: /^作業 \d+$/ }).click();
    await director.waitForURL(second);
    await settled(director);
    await director.getByRole('button', { name: '承認する' }).click();
    await director.waitForURL(/\/reviews$/);
    await director.getByText('確認待ちの作業はありません').waitFor();

    // 7. The roster (xlsx) is built on the project page and the client downloads it.
    const fileName = await buildDeliverable(director, base, TENANT, projectId, 'xlsx');
    expect(fileName).toMatch(/\.xlsx$/);
    await screenshot(director, 'plugins-shift-deliverable');
    await director.context().close();
    const bytes = await downloadAsClient(
      browser,
      base,
      TENANT,
      orderId,
      fileName,
      'plugins-shift-client-phone',
    );

    // 8. The workbook opens; the roster lists both seats with the workers' names and the reports.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const roster = book.getWorksheet('シフト表 (Roster)');
    expect(roster).toBeDefined();
    const header = (roster!.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header[0]).toBe('日付 / Date');
    const worker = header.indexOf('ワーカー / Worker') + 1;
    const start = header.indexOf('開始 / Start') + 1;
    const handled = header.indexOf('対応件数 / Handled') + 1;
    expect(worker).toBeGreaterThan(0);
    const rows = [2, 3].map((n) => roster!.getRow(n));
    expect(rows.map((r) => String(r.getCell(start).value))).toEqual(['09:00', '09:00']);
    expect(rows.map((r) => String(r.getCell(worker).value)).sort()).toEqual(
      centre.workers.map((w) => w.name).sort(),
    );
    // The first report (10 or 11) was accepted as handed in; the returned one was fixed to 15.
    const kept = fixer === centre.workers[0] ? 11 : 10;
    expect(rows.map((r) => Number(r.getCell(handled).value)).sort()).toEqual([kept, 15].sort());
    for (const r of rows) expect((r.getCell(1).value as Date).toISOString().slice(0, 10)).toBe('2027-04-05');
    expect(roster!.getRow(4).getCell(worker).value ?? null).toBeNull();
    const hours = book.getWorksheet('稼働時間 (Hours)');
    expect(hours).toBeDefined();
  }, 240_000);
});

describe('data entry: double entry and adjudication', () => {
  const TENANT = 'azumino';
  const TITLE = '安曇野市 子育て世帯アンケート 入力（2027年度）';
  // What the two scans say; worker A misreads the second name's 髙 (はしごだか) as 高.
  const SCANS: Record<string, { name: [string, string]; birth: string; recorded: string }> = {
    'scan-0001.png': { name: ['山田 太郎', '山田 太郎'], birth: '令和6年4月1日', recorded: '2024-04-01' },
    'scan-0002.png': { name: ['高橋 花子', '髙橋 花子'], birth: '2000/2/29', recorded: '2000-02-29' },
  };

  it('director orders a form and imports a scan list, two workers key it, the director adjudicates, Shift_JIS CSV to the client', async () => {
    const centre = await prepareCentre(browser, base, TENANT, 'data-entry', '安曇野市 子ども支援課');
    const director = await directorPage(TENANT);

    // 1. The director registers the order with a two-field form (氏名 text, 生年月日 date) and accepts it.
    const { orderId, projectId } = await createOrderInUi(director, base, TENANT, {
      clientName: centre.clientName,
      title: TITLE,
      workType: 'data-entry',
      pricing: { quantity: 2, unitPrice: 60 },
      deadline: '2027-06-30',
      shot: 'plugins-data-entry-order-new',
      parameters: async (page) => {
        await page.locator('#order-param-f0-key').fill('name');
        await page.locator('#order-param-f0-label-ja').fill('氏名');
        await page.locator('#order-param-f0-label-en').fill('Name');
        await page.getByRole('button', { name: '項目を追加' }).click();
        await page.locator('#order-param-f1-key').fill('birthDate');
        await page.locator('#order-param-f1-label-ja').fill('生年月日');
        await page.locator('#order-param-f1-label-en').fill('Date of birth');
        await page.locator('#order-param-f1-type').selectOption('date');
      },
    });
    await noGolden(TENANT, projectId);

    // 2. Two scanned pages are uploaded, then the scan list (CSV) is imported: one task per page.
    await uploadFiles(
      director,
      Object.keys(SCANS).map((name, i) => ({
        name,
        mimeType: 'image/png',
        buffer: png(120, 160, i === 0 ? [250, 250, 240] : [240, 245, 250]),
      })),
    );
    const list = '画像,参照\nscan-0001.png,安曇野-0001\nscan-0002.png,安曇野-0002\n';
    await importInput(
      director,
      'csv',
      { name: 'scans.csv', mimeType: 'text/csv', buffer: Buffer.from(list) },
      2,
    );
    await screenshot(director, 'plugins-data-entry-project');

    // 3. Each worker, on a small phone, keys both pages through the data-entry workspace.
    for (const [w, worker] of centre.workers.entries()) {
      const { context, page } = await newPage(browser, SMALL_PHONE);
      await signInTo(page, base, worker.email, `/t/${TENANT}/work`);
      await page.getByRole('button', { name: '次の作業を始める' }).click();
      for (let item = 0; item < 2; item++) {
        await page.waitForURL(/\/work\/[0-9a-f-]{36}$/);
        await settled(page);
        const scan = page.locator('[data-testid="task-host"] img');
        await scan.waitFor();
        // Which page this is: the scan's alt text names it.
        const alt = (await scan.getAttribute('alt')) ?? '';
        const data = Object.entries(SCANS).find(([name]) => alt.includes(name))?.[1];
        if (!data) throw new Error(`unexpected scan: ${alt}`);
        await page.getByLabel('氏名').fill(data.name[w] ?? '');
        await page.getByLabel('生年月日').fill(data.birth);
        // The live hint says how the date is recorded.
        await expect
          .poll(() => textOf(page.getByTestId('task-host')))
          .toContain(`${data.recorded} として記録`);
        if (w === 0 && item === 0) {
          await expectAccessible(page, 'data-entry workspace (phone)');
          await screenshot(page, 'plugins-data-entry-work-phone');
        }
        await page.getByRole('button', { name: '提出', exact: true }).click();
        await page.getByTestId('submitted').waitFor();
        if (item === 0) await page.getByRole('button', { name: '次の作業へ' }).click();
      }
      await context.close();
    }

    // 4. The first page agreed and was accepted by itself; the second waits for the director's decision.
    const queue = await reviewQueue(director, base, TENANT, 1);
    expect(await textOf(queue)).toContain('不一致の裁定待ち');
    await expectAccessible(director, 'reviews (disagreement)');
    await queue.getByRole('link', { name: /^作業 \d+$/ }).click();
    await director.waitForURL(/\/reviews\/[0-9a-f-]{36}$/);
    await settled(director);
    const differences = director.locator('section', { has: director.locator('#diff-heading') });
    await differences.waitFor();
    expect(await textOf(differences.locator('li'))).toBe('/values/name');
    // Both entries are shown side by side.
    await director.getByRole('heading', { name: /回答 2/ }).waitFor();
    const main = await textOf(director.locator('main'));
    expect(main).toContain('この内容で確定');
    const entries = await director
      .locator('main input[type="text"]:disabled')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(entries).toEqual(expect.arrayContaining(['高橋 花子', '髙橋 花子']));
    await expectAccessible(director, 'review (adjudication)');
    await screenshot(director, 'plugins-data-entry-adjudicate');
    // The director sets the name as the scan spells it and confirms.
    const decision = director.locator('section.decision');
    await decision.getByLabel('氏名').fill('髙橋 花子');
    await director.getByRole('button', { name: 'この内容で確定' }).click();
    await director.waitForURL(/\/reviews$/);
    await settled(director);
    await director.getByText('確認待ちの作業はありません').waitFor();

    // 5. The Shift_JIS CSV is built and the client downloads it.
    const fileName = await buildDeliverable(director, base, TENANT, projectId, 'csv-sjis');
    expect(fileName).toMatch(/\.csv$/);
    await director.context().close();
    const bytes = await downloadAsClient(
      browser,
      base,
      TENANT,
      orderId,
      fileName,
      'plugins-data-entry-client-phone',
    );

    // 6. It decodes as Shift_JIS: the header, then one row per page with the normalised values.
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const csv = new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
    const lines = csv.split(/\r?\n/).filter((l) => l !== '');
    expect(lines[0]).toBe('参照 (reference),画像 (scan),氏名 (name),生年月日 (birthDate)');
    expect(lines.slice(1).sort()).toEqual([
      '安曇野-0001,scan-0001.png,山田 太郎,2024-04-01',
      '安曇野-0002,scan-0002.png,髙橋 花子,2000-02-29',
    ]);
  }, 240_000);
});

describe('image annotation: consensus', () => {
  const TENANT = 'nakatsugawa';
  const TITLE = '中津川市 道路画像 教師データ作成（試行）';
  const IMAGE = { name: 'street-001.png', width: 200, height: 100 };

  it('director orders labels and imports an image list, two workers draw agreeing boxes, COCO to the client', async () => {
    const centre = await prepareCentre(browser, base, TENANT, 'image-annotation', '中津川市 建設課');
    const director = await directorPage(TENANT);

    // 1. The director registers the order with two labels (car, person) and accepts it.
    const { orderId, projectId } = await createOrderInUi(director, base, TENANT, {
      clientName: centre.clientName,
      title: TITLE,
      workType: 'image-annotation',
      pricing: { quantity: 1, unitPrice: 80 },
      deadline: '2027-05-31',
      shot: 'plugins-annotation-order-new',
      parameters: async (page) => {
        await page.locator('#order-param-label-0').fill('car');
        await page.getByRole('button', { name: 'ラベルを追加' }).click();
        await page.locator('#order-param-label-1').fill('person');
      },
    });
    await noGolden(TENANT, projectId);

    // 2. One image is uploaded and the image list imported: one task.
    await uploadFiles(director, [
      { name: IMAGE.name, mimeType: 'image/png', buffer: png(IMAGE.width, IMAGE.height, [90, 110, 130]) },
    ]);
    const list = `file,width,height\n${IMAGE.name},${IMAGE.width},${IMAGE.height}\n`;
    await importInput(
      director,
      'images',
      { name: 'images.csv', mimeType: 'text/csv', buffer: Buffer.from(list) },
      1,
    );
    await screenshot(director, 'plugins-annotation-project');

    // 3. Each worker, on a small phone, adds a "car" box with the keyboard (N, then → twice) and hands it in.
    for (const [w, worker] of centre.workers.entries()) {
      const { context, page } = await newPage(browser, SMALL_PHONE);
      await signInTo(page, base, worker.email, `/t/${TENANT}/work`);
      await page.getByRole('button', { name: '次の作業を始める' }).click();
      await page.waitForURL(/\/work\/[0-9a-f-]{36}$/);
      await settled(page);
      const canvas = page.getByRole('application', { name: /画像の注釈エリア/ });
      await canvas.waitFor();
      // The canvas is editable once the image has loaded (its outline layer appears).
      await page.locator('[data-testid="task-host"] svg').waitFor({ state: 'attached' });
      await page.getByRole('combobox', { name: '新しい枠のラベル' }).selectOption('car');
      await canvas.focus();
      await page.keyboard.press('n');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.getByRole('button', { name: '枠 1 を選択' }).waitFor();
      expect(await textOf(page.getByTestId('task-host'))).toContain('84, 40 · 40×20');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      if (w === 0) {
        await expectAccessible(page, 'image-annotation workspace (phone)');
        await screenshot(page, 'plugins-annotation-work-phone');
      }
      await page.getByRole('button', { name: '提出', exact: true }).click();
      await page.getByTestId('submitted').waitFor();
      await context.close();
    }

    // 4. The two boxes agree (IoU 1): accepted by consensus, nothing waits for the director.
    await reviewQueue(director, base, TENANT, 0);
    await director.getByText('確認待ちの作業はありません').waitFor();

    // 5. The COCO file is built and the client downloads it.
    const fileName = await buildDeliverable(director, base, TENANT, projectId, 'coco');
    expect(fileName).toMatch(/\.json$/);
    await director.context().close();
    const bytes = await downloadAsClient(
      browser,
      base,
      TENANT,
      orderId,
      fileName,
      'plugins-annotation-client-phone',
    );

    // 6. It parses as COCO instances JSON with the agreed box.
    const coco = JSON.parse(bytes.toString('utf8')) as {
      images: { id: number; file_name: string; width: number; height: number }[];
      annotations: { image_id: number; category_id: number; bbox: number[]; iscrowd: number }[];
      categories: { id: number; name: string }[];
    };
    expect(coco.categories.map((c) => c.name)).toEqual(['car', 'person']);
    expect(coco.images).toHaveLength(1);
    expect(coco.images[0]).toMatchObject({ file_name: IMAGE.name, width: IMAGE.width, height: IMAGE.height });
    expect(coco.annotations).toHaveLength(1);
    const [annotation] = coco.annotations;
    expect(annotation?.bbox).toHaveLength(4);
    expect(annotation?.bbox.every((n) => typeof n === 'number')).toBe(true);
    expect(annotation?.bbox).toEqual([84, 40, 40, 20]);
    expect(annotation?.image_id).toBe(coco.images[0]?.id);
    expect(coco.categories.find((c) => c.id === annotation?.category_id)?.name).toBe('car');
    expect(annotation?.iscrowd).toBe(0);
  }, 240_000);
});
