import { crc32, deflateSync } from 'node:zlib';
import type { Container } from 'inversify';
import { Database } from '../../db/database.js';
import { runInTenantScope } from '../../db/request-context.js';
import type { Role } from '../../db/schema.js';
import { CreateClientBody } from '../clients/client.schemas.js';
import { ClientsService } from '../clients/clients.service.js';
import { CreateContractBody } from '../contracts/contract.schemas.js';
import { ContractsService } from '../contracts/contracts.service.js';
import { CreateOrderBody } from '../orders/order.schemas.js';
import { OrdersService } from '../orders/orders.service.js';
import { PluginsService } from '../plugins/plugins.service.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { ImportsService } from './imports.service.js';
import { ProjectsService } from './projects.service.js';

const DEMO_TERMS_JA = [
  '業務委託約款（準委任）',
  '第1条（目的）センターは、ワーカーに対し、本約款及び個別の契約条件通知に定める業務を委託し、ワーカーはこれを受託する。',
  '第2条（報酬）報酬は、センターが承認した稼働時間に時間単価を乗じた額（円未満切り捨て）及び出来高報酬とする。',
  '第3条（支払）報酬は月末締め翌月末日払いとし、業務の提供を受けた日から60日以内に支払う。',
  '第4条（秘密保持）ワーカーは、業務上知り得た情報を第三者に開示してはならない。',
].join('\n');

/** No task can be claimed without an accepted agreement: every demo worker gets one, accepted, from 2020-04-01. */
export async function giveDemoContracts(
  container: Container,
  tenant: Parameters<typeof runInTenantScope>[0]['tenant'],
  workerIds: string[],
  as: <T>(role: Role, fn: () => Promise<T>) => Promise<T>,
) {
  const contracts = container.get(ContractsService);
  if (workerIds.length === 0) return;
  if ((await as('tenant_admin', () => contracts.listTerms())).length === 0)
    await as('tenant_admin', () =>
      contracts.createTerms({ textJa: DEMO_TERMS_JA, effectiveFrom: '2020-04-01' }),
    );
  for (const userId of workerIds) {
    if ((await as('tenant_admin', () => contracts.list(userId))).length > 0) continue;
    const offered = await as('tenant_admin', () =>
      contracts.create(
        CreateContractBody.parse({
          userId,
          hourlyRate: 1000,
          startsOn: '2020-04-01',
          work: 'データ入力・教師データ作成・シフト業務等（準委任）',
          place: 'センターまたは自宅',
        }),
      ),
    );
    await runInTenantScope({ tenant, role: 'worker', actor: { userId, tokenId: null } }, () =>
      contracts.accept(offered.id, offered.termsVersion, null),
    );
  }
}

/**
 * Demo work for a centre, so `npm start` shows something to do: the three work types enabled, every demo
 * worker qualified, a client company, and one running order of each type with its input imported (scans
 * and street photos drawn as SVG, a two-week shift calendar).
 */
