import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database } from '../db/database.js';
import { currentScope } from '../db/request-context.js';
import { Problem } from '../kernel/problems.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const KEY = /^[A-Za-z0-9_.:-]{1,255}$/;

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What makes two requests "the same": route, URL parameters, body, and who sends it. */
export function requestHash(parts: {
  route: string;
  params: unknown;
  body: unknown;
  actor: unknown;
}): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

/** The Idempotency-Key header, if sent; a malformed one is a 400 naming the header. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get(IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!KEY.test(key)) {
    throw new Problem(
      'validation-failed',
      'Idempotency-Key は英数字と _ . : - で255文字まで / Idempotency-Key: up to 255 of A-Z a-z 0-9 _ . : -',
      {
        errors: [
          {
            pointer: '/headers/idempotency-key',
            code: 'invalid_format',
            detail: 'A-Z a-z 0-9 _ . : -, 1–255',
          },
        ],
      },
    );
  }
  return key;
}

/**
 * Idempotency-Key for any tenant route (`idempotent: true` on defineRoute), as Stripe does: the first
 * successful response is stored with a hash of the request and replayed for the same key; the same key
 * with a different request is 422; a key whose first request is still running is 409. Keys are per tenant
 * and kept 24 h. A request that fails frees its key, so the client may retry with it.
 *
 * The claim is committed before the handler runs (so a concurrent duplicate sees it) and the response is
 * stored after the handler's own transaction has committed. A process dying between the two leaves the key
 * "running" (409) until it expires: never a second execution.
 */
@injectable()
export class IdempotencyService {
  constructor(@inject(Database) private readonly db: Database) {}

  async run<T>(key: string, hash: string, status: number, res: Response, handle: () => Promise<T>) {
    const claim = await this.db.inTenant(async (tx) => {
      // Expired keys of this tenant go first: an index range on (tenant_id, expires_at), no sweeper needed.
      await tx.deleteFrom('idempotency_keys').where('expires_at', '<', sql<Date>`now()`).execute();
      const inserted = await tx
        .insertInto('idempotency_keys')
        .values(({ eb }) => ({ tenant_id: eb.fn<string>('kado_current_tenant'), key, request_hash: hash }))
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) return { kind: 'claimed' as const };
      const existing = await tx
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      return { kind: 'existing' as const, existing };
    });

    if (claim.kind === 'existing') {
      const { existing } = claim;
      if (existing.state === 'running')
        throw new Problem(
          'conflict',
          'この Idempotency-Key の最初のリクエストはまだ処理中です / The first request with this Idempotency-Key is still running',
        );
      if (existing.request_hash !== hash)
        throw new Problem(
          'unprocessable',
          'この Idempotency-Key は別の内容のリクエストに使われています / This Idempotency-Key was used for a different request',
        );
      res.set(REPLAYED_HEADER, 'true');
      return { status: existing.response_status ?? status, body: existing.response_body as T };
    }

    let body: T;
    try {
      body = await handle();
    } catch (err) {
      await this.db.inTenant((tx) => tx.deleteFrom('idempotency_keys').where('key', '=', key).execute());
      throw err;
    }
    // Stored as the client saw it: JSON, dates as ISO strings.
    const stored = body === undefined ? null : JSON.stringify(body);
    await this.db.inTenant((tx) =>
      tx
        .updateTable('idempotency_keys')
        .set({ state: 'done', response_status: status, response_body: stored })
        .where('key', '=', key)
        .execute(),
    );
    return { status, body: (stored === null ? undefined : JSON.parse(stored)) as T };
  }

  /** For a route marked `idempotent`: runs `handle` under the request's Idempotency-Key, if it sent one. */
  async handle<T>(
    req: Request,
    res: Response,
    route: { method: string; path: string; response: { status: number } },
    params: unknown,
    handle: () => Promise<T>,
  ): Promise<T> {
    const key = idempotencyKeyOf(req);
    if (!key) return handle();
    const { actor } = currentScope();
    const hash = requestHash({
      route: `${route.method} ${route.path}`,
      params,
      body: req.body ?? null,
      actor,
    });
    return (await this.run(key, hash, route.response.status, res, handle)).body;
  }
}
