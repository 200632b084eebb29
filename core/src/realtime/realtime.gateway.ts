import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { parse as parseCookie } from 'cookie';
import { inject, injectable } from 'inversify';
import { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { SESSION_COOKIE } from '../http/authenticate.js';
import type { Config } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
import { TOKENS } from '../kernel/tokens.js';
import { ApiTokensService } from '../modules/identity/api-tokens.service.js';
import { MembershipsService } from '../modules/identity/memberships.service.js';
import { SessionsService } from '../modules/identity/sessions.service.js';
import { TenantsService } from '../modules/tenants/tenants.service.js';
import {
  type ClientToServerEvents,
  type JoinAck,
  type JoinRequest,
  rooms,
  type ServerToClientEvents,
} from './events.js';

/** Who a connection is: a signed-in person (session cookie) or an integration (API token of one tenant). */
type Identity = { kind: 'user'; userId: string } | { kind: 'token'; tenantId: string };
type KadoSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { identity: Identity }
>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * socket.io on the API's HTTP server. The handshake is authenticated like an HTTP request; a socket joins
 * its user room at once and a tenant (or project) room only after the same membership check the API does:
 * anything else answers 404, as the API would. With REDIS_URL the Redis Streams adapter fans events out
 * across processes and rides out a Redis blip.
 */
@injectable()
export class RealtimeGateway {
  private io: Server<ClientToServerEvents, ServerToClientEvents> | null = null;
  private redis: Redis | null = null;

  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(SessionsService) private readonly sessions: SessionsService,
    @inject(ApiTokensService) private readonly apiTokens: ApiTokensService,
    @inject(TenantsService) private readonly tenants: TenantsService,
    @inject(MembershipsService) private readonly memberships: MembershipsService,
  ) {}

  /** Serves sockets on `server`; without a server (a job worker) it can still emit through Redis. */
  start(server?: HttpServer): void {
    if (this.config.redisUrl) {
      this.redis = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
      this.redis.on('error', (err) => this.logger.warn({ err }, 'realtime redis connection'));
    }
    const io = new Server<ClientToServerEvents, ServerToClientEvents>({
      serveClient: false,
      // Any instance behind a plain load balancer can take any connection: no polling, no sticky sessions.
      transports: ['websocket'],
      ...(this.redis && { adapter: createAdapter(this.redis, { streamName: this.config.realtimeStream }) }),
    });
    if (server) io.attach(server);
    io.use((socket, next) => {
      this.identify(socket as KadoSocket).then(
        (identity) => {
          if (!identity) return next(new Error('unauthenticated'));
          (socket as KadoSocket).data.identity = identity;
          next();
        },
        (err) => next(err instanceof Error ? err : new Error(String(err))),
      );
    });
    io.on('connection', (raw) => {
      const socket = raw as KadoSocket;
      const { identity } = socket.data;
      if (identity.kind === 'user') void socket.join(rooms.user(identity.userId));
      socket.on('join', (request, ack) => {
        if (typeof ack !== 'function') return;
        this.roomFor(identity, request).then(
          (result) => {
            if (result.ok) void socket.join(result.room);
            ack(result);
          },
          () => ack({ ok: false, status: 404 }),
        );
      });
      socket.on('leave', (request, ack) => {
        this.roomFor(identity, request).then((result) => {
          if (result.ok) void socket.leave(result.room);
          if (typeof ack === 'function') ack({ ok: result.ok });
        });
      });
    });
    this.io = io;
  }

  emitToTenant<E extends keyof ServerToClientEvents>(
    tenantId: string,
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ) {
    this.io?.to(rooms.tenant(tenantId)).emit(event, ...payload);
  }

  /**
   * To this process's sockets only: for events every process learns of by itself (BullMQ's QueueEvents
   * reach each API process), which a fan-out through Redis would deliver once per process.
   */
  emitToTenantLocally<E extends keyof ServerToClientEvents>(
    tenantId: string,
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ) {
    this.io?.local.to(rooms.tenant(tenantId)).emit(event, ...payload);
  }

  emitToUser<E extends keyof ServerToClientEvents>(
    userId: string,
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ) {
    this.io?.to(rooms.user(userId)).emit(event, ...payload);
  }

  async stop(): Promise<void> {
    await this.io?.close();
    this.redis?.disconnect();
    this.io = null;
  }

  private async identify(socket: KadoSocket): Promise<Identity | null> {
    const auth = socket.handshake.auth as { token?: unknown; tenant?: unknown };
    if (typeof auth.token === 'string' && typeof auth.tenant === 'string') {
      const tenant = await this.tenants.findBySlug(auth.tenant);
      const token = tenant && (await this.apiTokens.resolve(tenant.id, auth.token));
      return tenant && token ? { kind: 'token', tenantId: tenant.id } : null;
    }
    const cookie = parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    const session = cookie ? await this.sessions.resolve(cookie) : undefined;
    return session ? { kind: 'user', userId: session.userId } : null;
  }

  /** The room a join asks for, if this identity may be in it. */
  private async roomFor(identity: Identity, request: JoinRequest): Promise<JoinAck> {
    if (
      !request ||
      typeof request.tenant !== 'string' ||
      (request.project !== undefined && !UUID.test(String(request.project)))
    ) {
      return { ok: false, status: 400 };
    }
    const tenant = await this.tenants.findBySlug(request.tenant);
    if (!tenant) return { ok: false, status: 404 };
    const allowed =
      identity.kind === 'token'
        ? identity.tenantId === tenant.id
        : (await this.memberships.roleOf(tenant.id, identity.userId)) !== undefined;
    if (!allowed) return { ok: false, status: 404 };
    return {
      ok: true,
      room: request.project ? rooms.project(tenant.id, request.project) : rooms.tenant(tenant.id),
    };
  }
}
