import type { Container } from 'inversify';
import { Database } from '../../../db/database.js';
import { runInTenantScope } from '../../../db/request-context.js';
import type { Role } from '../../../db/schema.js';
import { PluginsService } from '../../plugins/plugins.service.js';
import { giveDemoContracts } from '../../projects/demo-work.js';
import { AvailabilityService } from '../../workers/availability.service.js';
import { PutAvailabilityBody } from '../../workers/worker.schemas.js';

/** The DOMAIN's typical schedules, given to the demo workers in turn. */
const SCHEDULES = [
  // Mon/Wed/Fri 9:00–14:30, Tue/Thu 9:00–12:00
  {
    mon: [{ start: '09:00', end: '14:30' }],
    tue: [{ start: '09:00', end: '12:00' }],
    wed: [{ start: '09:00', end: '14:30' }],
    thu: [{ start: '09:00', end: '12:00' }],
    fri: [{ start: '09:00', end: '14:30' }],
  },
  // a mother of two: four days, 4.5 h a day
  {
    mon: [{ start: '09:30', end: '14:00' }],
    tue: [{ start: '09:30', end: '14:00' }],
    thu: [{ start: '09:30', end: '14:00' }],
    fri: [{ start: '09:30', end: '14:00' }],
  },
  // a student: three days, 4–5 h
  {
    tue: [{ start: '13:00', end: '18:00' }],
    thu: [{ start: '13:00', end: '17:00' }],
    sat: [{ start: '10:00', end: '15:00' }],
  },
  // from a welfare facility: five days, 3–6 h
  {
    mon: [{ start: '10:00', end: '15:00' }],
    tue: [{ start: '10:00', end: '13:00' }],
    wed: [{ start: '10:00', end: '16:00' }],
    thu: [{ start: '10:00', end: '13:00' }],
    fri: [{ start: '10:00', end: '15:00' }],
  },
];

/**
 * The demo network's capacity for shared work: in the hub and every active partner that takes the work
 * type, the plugin is enabled and each demo worker holds its skills, has set hours (a DOMAIN schedule)
 * and an accepted agreement — so the hub's first "share" proposes a real split. Skips what is there.
 */
export async function seedDemoNetwork(container: Container, workType = 'image-annotation') {
  const db = container.get(Database);
  const plugins = container.get(PluginsService);
  await plugins.host.ready();
  const plugin = plugins.host.get(workType);
  if (!plugin) return;
  const centres = await db.asOwner((tx) =>
    tx
      .selectFrom('tenants as t')
      .leftJoin('hub_partnerships as p', 'p.tenant_id', 't.id')
      .select([
        't.id',
        't.slug',
        't.kind',
        't.status',
        't.name_ja',
        't.name_en',
        'p.work_types',
        'p.status as agreement',
      ])
      .where('t.status', '=', 'active')
      .execute(),
  );
  for (const tenant of centres.filter(
    (c) => c.kind === 'hub' || (c.agreement === 'active' && c.work_types?.includes(workType)),
  )) {
    const people = await db.withTenant(tenant.id, (tx) =>
      tx
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['memberships.user_id', 'memberships.role', 'users.email'])
        .execute(),
    );
    const admin = people.find((p) => p.role === 'tenant_admin' || p.role === 'hub_admin');
    const as = <T>(role: Role, fn: () => Promise<T>, userId = admin?.user_id ?? null) =>
      runInTenantScope({ tenant, role, actor: { userId, tokenId: null } }, fn);
    const workers = people.filter((p) => p.role === 'worker').map((p) => p.user_id);
    await as('tenant_admin', () => plugins.setEnabled(workType, true));
    if (workers.length === 0) continue;
    await db.withTenant(tenant.id, (tx) =>
      tx
        .insertInto('worker_skills')
        .values(
          workers.flatMap((w) =>
            plugin.definition.skills.map((skill: string) => ({ tenant_id: tenant.id, user_id: w, skill })),
          ),
        )
        .onConflict((oc) => oc.doNothing())
        .execute(),
    );
    const availability = container.get(AvailabilityService);
    const configured = await db.withTenant(tenant.id, (tx) => availability.rulesOf(tx, workers));
    // worker01, the demo sign-in, keeps "no hours set" (no limit) so the demo always has work to offer.
    const signIn = new Set(people.filter((p) => p.email.startsWith('worker01@')).map((p) => p.user_id));
    for (const [i, userId] of workers.entries()) {
      if (configured.get(userId) || signIn.has(userId)) continue;
      const input = PutAvailabilityBody.parse({
        pattern: SCHEDULES[i % SCHEDULES.length],
        maxMinutesPerWeek: null,
      });
      await as('worker', () => availability.put(input), userId);
    }
    await giveDemoContracts(container, tenant, workers, as);
  }
}
