import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, tokyoMonth } from '../../src/kernel/tokyo.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/modules/tenants/demo-seed.js';
import { TENANTS_DIR } from '../../src/server.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/work-flow.js';

/**
 * Issue #8's end-to-end path on the demo network (Shiojiri and three partner cities from tenants/): the hub
 * shares an image-annotation order of 10,000 tasks among four centres, the allocation meets the deadline,
 * workers of two partners complete tasks, one partner falls behind and the hub moves its work, the hub
 * delivers one deliverable, and the month's settlement statements match on both sides to the yen.
 *
 * Everything goes through the HTTP API except the passing of time: the weeks of annotation after the first
 * real hand-ins are written in bulk by the database owner (marked below), as is moving the acceptances into
 * the last (closed) month so it can be settled.
 */
const PARTNERS = ['matsumoto', 'tateshina', 'itoigawa'] as const;
const CENTRES = ['shiojiri', ...PARTNERS] as const;
const TASKS = 10_000;
const BOX = {
  imageWidth: 1280,
  imageHeight: 720,
  boxes: [{ x: 40, y: 60, width: 200, height: 120, label: 'car' }],
};

let t: TestApp;
const admin: Record<string, Client> = {};
const tenantId: Record<string, string> = {};
const s: Record<string, string> = {};
type Offer = {
  id: string;
  partner: { slug: string };
  tasks: number;
  unitPrice: number;
  partnerProjectId: string;
};
const offers: Record<string, Offer> = {};

const signIn = (email: string) => t.signIn(email, DEMO_PASSWORD);

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true, tenants: false });
  const dir = mkdtempSync(join(tmpdir(), 'kado-network-'));
  for (const slug of CENTRES) cpSync(join(TENANTS_DIR, slug), join(dir, slug), { recursive: true });
  await seedDemo(t.container, dir, { work: true });
  for (const slug of CENTRES) {
    admin[slug] = await signIn(`admin@${slug}.kado.example`);
    tenantId[slug] = (await admin[slug].get(`/api/t/${slug}`).expect(200)).body.id;
  }
}, 300_000);

/** A partner worker, signed in, with hours all day so the test can claim at any time of day. */
async function workerOf(slug: string, n: number) {
  const worker = await signIn(`worker0${n}@${slug}.kado.example`);
  const day = [{ start: '00:00', end: '24:00' }];
  await worker
    .put(`/api/t/${slug}/me/availability`, {
      pattern: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
      worksOnHolidays: true,
    })
    .expect(200);
  return worker;
}

/** The weeks of work after the real hand-ins, simulated: every task left in a project accepted in bulk. */
async function finishInBulk(slug: string, projectId: string, exceptShared = false) {
  await t.db.asOwner(async (tx) => {
    const worker = await sql<{ user_id: string }>`
      SELECT user_id FROM memberships WHERE tenant_id = ${tenantId[slug]} AND role = 'worker' LIMIT 1`.execute(
      tx,
    );
    await sql`
      WITH todo AS (
        SELECT id FROM tasks WHERE tenant_id = ${tenantId[slug]} AND project_id = ${projectId}
          AND expected IS NULL AND status <> 'accepted' AND (${exceptShared} = false OR status <> 'shared')),
      handed AS (
        INSERT INTO submissions (tenant_id, task_id, project_id, worker_id, payload, verdict, agreement)
        SELECT ${tenantId[slug]}, id, ${projectId}, ${worker.rows[0]!.user_id}, ${JSON.stringify(BOX)}::jsonb, 'accepted', 1
        FROM todo RETURNING id, task_id)
      UPDATE tasks SET status = 'accepted', accepted_submission_id = handed.id, accepted_at = now(),
        submitted_count = needed, active_count = 0, lease_expires_at = NULL
      FROM handed WHERE tasks.tenant_id = ${tenantId[slug]} AND tasks.id = handed.task_id`.execute(tx);
  });
}

