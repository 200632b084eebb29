import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';
import { acceptedOrder, enablePlugin, importFile, qualify, waitFor } from '../support/work-flow.js';

/**
 * The quality strategies with the real plugins: double entry (data-entry) with a director's adjudication,
 * consensus with overlap 2 (image-annotation), and golden tasks mixed in, scored and never delivered.
 */
let t: TestApp;
let admin: Client;
let director: Client;
let workers: Client[];
let workerIds: string[];

beforeAll(async () => {
  t = await startTestApp({}, { jobs: true });
  admin = await t.signIn('tenant_admin@alpha.test');
  director = await t.signIn('director@alpha.test');
  workers = [];
  workerIds = [];
  for (const n of [1, 2, 3]) {
    const { email } = await t.addUser('alpha', 'worker', `keyer${n}@alpha.test`);
    const worker = await t.signIn(email);
    workerIds.push(await qualify(admin, worker, 'alpha', email, ['typing-ja', 'image-annotation']));
    workers.push(worker);
  }
});

const next = async (worker: Client, projectId: string) =>
  (await worker.post('/api/t/alpha/tasks/next', { projectId }).expect(200)).body.task;
const submit = (worker: Client, taskId: string, submission: unknown) =>
  worker.post(`/api/t/alpha/tasks/${taskId}/submit`, { submission }).expect(200);

describe('double entry (data-entry)', () => {
  let projectId: string;
  const form = {
    form: {
      fields: [
        { key: 'name', label: { ja: '氏名', en: 'Name' }, type: 'text' },
        { key: 'birthDate', label: { ja: '生年月日', en: 'Date of birth' }, type: 'date' },
      ],
    },
  };

  beforeAll(async () => {
    await enablePlugin(admin, 'alpha', 'data-entry');
    ({ projectId } = await acceptedOrder(director, 'alpha', { workType: 'data-entry', parameters: form }));
    const imported = await importFile(director, 'alpha', projectId, 'csv', 'scan\np-001.png\np-002.png\n');
    expect(imported).toMatchObject({ status: 'done', imported: 2 });
  });

  it('gives the same item to two different workers, never twice to one', async () => {
    const [a, b] = workers as [Client, Client];
    const first = await next(a, projectId);
    const second = await next(b, projectId);
    expect(second.id).toBe(first.id); // both slots of the earliest task
    await submit(a, first.id, { values: { name: '山田 花子', birthDate: '令和6年4月1日' } });
    const again = await next(a, projectId);
    expect(again.id).not.toBe(first.id);
    await a.delete(`/api/t/alpha/tasks/${again.id}/lease`).expect(204);
    // The era date was normalised by the plugin, so the two keyings agree and the task is accepted.
    await submit(b, first.id, { values: { name: '山田 花子', birthDate: '2024-04-01' } });
    const task = (await director.get(`/api/t/alpha/tasks/${first.id}`).expect(200)).body;
    expect(task.status).toBe('accepted');
  });

  it('sends the fields that differ to a director, whose answer is delivered and scores both workers', async () => {
    const [a, b] = workers as [Client, Client];
    const task = await next(a, projectId);
    expect((await next(b, projectId)).id).toBe(task.id);
    await submit(a, task.id, { values: { name: '髙橋 一郎', birthDate: '1950-11-23' } });
    await submit(b, task.id, { values: { name: '高橋 一郎', birthDate: '1950-11-23' } });
    const review = (await director.get(`/api/t/alpha/tasks/${task.id}`).expect(200)).body;
    expect(review).toMatchObject({ status: 'in_review', differences: ['/values/name'] });
    await director
      .post(`/api/t/alpha/tasks/${task.id}/adjudicate`, { submission: { values: { name: 'x' } } })
      .expect(400);
    await director
      .post(`/api/t/alpha/tasks/${task.id}/adjudicate`, {
        submission: { values: { name: '髙橋 一郎', birthDate: '1950-11-23' } },
      })
      .expect(200);
    const accuracy = (await director.get('/api/t/alpha/accuracy').expect(200)).body as {
      userId: string;
      workType: string;
      scored: number;
      accuracy: number;
    }[];
    const of = (userId: string) => accuracy.find((x) => x.userId === userId && x.workType === 'data-entry');
    expect(of(workerIds[0]!)).toMatchObject({ scored: 2, accuracy: 1 });
    // keyer2 keyed 高 for 髙: one of two fields wrong in one of two items.
    expect(of(workerIds[1]!)).toMatchObject({ scored: 2, accuracy: 0.75 });
  });
});

