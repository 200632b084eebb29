import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import type { Config } from '../kernel/config.js';
import type { Lifecycle } from '../kernel/lifecycle.js';
import { Problem } from '../kernel/problems.js';
import { defineRoute } from './route.js';

async function pingRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  redis.on('error', () => {}); // the failed connect() below reports it
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

const Checks = z.object({
  status: z.enum(['ok']),
  checks: z.record(z.string(), z.enum(['ok', 'down', 'not configured'])),
});

export const systemRoutes = (db: Database, config: Config, lifecycle: Lifecycle) => [
  defineRoute({
    method: 'get',
    path: '/health',
    summary: '生存確認 / Liveness: the process answers',
    tags: ['system'],
    access: { kind: 'public' },
    response: { status: 200, description: 'Alive', schema: z.object({ status: z.literal('ok') }) },
    handle: async () => ({ status: 'ok' }),
  }),
  defineRoute({
    method: 'get',
    path: '/ready',
    summary:
      '準備完了確認 / Readiness: database and (when configured) Redis reachable, and not shutting down',
    tags: ['system'],
    access: { kind: 'public' },
    response: { status: 200, description: 'Ready', schema: Checks },
    handle: async () => {
      if (lifecycle.draining)
        throw new Problem('unavailable', '停止処理中です / Shutting down: send new requests elsewhere');
      const checks: Record<string, 'ok' | 'down' | 'not configured'> = {
        database: await db.ping().then(
          () => 'ok' as const,
          () => 'down' as const,
        ),
        redis: config.redisUrl
          ? await pingRedis(config.redisUrl).then(
              () => 'ok' as const,
              () => 'down' as const,
            )
          : 'not configured',
      };
      const down = Object.entries(checks)
        .filter(([, v]) => v === 'down')
        .map(([k]) => k);
      if (down.length > 0)
        throw new Problem('unavailable', `接続できません / Unreachable: ${down.join(', ')}`);
      return { status: 'ok', checks };
    },
  }),
];
