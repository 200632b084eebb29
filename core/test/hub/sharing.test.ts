import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginsService } from '../../src/modules/plugins/plugins.service.js';
import { PLUGIN_FIXTURES } from '../plugins/plugin-fixtures.js';
import { makePartner, setHours } from '../support/sharing-seed.js';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { acceptedOrder, enablePlugin, importFile, qualify, waitFor } from '../support/work-flow.js';

/**
 * Issue #8, sharing an order: the hub proposes a split from each centre's capacity, edits it, sends offers;
 * partners see only their own offer and accept, counter or decline it; accepting gives the partner its
 * own project whose tasks its workers take with the usual "next task" and review.
 */
let t: TestApp;
let hub: Client;
let alpha: Client;
let beta: Client;
let alphaWorker: Client;
let betaWorker: Client;
const ids: Record<string, string> = {};
const people: Record<string, string> = {};

type Centre = { tenantId: string; slug: string; tasks: number; fixed: boolean; explanation: { ja: string } };
const centre = (share: { proposal: { centres: Centre[] } }, slug: string) =>
  share.proposal.centres.find((c) => c.slug === slug)!;

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  await t.container.get(PluginsService).host.load([PLUGIN_FIXTURES]);
  hub = await t.signIn('hub_admin@hub.test');
  alpha = await t.signIn('tenant_admin@alpha.test');
  beta = await t.signIn('tenant_admin@beta.test');
  alphaWorker = await t.signIn('worker@alpha.test');
  betaWorker = await t.signIn('worker@beta.test');
  for (const [admin, slug, rate] of [
    [alpha, 'alpha', 30],
    [beta, 'beta', 20],
  ] as const) {
    await enablePlugin(admin, slug, 'minimal');
    await makePartner(t, slug, { minimal: rate });
    const worker = slug === 'alpha' ? alphaWorker : betaWorker;
    people[slug] = await qualify(admin, worker, slug, `worker@${slug}.test`, ['typing-ja']);
    await setHours(worker, slug);
  }
  await enablePlugin(hub, 'hub', 'minimal');
  const order = await acceptedOrder(hub, 'hub', {
    workType: 'minimal',
    parameters: { maxLength: 100 },
    title: '画像説明文 40件',
  });
  Object.assign(ids, order);
  const lines = Array.from({ length: 40 }, (_, i) => `説明 ${i + 1}`).join('\n');
  expect((await importFile(hub, 'hub', order.projectId, 'lines', lines)).status).toBe('done');
  ids.alphaTenant = t.tenants.alpha!;
  ids.betaTenant = t.tenants.beta!;
});