export async function seedDemoWork(container: Container, slug: string) {
  const db = container.get(Database);
  const tenant = await container.get(TenantsService).findBySlug(slug);
  if (!tenant) throw new Error(`no tenant ${slug}`);
  const people = await db.withTenant(tenant.id, (tx) =>
    tx
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.email', 'memberships.role'])
      .execute(),
  );
  const admin = people.find((p) => p.role === 'tenant_admin' || p.role === 'hub_admin');
  const as = <T>(role: Role, fn: () => Promise<T>) =>
    runInTenantScope({ tenant, role, actor: { userId: admin?.id ?? null, tokenId: null } }, fn);
  const plugins = container.get(PluginsService);
  await plugins.host.ready();
  const installed = plugins.host.list().filter((p) => DEMO_ORDERS.some((o) => o.workType === p.id));
  await as('tenant_admin', async () => {
    for (const p of installed) await plugins.setEnabled(p.id, true);
  });
  const skills = [...new Set(installed.flatMap((p) => p.definition.skills as string[]))];
  await db.withTenant(tenant.id, async (tx) => {
    const workers = people.filter((p) => p.role === 'worker');
    if (workers.length > 0 && skills.length > 0)
      await tx
        .insertInto('worker_skills')
        .values(
          workers.flatMap((w) => skills.map((skill) => ({ tenant_id: tenant.id, user_id: w.id, skill }))),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
  });
  await giveDemoContracts(
    container,
    tenant,
    people.filter((p) => p.role === 'worker').map((p) => p.id),
    as,
  );
  const client = await as('tenant_admin', () =>
    container.get(ClientsService).create(
      CreateClientBody.parse({
        kind: 'company',
        name: '株式会社サンプル',
        contact: { person: '発注 担当', email: 'orders@sample.example.jp', phone: '0263-00-0000' },
        invoice: { billingAddress: '長野県塩尻市大門一番町12-2' },
      }),
    ),
  );
  const clientUser = people.find((p) => p.role === 'client');
  if (clientUser)
    await as('tenant_admin', () => container.get(ClientsService).linkUser(client.id, clientUser.id));

  for (const demo of DEMO_ORDERS.filter((o) => installed.some((p) => p.id === o.workType))) {
    const order = await as('director', () =>
      container
        .get(OrdersService)
        .create(CreateOrderBody.parse({ ...demo.order, workType: demo.workType, clientId: client.id })),
    );
    await as('director', () => container.get(OrdersService).transition(order.id, 'accepted'));
    const [project] = await as('director', () => container.get(ProjectsService).list({ orderId: order.id }));
    for (const [name, content] of demo.files()) {
      const type = name.endsWith('.png') ? 'image/png' : 'image/svg+xml';
      await as('director', () =>
        container.get(ProjectsService).putFile(project!.id, name, type, once(content)),
      );
    }
    const imports = container.get(ImportsService);
    const started = await as('director', () =>
      imports.start(project!.id, demo.format, `input.${demo.format}`, once(demo.input())),
    );
    // Run the import here rather than through the queue, so the demo is complete when the server is up.
    await imports.run(tenant.id, started.id, async () => {});
    await as('director', () => container.get(OrdersService).advance(order.id, 'accepted', 'in_progress'));
  }
}

async function* once(content: string | Uint8Array) {
  yield typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

const deadline = () => new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
const base = { contractType: 'ukeoi', quantity: 1000, unitPrice: 40, qualityTarget: 95 };

const PEOPLE = [
  ['山田 花子', '昭和60年3月3日', '399-0738', '長野県塩尻市大門七番町3-3'],
  ['佐藤 健太', '平成2年11月23日', '390-8620', '長野県松本市丸の内3-7'],
  ['鈴木 美咲', '令和元年5月1日', '399-6461', '長野県塩尻市宗賀1-2'],
  ['高橋 誠', '昭和48年7月7日', '508-8501', '岐阜県中津川市かやの木町2-1'],
  ['田中 由美', '平成15年4月1日', '384-2305', '長野県北佐久郡立科町芦田3-1'],
  ['伊藤 亮', '昭和55年12月31日', '399-8281', '長野県安曇野市豊科6000'],
] as const;

/** A scanned application form, drawn as SVG (fonts come from the viewer's system). */
const scan = ([
  name,
  born,
  postal,
  address,
]: readonly string[]) => `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="520" viewBox="0 0 800 520">
<rect width="800" height="520" fill="#fbfaf5"/><text x="40" y="60" font-size="30" font-family="serif">住民アンケート 回答用紙</text>
${[
  ['氏名', name],
  ['生年月日', born],
  ['郵便番号', postal],
  ['住所', address],
]
  .map(
    ([label, value], i) =>
      `<text x="40" y="${140 + i * 90}" font-size="20" fill="#444">${label}</text><rect x="200" y="${105 + i * 90}" width="560" height="55" fill="none" stroke="#888"/><text x="215" y="${143 + i * 90}" font-size="28" font-family="cursive" fill="#1a237e">${value}</text>`,
  )
  .join('')}
</svg>`;

/** A street photo stand-in: sky, road, two cars and a person as filled rectangles, encoded as PNG. */
function street(n: number): Uint8Array {
  const [w, h] = [640, 480];
  const rgb = Buffer.alloc(w * h * 3);
  const fill = (x: number, y: number, width: number, height: number, [r, g, b]: number[]) => {
    for (let row = y; row < Math.min(h, y + height); row++)
      for (let col = x; col < Math.min(w, x + width); col++) rgb.set([r!, g!, b!], (row * w + col) * 3);
  };
  fill(0, 0, w, 300, [207, 232, 252]);
  fill(0, 300, w, 180, [85, 85, 85]);
  fill(60 + n * 30, 320, 160, 70, [198, 40, 40]);
  fill(380 - n * 20, 340, 180, 80, [21, 101, 192]);
  fill(290 + n * 10, 215, 22, 90, [46, 125, 50]);
  return png(w, h, rgb);
}

/** The smallest valid PNG: 8-bit RGB, one IDAT, no filtering. */
function png(width: number, height: number, rgb: Buffer): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const DEMO_ORDERS = [
  {
    workType: 'data-entry',
    order: {
      ...base,
      title: '住民アンケート 紙回答のデータ入力',
      deadline: deadline(),
      parameters: {
        form: {
          fields: [
            { key: 'name', label: { ja: '氏名', en: 'Name' }, type: 'text' },
            { key: 'birthDate', label: { ja: '生年月日', en: 'Date of birth' }, type: 'date' },
            { key: 'postalCode', label: { ja: '郵便番号', en: 'Postal code' }, type: 'postal-code' },
            { key: 'address', label: { ja: '住所', en: 'Address' }, type: 'text' },
          ],
        },
        encoding: 'shift_jis',
      },
    },
    files: () => PEOPLE.map((p, i) => [`survey-${i + 1}.svg`, scan(p)] as const),
    format: 'csv',
    input: () => `scan,reference\n${PEOPLE.map((_, i) => `survey-${i + 1}.svg,回答-${i + 1}`).join('\n')}\n`,
  },
  {
    workType: 'image-annotation',
    order: {
      ...base,
      title: '自動運転向け 教師データ作成（車両・歩行者）',
      deadline: deadline(),
      parameters: { labels: ['car', 'person'], instructions: '車と人を枠で囲んでください' },
    },
    files: () => Array.from({ length: 6 }, (_, i) => [`street-${i + 1}.png`, street(i)] as const),
    format: 'images',
    input: () =>
      `file,width,height\n${Array.from({ length: 6 }, (_, i) => `street-${i + 1}.png,640,480`).join('\n')}\n`,
  },
  {
    workType: 'shift-operations',
    order: {
      contractType: 'jun_inin',
      hours: 400,
      hourlyRate: 1000,
      qualityTarget: 95,
      title: 'AIオンデマンドバス 予約オペレーター',
      deadline: deadline(),
      parameters: {
        service: { ja: 'AIオンデマンドバス オペレーション', en: 'AI on-demand bus operations' },
        place: 'either',
        slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', staff: 2 }],
      },
    },
    files: () => [],
    format: 'calendar',
    input: () => {
      const start = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
      const end = new Date(Date.now() + 14 * 24 * 3600_000).toISOString().slice(0, 10);
      return `from,to\n${start},${end}\n`;
    },
  },
] as const;
