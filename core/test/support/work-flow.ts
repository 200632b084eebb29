import { expect } from 'vitest';
import { giveContract } from './contracts-time-seed.js';
import type { Client } from './test-app.js';

/** Helpers for tests that take an order through projects and tasks over HTTP. */

/** Enables a work type for a tenant, as its admin does on the plugins page. */
export async function enablePlugin(admin: Client, tenant: string, id: string) {
  await admin.put(`/api/t/${tenant}/plugins/${id}`, { enabled: true }).expect(200);
}

/** A client company, an order of the work type, accepted: returns the order and its project ids. */
export async function acceptedOrder(
  staff: Client,
  tenant: string,
  order: { workType: string; parameters: object; title?: string; hours?: number },
) {
  const clientId = (
    await staff
      .post(`/api/t/${tenant}/clients`, {
        kind: 'company',
        name: `発注者 ${Math.random().toString(36).slice(2, 8)}`,
      })
      .expect(201)
  ).body.id as string;
  const created = await staff
    .post(`/api/t/${tenant}/orders`, {
      clientId,
      title: order.title ?? 'テスト受注',
      workType: order.workType,
      parameters: order.parameters,
      contractType: 'ukeoi',
      quantity: 100,
      unitPrice: 50,
      deadline: '2027-03-31T17:00:00+09:00',
      qualityTarget: 95,
    })
    .expect(201);
  await staff.post(`/api/t/${tenant}/orders/${created.body.id}/transitions`, { to: 'accepted' }).expect(200);
  const projects = (await staff.get(`/api/t/${tenant}/projects?orderId=${created.body.id}`).expect(200)).body;
  expect(projects).toHaveLength(1);
  return { orderId: created.body.id as string, clientId, projectId: projects[0].id as string };
}

/** Uploads an input file and waits for its import job to finish; returns the import. */
export async function importFile(
  staff: Client,
  tenant: string,
  projectId: string,
  format: string,
  content: string | Buffer,
  contentType = 'text/csv',
) {
  const started = await staff
    .post(`/api/t/${tenant}/projects/${projectId}/imports?format=${format}&name=input.${format}`)
    .set('content-type', contentType)
    // A string goes as it is; superagent would serialise a Buffer sent as application/json.
    .send(content)
    .expect(202);
  return waitFor(staff, `/api/t/${tenant}/projects/${projectId}/imports/${started.body.id}`);
}

/** Polls a resource until its status is done or failed (jobs run in the background). */
export async function waitFor(staff: Client, url: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await staff.get(url).expect(200);
    if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
    if (Date.now() > until) throw new Error(`timed out waiting for ${url}: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Gives a member the skills a work type needs. */
export async function grantSkills(admin: Client, tenant: string, email: string, skills: string[]) {
  const members = (await admin.get(`/api/t/${tenant}/members`).expect(200)).body as {
    userId: string;
    email: string;
  }[];
  const userId = members.find((m) => m.email === email)?.userId;
  if (!userId) throw new Error(`${email} is not a member of ${tenant}`);
  await admin
    .put(`/api/t/${tenant}/members/${userId}/skills`, {
      skills: skills.map((skill) => ({ skill, level: 2 })),
    })
    .expect(200);
  return userId;
}

/**
 * Makes a worker able to take work: the skills a work type needs, and an accepted, current agreement
 * (issue #5: no task can be claimed without one). `admin` is a tenant admin; `worker` is the worker signed in.
 */
export async function qualify(
  admin: Client,
  worker: Client,
  tenant: string,
  email: string,
  skills: string[],
) {
  const userId = await grantSkills(admin, tenant, email, skills);
  await giveContract(admin, worker, tenant, email);
  return userId;
}