describe('the proposal', () => {
  it('splits the untouched tasks at minimum cost: the cheaper partner first, the hub without workers none', async () => {
    const res = await hub.post(`/api/t/hub/orders/${ids.orderId}/share`, {}).expect(201);
    ids.share = res.body.id;
    expect(res.body).toMatchObject({ status: 'draft', tasks: 40, workType: 'minimal' });
    const p = res.body.proposal;
    expect(p.feasible).toBe(true);
    expect(p.centres.map((c: Centre) => c.slug).sort()).toEqual(['alpha', 'beta', 'hub']);
    expect(p.centres.reduce((a: number, c: Centre) => a + c.tasks, 0)).toBe(40);
    expect(centre(res.body, 'beta')).toMatchObject({ tasks: 40, unitPrice: 20, qualifiedWorkers: 1 });
    expect(centre(res.body, 'hub')).toMatchObject({ tasks: 0, qualifiedWorkers: 0 });
    expect(centre(res.body, 'beta').explanation.ja).toContain('単価');
    expect(p.costYen).toBe(800);
    // Figures only: no partner worker's name, e-mail or user id reaches the hub.
    const text = JSON.stringify(res.body);
    for (const slug of ['alpha', 'beta']) {
      expect(text).not.toContain(`worker@${slug}.test`);
      expect(text).not.toContain(`worker of ${slug}`);
      expect(text).not.toContain(people[slug]);
    }
  });

  it('answers 409 naming the share when the order is shared again', async () => {
    const res = await hub.post(`/api/t/hub/orders/${ids.orderId}/share`, {}).expect(409);
    expect(res.body.shareId).toBe(ids.share);
  });

  it('keeps the hub’s edit exactly and re-solves the rest', async () => {
    const res = await hub
      .put(`/api/t/hub/shares/${ids.share}/allocation`, { shares: { [ids.alphaTenant!]: 15 } })
      .expect(200);
    expect(centre(res.body, 'alpha')).toMatchObject({ tasks: 15, fixed: true });
    expect(centre(res.body, 'beta')).toMatchObject({ tasks: 25, fixed: false });
    expect(res.body.proposal.costYen).toBe(15 * 30 + 25 * 20);
  });

  it('reports a deadline that cannot be met with its shortfall in tasks, and will not send it', async () => {
    // 40 tasks of about 1,000 minutes each, due in six days: one a day per worker, 14 at most in a week.
    const clientId = (
      await hub.post('/api/t/hub/clients', { kind: 'company', name: '急ぎの発注者' }).expect(201)
    ).body.id;
    const deadline = new Date(Date.now() + 6 * 86_400_000).toISOString();
    const order = (
      await hub
        .post('/api/t/hub/orders', {
          clientId,
          title: '急ぎの長文',
          workType: 'minimal',
          parameters: { maxLength: 50000 },
          contractType: 'ukeoi',
          quantity: 40,
          unitPrice: 500,
          deadline,
          qualityTarget: 90,
        })
        .expect(201)
    ).body;
    await hub.post(`/api/t/hub/orders/${order.id}/transitions`, { to: 'accepted' }).expect(200);
    const projectId = (await hub.get(`/api/t/hub/projects?orderId=${order.id}`).expect(200)).body[0].id;
    const lines = Array.from({ length: 40 }, (_, i) => `長文 ${i + 1}`).join('\n');
    expect((await importFile(hub, 'hub', projectId, 'lines', lines)).status).toBe('done');
    const share = (await hub.post(`/api/t/hub/orders/${order.id}/share`, {}).expect(201)).body;
    const capacity = share.proposal.centres.reduce(
      (a: number, c: { capacityTasks: number }) => a + c.capacityTasks,
      0,
    );
    expect(capacity).toBeLessThan(40);
    expect(share.proposal).toMatchObject({ feasible: false, totalShortfall: 40 - capacity });
    expect(share.proposal.message.ja).toContain(`${40 - capacity}`);
    const refused = await hub.post(`/api/t/hub/shares/${share.id}/send`, {}).expect(409);
    expect(refused.body.detail).toContain('納期');
    expect((await hub.get(`/api/t/hub/projects/${projectId}`).expect(200)).body.progress.shared).toBe(0);
  });

  it('refuses a share larger than the order, an unknown centre and bad numbers, changing nothing', async () => {
    const beyond = await hub
      .put(`/api/t/hub/shares/${ids.share}/allocation`, { shares: { [t.tenants.hub!]: 40 } })
      .expect(422);
    expect(beyond.body.detail).toContain('処理能力'); // the hub has no workers: no capacity to fix 40 on
    for (const shares of [
      { [ids.alphaTenant!]: 41 },
      { [ids.alphaTenant!]: 30, [ids.betaTenant!]: 20 },
      { [crypto.randomUUID()]: 1 },
    ]) {
      const res = await hub.put(`/api/t/hub/shares/${ids.share}/allocation`, { shares }).expect(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors[0].pointer).toMatch(/^\/body\/shares/);
    }
    for (const shares of [{ [ids.alphaTenant!]: -1 }, { [ids.alphaTenant!]: 1.5 }, { 'not-a-uuid': 1 }])
      await hub.put(`/api/t/hub/shares/${ids.share}/allocation`, { shares }).expect(400);
    const share = (await hub.get(`/api/t/hub/shares/${ids.share}`).expect(200)).body;
    expect(centre(share, 'alpha')).toMatchObject({ tasks: 15, fixed: true });
  });
});

