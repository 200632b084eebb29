import pg from 'pg';
import { startCluster } from './cluster.js';
import { type Session, signIn } from './session.js';

/**
 * Mixed workload against 1 and then 2 web instances of the same local cluster (same database, Redis,
 * workers): the hub's workers claiming and submitting image-annotation tasks, its director reading the
 * team board and the order's progress, its admin reading the network view. Closed loops, one per person,
 * for a fixed time; prints throughput and p99 for each and the scaling ratio. On one machine the two
 * instances share its cores with PostgreSQL and everything else, so the ratio shows contention too.
 */
const HUB = 'shiojiri';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WORKERS = 15; // the hub's demo workers (tenants/shiojiri)
const TASKS = 20_000;
const BOX = {
  imageWidth: 1280,
  imageHeight: 720,
  boxes: [{ x: 40, y: 60, width: 200, height: 120, label: 'car' }],
};

type Kind = 'claim' | 'submit' | 'board' | 'network';

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

async function main() {
  const cluster = await startCluster({ web: 2, workers: 2, seed: { work: true } });
  try {
    const admin = await signIn(cluster.url, `admin@${HUB}.kado.example`);
    const director = await signIn(cluster.url, `director@${HUB}.kado.example`);
    const workers = await Promise.all(
      Array.from({ length: WORKERS }, (_, i) =>
        signIn(cluster.url, `worker${String(i + 1).padStart(2, '0')}@${HUB}.kado.example`),
      ),
    );
    const projectId = await bigOrder(admin, cluster.url);
    await anyHours(cluster.databaseUrl);

    const runs: { label: string; base: string; ops: number; errors: number; p99: number; perKind: string }[] =
      [];
    for (const [label, base] of [
      ['1 web instance', cluster.urlOfFirst],
      ['2 web instances', cluster.url],
    ] as const) {
      const latencies: Record<Kind, number[]> = { claim: [], submit: [], board: [], network: [] };
      let errors = 0;
      const refused = new Map<string, string>(); // kind and status → the first problem's title
      const until = Date.now() + SECONDS * 1000;
      const timed = async (kind: Kind, session: Session, method: string, path: string, body?: unknown) => {
        const started = performance.now();
        const res = await session.call<{ task?: { id: string } | null }>(base, method, path, body);
        latencies[kind].push(performance.now() - started);
        if (res.status >= 400) {
          errors++;
          const key = `${kind} ${res.status}`;
          if (!refused.has(key)) refused.set(key, JSON.stringify(res.body).slice(0, 300));
        }
        return res;
      };
      const workerLoop = async (w: Session) => {
        while (Date.now() < until) {
          const next = await timed('claim', w, 'POST', `/t/${HUB}/tasks/next`, { projectId });
          const task = next.body?.task;
          if (!task) continue;
          await timed('submit', w, 'POST', `/t/${HUB}/tasks/${task.id}/submit`, { submission: BOX });
        }
      };
      const directorLoop = async () => {
        while (Date.now() < until) {
          await timed('board', director, 'GET', `/t/${HUB}/team/now`);
          await timed('board', director, 'GET', `/t/${HUB}/projects/${projectId}`);
        }
      };
      const hubLoop = async () => {
        while (Date.now() < until) await timed('network', admin, 'GET', `/t/${HUB}/network`);
      };
      await Promise.all([...workers.map(workerLoop), directorLoop(), directorLoop(), hubLoop()]);
      const all = Object.values(latencies)
        .flat()
        .sort((a, b) => a - b);
      for (const [key, body] of refused) console.log(`  refused (${label}): ${key} ${body}`);
      runs.push({
        label,
        base,
        ops: all.length / SECONDS,
        errors,
        p99: percentile(all, 99),
        perKind: (Object.entries(latencies) as [Kind, number[]][])
          .map(([k, l]) => {
            const sorted = [...l].sort((a, b) => a - b);
            return `${k} ${(l.length / SECONDS).toFixed(0)}/s p99 ${percentile(sorted, 99).toFixed(0)} ms`;
          })
          .join(', '),
      });
    }
    console.log(
      `\nmixed workload, ${SECONDS} s each: ${WORKERS} workers claiming and submitting, 2 directors, 1 hub admin`,
    );
    for (const r of runs)
      console.log(
        `  ${r.label.padEnd(16)} ${r.ops.toFixed(0).padStart(5)} req/s  p99 ${r.p99.toFixed(0).padStart(5)} ms  errors ${r.errors}  (${r.perKind})`,
      );
    console.log(`  scaling: ${(runs[1]!.ops / runs[0]!.ops).toFixed(2)}× the throughput of one instance`);
  } finally {
    await cluster.stop();
  }
}

/** An accepted image-annotation order of the hub with TASKS tasks imported (an image list, no files). */
async function bigOrder(admin: Session, base: string): Promise<string> {
  const clients = await admin.call<{ id: string }[]>(base, 'GET', `/t/${HUB}/clients`);
  const order = await admin.call<{ id: string }>(base, 'POST', `/t/${HUB}/orders`, {
    clientId: clients.body[0]!.id,
    title: '負荷計測用 教師データ',
    workType: 'image-annotation',
    parameters: { labels: ['car', 'person'] },
    contractType: 'ukeoi',
    quantity: TASKS,
    unitPrice: 40,
    deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    qualityTarget: 95,
  });
  if (order.status !== 201) throw new Error(`order: ${order.status} ${JSON.stringify(order.body)}`);
  await admin.call(base, 'POST', `/t/${HUB}/orders/${order.body.id}/transitions`, {
    to: 'accepted',
    budgetOverride: { reason: '負荷計測' },
  });
  const projects = await admin.call<{ id: string }[]>(
    base,
    'GET',
    `/t/${HUB}/projects?orderId=${order.body.id}`,
  );
  const projectId = projects.body[0]!.id;
  const csv = `file,width,height\n${Array.from({ length: TASKS }, (_, i) => `bench-${i + 1}.jpg,1280,720`).join('\n')}\n`;
  const res = await fetch(`${base}/api/t/${HUB}/projects/${projectId}/imports?format=images&name=bench.csv`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'text/csv' },
    body: csv,
  });
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const imp = await admin.call<{ status: string }>(
      base,
      'GET',
      `/t/${HUB}/projects/${projectId}/imports/${id}`,
    );
    if (imp.body.status === 'done') return projectId;
    if (imp.body.status === 'failed') throw new Error(`import failed: ${JSON.stringify(imp.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Setup only, as the owner: the demo workers' weekly hours would stop claims at this time of day. */
async function anyHours(databaseUrl: string) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  for (const table of ['availability_patterns', 'availability_exceptions', 'availability_settings'])
    await db.query(`DELETE FROM ${table} WHERE tenant_id = (SELECT id FROM tenants WHERE slug = $1)`, [HUB]);
  await db.end();
}

await main();