// Heavy work on 10,000 tasks (import, copies, collection, export): generous when the whole suite runs at once.
describe('the demo network shares 10,000 image-annotation tasks', { timeout: 300_000 }, () => {
  it('proposes a split among four centres that meets the deadline, and sends it', async () => {
    const hub = admin.shiojiri!;
    const client = (
      await hub.post('/api/t/shiojiri/clients', { kind: 'company', name: '自動運転AI株式会社' }).expect(201)
    ).body;
    const order = (
      await hub
        .post('/api/t/shiojiri/orders', {
          clientId: client.id,
          title: '車載カメラ画像の教師データ 10,000枚',
          workType: 'image-annotation',
          parameters: { labels: ['car', 'person', 'sign'] },
          contractType: 'ukeoi',
          quantity: TASKS,
          unitPrice: 120,
          deadline: new Date(Date.now() + 21 * DAY_MS).toISOString(),
          qualityTarget: 95,
        })
        .expect(201)
    ).body;
    await hub
      .post(`/api/t/shiojiri/orders/${order.id}/transitions`, {
        to: 'accepted',
        budgetOverride: { reason: 'ワークシェアで各センターが実施' },
      })
      .expect(200);
    s.order = order.id;
    s.project = (await hub.get(`/api/t/shiojiri/projects?orderId=${order.id}`).expect(200)).body[0].id;
    const csv = `file,width,height\n${Array.from({ length: TASKS }, (_, i) => `cam-${String(i + 1).padStart(5, '0')}.jpg,1280,720`).join('\n')}\n`;
    const started = await hub
      .post(`/api/t/shiojiri/projects/${s.project}/imports?format=images&name=images.csv`)
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(202);
    const imported = await waitFor(
      hub,
      `/api/t/shiojiri/projects/${s.project}/imports/${started.body.id}`,
      120_000,
    );
    expect(imported).toMatchObject({ status: 'done', imported: TASKS });

    const share = (await hub.post(`/api/t/shiojiri/orders/${order.id}/share`, {}).expect(201)).body;
    s.share = share.id;
    const p = share.proposal;
    expect(p.feasible, JSON.stringify(p.message)).toBe(true);
    expect(p.centres.map((c: { slug: string }) => c.slug).sort()).toEqual([...CENTRES].sort());
    expect(p.centres.reduce((a: number, c: { tasks: number }) => a + c.tasks, 0)).toBe(TASKS);
    for (const c of p.centres) {
      expect(c.tasks, c.slug).toBeGreaterThan(0);
      // Within capacity until the deadline: that is what meeting the deadline means here.
      expect(c.tasks, c.slug).toBeLessThanOrEqual(c.capacityTasks);
      expect(c.explanation.ja, c.slug).not.toBe('');
    }
    const sent = (await hub.post(`/api/t/shiojiri/shares/${share.id}/send`, {}).expect(200)).body;
    expect(sent.offers.map((o: Offer) => o.partner.slug).sort()).toEqual([...PARTNERS].sort());
  });

  it('each partner accepts its own offer and gets its own project', async () => {
    for (const slug of PARTNERS) {
      const mine = (await admin[slug]!.get(`/api/t/${slug}/offers`).expect(200)).body as Offer[];
      expect(mine).toHaveLength(1);
      const accepted = (await admin[slug]!.post(`/api/t/${slug}/offers/${mine[0]!.id}/accept`).expect(200))
        .body;
      offers[slug] = accepted;
      const project = (
        await admin[slug]!.get(`/api/t/${slug}/projects/${accepted.partnerProjectId}`).expect(200)
      ).body;
      expect(project.progress.total).toBe(accepted.tasks);
      // Partners never see each other's offers.
      for (const other of PARTNERS.filter((o) => o !== slug))
        await admin[other]!.get(`/api/t/${other}/offers/${accepted.id}`).expect(404);
    }
  });

  it('workers of two partners complete tasks with the usual "next task" and consensus check', async () => {
    for (const slug of ['matsumoto', 'tateshina']) {
      const [first, second] = [await workerOf(slug, 1), await workerOf(slug, 2)];
      const projectId = offers[slug]!.partnerProjectId;
      for (let i = 0; i < 3; i++) {
        const task = (await first.post(`/api/t/${slug}/tasks/next`, { projectId }).expect(200)).body.task;
        expect(task.payload.image.file).toMatch(/^cam-\d{5}\.jpg$/);
        await second.post(`/api/t/${slug}/tasks/${task.id}/claim`).expect(200);
        for (const w of [first, second])
          await w.post(`/api/t/${slug}/tasks/${task.id}/submit`, { submission: BOX }).expect(200);
      }
      const project = (await admin[slug]!.get(`/api/t/${slug}/projects/${projectId}`).expect(200)).body;
      expect(project.progress.accepted).toBe(3);
    }
    const board = (await admin.shiojiri!.get(`/api/t/shiojiri/shares/${s.share}/board`).expect(200)).body;
    for (const slug of ['matsumoto', 'tateshina']) {
      const line = board.centres.find((c: { slug: string }) => c.slug === slug);
      expect(line.progress.accepted).toBe(3);
      expect(
        line.workers.map((w: { pseudonym: string }) => w.pseudonym).every((p: string) => /^W-/.test(p)),
      ).toBe(true);
    }
    expect(JSON.stringify(board)).not.toContain('kado.example');
  });

  it('flags the partner that is behind, and the hub moves its work to another centre, which accepts it', async () => {
    // Three days pass with nothing done at Itoigawa.
    await t.db.asOwner((tx) =>
      sql`UPDATE hub_offers SET responded_at = now() - interval '3 days' WHERE id = ${offers.itoigawa!.id}`.execute(
        tx,
      ),
    );
    const hub = admin.shiojiri!;
    const board = (await hub.get(`/api/t/shiojiri/shares/${s.share}/board`).expect(200)).body;
    expect(board.behind).toEqual(['itoigawa']);
    const planned = board.centres.find((c: { slug: string }) => c.slug === 'itoigawa').planned as number;
    const moved = (
      await hub
        .post(`/api/t/shiojiri/shares/${s.share}/moves`, {
          fromOfferId: offers.itoigawa!.id,
          toTenantId: tenantId.matsumoto,
          tasks: planned,
        })
        .expect(200)
    ).body;
    expect(moved.centres.find((c: { slug: string }) => c.slug === 'itoigawa').planned).toBe(0);
    const offer = (
      (await admin.matsumoto!.get('/api/t/matsumoto/offers').expect(200)).body as (Offer & {
        status: string;
      })[]
    ).find((o) => o.status === 'offered')!;
    expect(offer.tasks).toBe(planned);
    offers.matsumotoMoved = (
      await admin.matsumoto!.post(`/api/t/matsumoto/offers/${offer.id}/accept`).expect(200)
    ).body;
  });

  it('delivers one deliverable of all 10,000 results', async () => {
    const hub = admin.shiojiri!;
    await finishInBulk('shiojiri', s.project!, true);
    for (const o of [offers.matsumoto!, offers.tateshina!, offers.matsumotoMoved!])
      await finishInBulk(o.partner.slug, o.partnerProjectId);
    const started = (
      await hub.post(`/api/t/shiojiri/shares/${s.share}/deliver`, { format: 'coco' }).expect(202)
    ).body;
    const done = await waitFor(hub, `/api/t/shiojiri/projects/${s.project}/exports/${started.id}`, 120_000);
    expect(done).toMatchObject({ status: 'done', tasks: TASKS });
    const file = await hub.get(`/api/t/shiojiri/deliverables/${started.id}`).buffer(true).expect(200);
    const coco = JSON.parse(file.text ?? file.body.toString('utf8'));
    expect(coco.images).toHaveLength(TASKS);
    expect(coco.annotations).toHaveLength(TASKS);
    expect((await hub.get(`/api/t/shiojiri/shares/${s.share}`).expect(200)).body.status).toBe('delivered');
  });

  it('settles last month with statements and ledger entries that match on both sides', async () => {
    const hub = admin.shiojiri!;
    const lastMonth = tokyoMonth(Date.now() - 31 * DAY_MS);
    // The work was accepted last month (time passes): move the partners' acceptances there.
    for (const slug of PARTNERS)
      await t.db.asOwner((tx) =>
        sql`UPDATE tasks SET accepted_at = ${`${lastMonth}-15T12:00:00+09:00`}::timestamptz
            WHERE tenant_id = ${tenantId[slug]} AND status = 'accepted' AND project_id IN (
              SELECT partner_project_id FROM hub_offers WHERE tenant_id = ${tenantId[slug]} AND share_id = ${s.share})`.execute(
          tx,
        ),
      );
    const computed = (await hub.post('/api/t/shiojiri/settlements', { month: lastMonth }).expect(200)).body;
    const statements = computed.statements as {
      id: string;
      partner: { slug: string };
      units: number;
      totalYen: number;
    }[];
    const expected: Record<string, number> = {
      matsumoto: offers.matsumoto!.tasks + offers.matsumotoMoved!.tasks,
      tateshina: offers.tateshina!.tasks,
    };
    expect(statements.map((x) => x.partner.slug).sort()).toEqual(['matsumoto', 'tateshina']);
    let payable = 0;
    for (const st of statements) {
      const slug = st.partner.slug;
      expect(st.units, slug).toBe(expected[slug]);
      expect(st.totalYen, slug).toBe(expected[slug]! * offers[slug]!.unitPrice);
      const confirmed = (await hub.post(`/api/t/shiojiri/settlements/${st.id}/confirm`).expect(200)).body;
      const theirs = (await admin[slug]!.get(`/api/t/${slug}/settlements/${st.id}`).expect(200)).body;
      expect(theirs).toMatchObject({
        status: 'confirmed',
        totalYen: confirmed.totalYen,
        units: confirmed.units,
      });
      const hubEntry = (
        await hub
          .get(`/api/t/shiojiri/ledger/entries?sourceKind=hub_settlement&sourceId=${st.id}`)
          .expect(200)
      ).body;
      const partnerEntry = (
        await admin[slug]!.get(
          `/api/t/${slug}/ledger/entries?sourceKind=hub_settlement&sourceId=${st.id}`,
        ).expect(200)
      ).body;
      const debit = (e: { lines: { amount: number }[] }[]) =>
        e.flatMap((x) => x.lines).reduce((a, l) => a + Math.max(0, l.amount), 0);
      expect(debit(hubEntry), slug).toBe(st.totalYen);
      expect(debit(partnerEntry), slug).toBe(st.totalYen);
      payable += st.totalYen;
    }
    expect(payable).toBe(
      (offers.matsumoto!.tasks + offers.matsumotoMoved!.tasks + offers.tateshina!.tasks) * 40,
    );
  });
});