describe('offers', () => {
  it('sends one offer per partner with work and takes those tasks out of the hub’s queue', async () => {
    const res = await hub.post(`/api/t/hub/shares/${ids.share}/send`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('offered');
    const offers = res.body.offers as {
      id: string;
      partner: { slug: string };
      tasks: number;
      unitPrice: number;
    }[];
    expect(offers.map((o) => [o.partner.slug, o.tasks, o.unitPrice])).toEqual([
      ['alpha', 15, 30],
      ['beta', 25, 20],
    ]);
    ids.alphaOffer = offers[0]!.id;
    ids.betaOffer = offers[1]!.id;
    const project = (await hub.get(`/api/t/hub/projects/${ids.projectId}`).expect(200)).body;
    expect(project.progress).toMatchObject({ total: 40, shared: 40, open: 0 });
    await hub.put(`/api/t/hub/shares/${ids.share}/allocation`, { shares: {} }).expect(409);
    await hub.post(`/api/t/hub/shares/${ids.share}/send`, {}).expect(409);
  });

  it('shows each partner its own offer only, by list and by id', async () => {
    const mine = (await alpha.get('/api/t/alpha/offers').expect(200)).body;
    expect(mine.map((o: { id: string }) => o.id)).toEqual([ids.alphaOffer]);
    expect(mine[0]).toMatchObject({ tasks: 15, unitPrice: 30, amountYen: 450, status: 'offered' });
    await alpha.get(`/api/t/alpha/offers/${ids.betaOffer}`).expect(404);
    await alpha.post(`/api/t/alpha/offers/${ids.betaOffer}/accept`).expect(404);
    await alpha.post(`/api/t/alpha/offers/${ids.betaOffer}/counter`, { tasks: 1, note: 'x' }).expect(404);
    await alpha.get(`/api/t/beta/offers/${ids.betaOffer}`).expect(404);
    await alpha.get(`/api/t/hub/shares/${ids.share}`).expect(404);
    await alpha.get('/api/t/alpha/shares').expect(404); // hub-only routes do not exist for a partner
    // The hub answers no offers of its own.
    expect((await hub.get('/api/t/hub/offers').expect(200)).body).toEqual([]);
    // A partner's worker sees neither the hub's data nor the offers.
    await alphaWorker.get(`/api/t/hub/shares/${ids.share}`).expect(404);
    expect([403, 404]).toContain((await alphaWorker.get('/api/t/alpha/offers')).status);
  });

  it('accepting creates the partner’s own project; its workers take the tasks by "next task"', async () => {
    const res = await alpha.post(`/api/t/alpha/offers/${ids.alphaOffer}/accept`).expect(200);
    expect(res.body.status).toBe('accepted');
    const projectId = res.body.partnerProjectId as string;
    const project = (await alpha.get(`/api/t/alpha/projects/${projectId}`).expect(200)).body;
    expect(project.progress).toMatchObject({ total: 15, open: 15 });
    const order = (await alpha.get(`/api/t/alpha/orders/${project.orderId}`).expect(200)).body;
    expect(order).toMatchObject({ status: 'accepted', quantity: 15, unitPrice: 30, amount: 450 });
    const claimed = (await alphaWorker.post('/api/t/alpha/tasks/next', {}).expect(200)).body.task;
    expect(claimed.projectId ?? projectId).toBe(projectId);
    expect(claimed.payload.prompt).toMatch(/^説明 \d+$/);
    await alphaWorker
      .post(`/api/t/alpha/tasks/${claimed.id}/submit`, { submission: { text: '猫が座っている' } })
      .expect(200);
    await alpha.post(`/api/t/alpha/tasks/${claimed.id}/review`, { decision: 'accept' }).expect(200);
    ids.alphaProject = projectId;
  });

  it('refuses an offer accepted twice and changes nothing', async () => {
    const res = await alpha.post(`/api/t/alpha/offers/${ids.alphaOffer}/accept`).expect(409);
    expect(res.body.detail).toContain('承諾済み');
    const projects = (await alpha.get('/api/t/alpha/projects').expect(200)).body;
    expect(projects.filter((p: { id: string }) => p.id === ids.alphaProject)).toHaveLength(1);
    expect(
      (await alpha.get(`/api/t/alpha/projects/${ids.alphaProject}`).expect(200)).body.progress.total,
    ).toBe(15);
    await alpha.post(`/api/t/alpha/offers/${ids.alphaOffer}/decline`, {}).expect(409);
  });

  it('lets a partner counter; the hub accepts the counter and the extra tasks come back to it', async () => {
    await beta.post(`/api/t/beta/offers/${ids.betaOffer}/counter`, { tasks: 30, note: '多い' }).expect(422);
    await beta.post(`/api/t/beta/offers/${ids.betaOffer}/counter`, { tasks: 25, note: '同じ' }).expect(422);
    await beta.post(`/api/t/beta/offers/${ids.betaOffer}/counter`, { note: '条件なし' }).expect(400);
    const countered = await beta
      .post(`/api/t/beta/offers/${ids.betaOffer}/counter`, {
        tasks: 20,
        unitPrice: 22,
        note: '今月は20件まで',
      })
      .expect(200);
    expect(countered.body).toMatchObject({ status: 'countered', counter: { tasks: 20, unitPrice: 22 } });
    await beta.post(`/api/t/beta/offers/${ids.betaOffer}/accept`).expect(409);
    const agreed = await hub
      .post(`/api/t/hub/shares/${ids.share}/offers/${ids.betaOffer}/accept-counter`)
      .expect(200);
    expect(agreed.body).toMatchObject({ status: 'offered', tasks: 20, unitPrice: 22, counter: null });
    const project = (await hub.get(`/api/t/hub/projects/${ids.projectId}`).expect(200)).body;
    expect(project.progress).toMatchObject({ shared: 35, open: 5 });
  });

  it('refuses a counter after the answer deadline and changes nothing', async () => {
    await t.db.asOwner((tx) =>
      sql`UPDATE hub_offers SET respond_by = now() - interval '1 minute' WHERE id = ${ids.betaOffer}`.execute(
        tx,
      ),
    );
    const res = await beta
      .post(`/api/t/beta/offers/${ids.betaOffer}/counter`, { tasks: 10, note: '遅れて' })
      .expect(409);
    expect(res.body.detail).toContain('回答期限');
    await beta.post(`/api/t/beta/offers/${ids.betaOffer}/accept`).expect(409);
    expect((await beta.get(`/api/t/beta/offers/${ids.betaOffer}`).expect(200)).body).toMatchObject({
      status: 'offered',
      tasks: 20,
      counter: null,
    });
  });

  it('declining gives the tasks back to the hub; a declined offer cannot be withdrawn', async () => {
    await beta.post(`/api/t/beta/offers/${ids.betaOffer}/decline`, { reason: '人手不足' }).expect(200);
    const project = (await hub.get(`/api/t/hub/projects/${ids.projectId}`).expect(200)).body;
    expect(project.progress).toMatchObject({ shared: 15, open: 25 });
    await hub.post(`/api/t/hub/shares/${ids.share}/offers/${ids.betaOffer}/withdraw`).expect(409);
    const share = (await hub.get(`/api/t/hub/shares/${ids.share}`).expect(200)).body;
    expect(share.offers.map((o: { status: string }) => o.status)).toEqual(['accepted', 'declined']);
  });

  it('lists the hub’s shares with their offers by status', async () => {
    const list = (await hub.get('/api/t/hub/shares').expect(200)).body;
    expect(list).toHaveLength(2);
    expect(list.find((s: { id: string }) => s.id === ids.share)).toMatchObject({
      id: ids.share,
      orderTitle: '画像説明文 40件',
      offers: { accepted: 1, declined: 1 },
    });
  });
});

describe('running a shared order', () => {
  const PSEUDONYM = /^W-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;
  type Line = {
    slug: string;
    offerId: string | null;
    planned: number;
    status: string;
    behind: boolean;
    progress: { accepted: number; open: number };
    workers: { pseudonym: string; accepted: number }[];
  };
  const line = (board: { centres: Line[] }, slug: string, offerId?: string) =>
    board.centres.find((c) => c.slug === slug && (offerId === undefined || c.offerId === offerId))!;

  it('shows one board: each centre’s progress, cost and pseudonymous workers, never their names', async () => {
    const board = (await hub.get(`/api/t/hub/shares/${ids.share}/board`).expect(200)).body;
    expect(line(board, 'hub')).toMatchObject({ status: 'own', planned: 25, progress: { open: 25 } });
    const a = line(board, 'alpha', ids.alphaOffer);
    expect(a).toMatchObject({
      status: 'accepted',
      planned: 15,
      progress: { accepted: 1, open: 14 },
      costYen: 30,
    });
    expect(a.workers).toHaveLength(1);
    expect(a.workers[0]).toMatchObject({ accepted: 1 });
    expect(a.workers[0]!.pseudonym).toMatch(PSEUDONYM);
    const text = JSON.stringify(board);
    expect(text).not.toContain('worker@alpha.test');
    expect(text).not.toContain('worker of alpha');
    expect(text).not.toContain(people.alpha);
    await alpha.get(`/api/t/hub/shares/${ids.share}/board`).expect(404);
  });

  it('flags a centre whose pace will miss the deadline', async () => {
    await t.db.asOwner((tx) =>
      sql`UPDATE hub_offers SET responded_at = now() - interval '60 days' WHERE id = ${ids.alphaOffer}`.execute(
        tx,
      ),
    );
    const board = (await hub.get(`/api/t/hub/shares/${ids.share}/board`).expect(200)).body;
    expect(line(board, 'alpha', ids.alphaOffer).behind).toBe(true);
    expect(board.behind).toContain('alpha');
  });

  it('moves untouched work to another centre, which accepts it, or back to the hub', async () => {
    const res = await hub
      .post(`/api/t/hub/shares/${ids.share}/moves`, {
        fromOfferId: ids.alphaOffer,
        toTenantId: ids.betaTenant,
        tasks: 10,
      })
      .expect(200);
    expect(line(res.body, 'alpha', ids.alphaOffer)).toMatchObject({
      planned: 5,
      progress: { accepted: 1, open: 4 },
    });
    const moved = (await beta.get('/api/t/beta/offers').expect(200)).body.find(
      (o: { status: string }) => o.status === 'offered',
    );
    expect(moved).toMatchObject({ tasks: 10, unitPrice: 20 });
    const accepted = (await beta.post(`/api/t/beta/offers/${moved.id}/accept`).expect(200)).body;
    const project = (await beta.get(`/api/t/beta/projects/${accepted.partnerProjectId}`).expect(200)).body;
    expect(project.progress).toMatchObject({ total: 10, open: 10 });
    const alphaProject = (await alpha.get(`/api/t/alpha/projects/${ids.alphaProject}`).expect(200)).body;
    expect(alphaProject.progress).toMatchObject({ total: 5, accepted: 1, open: 4 });
    // Two partners working on one share still see nothing of each other: projects, tasks, workers.
    const betaTask = (
      await beta.get(`/api/t/beta/projects/${accepted.partnerProjectId}/tasks?limit=1`).expect(200)
    ).body;
    const betaTaskId = (betaTask.items ?? betaTask)[0].id as string;
    for (const path of [
      `/projects/${accepted.partnerProjectId}`,
      `/projects/${accepted.partnerProjectId}/tasks`,
      `/tasks/${betaTaskId}`,
      `/members/${people.beta}/skills`,
    ])
      await alpha.get(`/api/t/alpha${path}`).expect(404);
    const alphaProjects = (await alpha.get('/api/t/alpha/projects').expect(200)).body as { id: string }[];
    expect(alphaProjects.map((p) => p.id)).not.toContain(accepted.partnerProjectId);

    const back = await hub
      .post(`/api/t/hub/shares/${ids.share}/moves`, {
        fromOfferId: ids.alphaOffer,
        toTenantId: t.tenants.hub,
        tasks: 2,
      })
      .expect(200);
    expect(line(back.body, 'hub')).toMatchObject({ planned: 27, progress: { open: 27 } });
    expect(line(back.body, 'alpha', ids.alphaOffer).planned).toBe(3);
  });

  it('refuses to re-allocate started work, and changes nothing', async () => {
    const claimed = (await alphaWorker.post('/api/t/alpha/tasks/next', {}).expect(200)).body.task;
    expect(claimed).toBeTruthy();
    const res = await hub
      .post(`/api/t/hub/shares/${ids.share}/moves`, {
        fromOfferId: ids.alphaOffer,
        toTenantId: ids.betaTenant,
        tasks: 2,
      })
      .expect(409);
    expect(res.body.detail).toContain('着手済み');
    expect(res.body.detail).toContain('1');
    const board = (await hub.get(`/api/t/hub/shares/${ids.share}/board`).expect(200)).body;
    expect(line(board, 'alpha', ids.alphaOffer)).toMatchObject({ planned: 3, progress: { accepted: 1 } });
    for (const body of [
      { fromOfferId: ids.alphaOffer, toTenantId: ids.alphaTenant, tasks: 1 },
      { fromOfferId: ids.alphaOffer, toTenantId: crypto.randomUUID(), tasks: 1 },
    ])
      await hub.post(`/api/t/hub/shares/${ids.share}/moves`, body).expect(422);
    await hub
      .post(`/api/t/hub/shares/${ids.share}/moves`, {
        fromOfferId: ids.alphaOffer,
        toTenantId: ids.betaTenant,
        tasks: 0,
      })
      .expect(400);
    await alphaWorker.delete(`/api/t/alpha/tasks/${claimed.id}/lease`).expect(204);
  });

  it('takes the partners’ accepted results into the hub’s tasks once, and will not deliver unfinished work', async () => {
    expect((await hub.post(`/api/t/hub/shares/${ids.share}/collect`).expect(200)).body).toEqual({
      collected: 1,
    });
    expect((await hub.post(`/api/t/hub/shares/${ids.share}/collect`).expect(200)).body).toEqual({
      collected: 0,
    });
    const project = (await hub.get(`/api/t/hub/projects/${ids.projectId}`).expect(200)).body;
    expect(project.progress.accepted).toBe(1);
    // The result counts on alpha's line only, not again on the hub's own.
    const board = (await hub.get(`/api/t/hub/shares/${ids.share}/board`).expect(200)).body;
    expect(line(board, 'hub')).toMatchObject({ planned: 27, progress: { accepted: 0 } });
    expect(board.accepted).toBe(1);
    const refused = await hub.post(`/api/t/hub/shares/${ids.share}/deliver`, { format: 'tsv' }).expect(409);
    expect(refused.body.detail).toContain('39');
  });

  it('delivers one deliverable made of every centre’s results, partner workers named by pseudonym only', async () => {
    const order = await acceptedOrder(hub, 'hub', {
      workType: 'minimal',
      parameters: { maxLength: 100 },
      title: '三件',
    });
    expect((await importFile(hub, 'hub', order.projectId, 'lines', 'い\nろ\nは\n')).status).toBe('done');
    const share = (await hub.post(`/api/t/hub/orders/${order.orderId}/share`, {}).expect(201)).body;
    await hub
      .put(`/api/t/hub/shares/${share.id}/allocation`, { shares: { [ids.alphaTenant!]: 3 } })
      .expect(200);
    const offer = (await hub.post(`/api/t/hub/shares/${share.id}/send`, {}).expect(200)).body.offers[0];
    const projectId = (await alpha.post(`/api/t/alpha/offers/${offer.id}/accept`).expect(200)).body
      .partnerProjectId;
    for (let i = 0; i < 3; i++) {
      const task = (await alphaWorker.post('/api/t/alpha/tasks/next', { projectId }).expect(200)).body.task;
      await alphaWorker
        .post(`/api/t/alpha/tasks/${task.id}/submit`, { submission: { text: `答え${i}` } })
        .expect(200);
      await alpha.post(`/api/t/alpha/tasks/${task.id}/review`, { decision: 'accept' }).expect(200);
    }
    const started = (await hub.post(`/api/t/hub/shares/${share.id}/deliver`, { format: 'tsv' }).expect(202))
      .body;
    const done = await waitFor(hub, `/api/t/hub/projects/${order.projectId}/exports/${started.id}`);
    expect(done).toMatchObject({ status: 'done', tasks: 3 });
    const file = await hub.get(`/api/t/hub/deliverables/${started.id}`).buffer(true).expect(200);
    const text = file.text ?? file.body.toString('utf8');
    for (const answer of ['答え0', '答え1', '答え2']) expect(text).toContain(answer);
    expect(text).not.toContain('worker of alpha');
    expect((await hub.get(`/api/t/hub/shares/${share.id}`).expect(200)).body.status).toBe('delivered');
  });
});

describe('training raises capacity', () => {
  it('a partner worker who passes the hub’s course becomes qualified, and the next proposal counts them', async () => {
    const order = await acceptedOrder(hub, 'hub', {
      workType: 'minimal',
      parameters: { maxLength: 100 },
      title: '研修後',
    });
    expect((await importFile(hub, 'hub', order.projectId, 'lines', 'a\nb\n')).status).toBe('done');
    const share = (await hub.post(`/api/t/hub/orders/${order.orderId}/share`, {}).expect(201)).body;
    const before = centre(share, 'beta') as Centre & { qualifiedWorkers: number; capacityTasks: number };
    // A new worker at beta, with hours but not yet the skill the work type needs.
    const { userId } = await t.addUser('beta', 'worker', 'trainee@beta.test');
    await setHours(await t.signIn('trainee@beta.test'), 'beta');
    const course = (
      await hub
        .post('/api/t/hub/training/courses', {
          titleJa: '入力作業の基礎',
          titleEn: 'Keying basics',
          audience: 'worker',
          workType: 'minimal',
          skills: ['typing-ja'],
          passScore: 70,
          description: '和文入力の基本',
        })
        .expect(201)
    ).body;
    const startsAt = new Date(Date.now() + 2 * 86_400_000);
    const session = (
      await hub
        .post(`/api/t/hub/training/courses/${course.id}/sessions`, {
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
          mode: 'online',
          capacity: 5,
        })
        .expect(201)
    ).body;
    const enrolment = (
      await beta.post('/api/t/beta/training/enrolments', { sessionId: session.id, userId }).expect(201)
    ).body;
    await hub
      .put(`/api/t/hub/training/enrolments/${enrolment.id}/attendance`, { attended: true })
      .expect(200);
    await hub.put(`/api/t/hub/training/enrolments/${enrolment.id}/assessment`, { score: 90 }).expect(200);
    const after = centre(
      (await hub.put(`/api/t/hub/shares/${share.id}/allocation`, { shares: {} }).expect(200)).body,
      'beta',
    ) as Centre & { qualifiedWorkers: number; capacityTasks: number };
    expect(after.qualifiedWorkers).toBe(before.qualifiedWorkers + 1);
    expect(after.capacityTasks).toBeGreaterThan(before.capacityTasks);
  });
});