describe('consensus and golden tasks (image-annotation)', () => {
  let projectId: string;
  const coco = JSON.stringify({
    images: [
      { id: 1, file_name: 'a.jpg', width: 100, height: 100 },
      { id: 2, file_name: 'b.jpg', width: 100, height: 100 },
    ],
    annotations: [
      { id: 1, image_id: 2, category_id: 1, bbox: [10, 10, 20, 20], iscrowd: 0, segmentation: [] },
    ],
    categories: [{ id: 1, name: 'car' }],
  });
  const box = (x: number) => ({
    imageWidth: 100,
    imageHeight: 100,
    boxes: [{ x, y: 10, width: 20, height: 20, label: 'car' }],
  });

  beforeAll(async () => {
    await enablePlugin(admin, 'alpha', 'image-annotation');
    ({ projectId } = await acceptedOrder(director, 'alpha', {
      workType: 'image-annotation',
      parameters: { labels: ['car'] },
    }));
    const imported = await importFile(director, 'alpha', projectId, 'coco', coco, 'application/json');
    expect(imported, JSON.stringify(imported.errors)).toMatchObject({
      status: 'done',
      imported: 1,
      golden: 1,
    });
  });

  it('mixes in the golden task at the set rate, looking like any other, and scores it against the known answer', async () => {
    await director.patch(`/api/t/alpha/projects/${projectId}`, { goldenPercent: 50 }).expect(200);
    await t.db.asOwner((tx) =>
      tx.updateTable('projects').set({ golden_percent: 100 }).where('id', '=', projectId).execute(),
    );
    const w = workers[2]!;
    const golden = await next(w, projectId);
    expect(golden.payload.image.file).toBe('b.jpg');
    expect(Object.keys(golden).sort()).toEqual(
      [
        'assignment',
        'dueAt',
        'estimatedMinutes',
        'id',
        'parameters',
        'payload',
        'projectId',
        'workType',
      ].sort(),
    );
    await submit(w, golden.id, box(11)); // close to the known box at x = 10
    const after = (await director.get(`/api/t/alpha/tasks/${golden.id}`).expect(200)).body;
    expect(after).toMatchObject({ golden: true, status: 'open' });
    expect(after.submissions[0]).toMatchObject({ verdict: 'scored', agreement: 1 });
    // Each worker sees a golden task at most once; the ordinary task comes next.
    const ordinary = await next(w, projectId);
    expect(ordinary.payload.image.file).toBe('a.jpg');
    await w.delete(`/api/t/alpha/tasks/${ordinary.id}/lease`).expect(204);
  });

  it('accepts what two of two annotators agree on by IoU, and delivers only ordinary tasks', async () => {
    await director.patch(`/api/t/alpha/projects/${projectId}`, { goldenPercent: 0 }).expect(200);
    const [a, b] = workers as [Client, Client];
    const task = await next(a, projectId);
    expect(task.payload.image.file).toBe('a.jpg');
    expect((await next(b, projectId)).id).toBe(task.id);
    await submit(a, task.id, box(50));
    await submit(b, task.id, box(52));
    expect((await director.get(`/api/t/alpha/tasks/${task.id}`).expect(200)).body.status).toBe('accepted');
    const started = (
      await director.post(`/api/t/alpha/projects/${projectId}/exports`, { format: 'coco' }).expect(202)
    ).body;
    const done = await waitFor(director, `/api/t/alpha/projects/${projectId}/exports/${started.id}`);
    expect(done).toMatchObject({ status: 'done', tasks: 1 });
    const file = await director.get(`/api/t/alpha/deliverables/${started.id}`).expect(200);
    const parsed = JSON.parse(file.text);
    expect(parsed.images.map((i: { file_name: string }) => i.file_name)).toEqual(['a.jpg']);
    expect(parsed.annotations[0]).toMatchObject({ bbox: [50, 10, 20, 20], category_id: 1, iscrowd: 0 });
  });
});
