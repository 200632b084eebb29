import type { Request } from 'express';
import { inject, injectable } from 'inversify';
import type { TenantScope } from '../db/request-context.js';
import type { Role } from '../db/schema.js';
import { Problem } from '../kernel/problems.js';
import { ApiTokensService } from '../modules/identity/api-tokens.service.js';
import { MembershipsService } from '../modules/identity/memberships.service.js';
import { type ActiveSession, SessionsService } from '../modules/identity/sessions.service.js';
import { TenantsService } from '../modules/tenants/tenants.service.js';
import type { Access } from './route.js';

export const SESSION_COOKIE = 'kado_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface SignedInUser extends ActiveSession {
  sessionToken: string;
}

type Credentials =
  | { kind: 'none' }
  | { kind: 'session'; user: SignedInUser }
  | { kind: 'bearer'; secret: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ADMIN_ROLES: readonly Role[] = ['hub_admin', 'tenant_admin'];

/**
 * Authenticate → resolve the tenant from the URL → membership and role → scope. The tenant comes only from
 * the URL checked against the verified session or token, never from a body or header. A tenant the
 * caller does not belong to answers 404, exactly like one that does not exist.
 */
@injectable()
export class Authenticator {
  constructor(
    @inject(SessionsService) private readonly sessions: SessionsService,
    @inject(TenantsService) private readonly tenants: TenantsService,
    @inject(MembershipsService) private readonly memberships: MembershipsService,
    @inject(ApiTokensService) private readonly apiTokens: ApiTokensService,
  ) {}

  async credentials(req: Request): Promise<Credentials> {
    const header = req.get('authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1])
        throw new Problem(
          'unauthenticated',
          'Authorization ヘッダーは "Bearer <token>" の形式です / Use "Authorization: Bearer <token>"',
        );
      return { kind: 'bearer', secret: match[1] };
    }
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof token !== 'string' || token === '') return { kind: 'none' };
    const session = await this.sessions.resolve(token);
    if (!session) return { kind: 'none' };
    if (!SAFE_METHODS.has(req.method) && req.get(CSRF_HEADER) !== session.csrfToken)
      throw new Problem('csrf-failed');
    return { kind: 'session', user: { ...session, sessionToken: token } };
  }

  /** Resolves who may do what in the tenant named by the URL, or throws the problem to answer. */
  async authorize(
    req: Request,
    access: Access,
    creds: Credentials,
  ): Promise<{ user: SignedInUser | null; scope: TenantScope | null }> {
    const user = creds.kind === 'session' ? creds.user : null;
    if (access.kind === 'public') return { user, scope: null };
    if (creds.kind === 'none' && !(access.kind === 'tenant' && access.anonymous))
      throw new Problem('unauthenticated');
    if (access.kind === 'signed-in') {
      if (!user)
        throw new Problem('forbidden', 'API トークンでは利用できません / Not available to API tokens');
      return { user, scope: null };
    }

    const slug = String(req.params.tenant);
    const tenant = await this.tenants.findBySlug(slug);
    const notFound = new Problem(
      'not-found',
      `センター "${slug}" は見つかりません / Tenant "${slug}" not found`,
    );
    if (!tenant) throw notFound;

    let role: Role | null | undefined = null;
    let tokenId: string | null = null;
    if (access.anonymous) {
      // e.g. accepting an invitation: the tenant is known, the person not yet.
    } else if (creds.kind === 'bearer') {
      const token = await this.apiTokens.resolve(tenant.id, creds.secret);
      if (!token)
        throw new Problem('unauthenticated', 'API トークンが無効です / Invalid or revoked API token');
      role = token.role;
      tokenId = token.id;
    } else if (creds.kind === 'session') {
      role = await this.memberships.roleOf(tenant.id, creds.user.userId);
      if (!role) throw notFound;
    }

    if (access.hubOnly && tenant.kind !== 'hub') throw notFound;
    if (
      access.roles &&
      (!role || !access.roles.includes(role)) &&
      !(role === 'hub_admin' && access.roles.some((r) => ADMIN_ROLES.includes(r)))
    ) {
      throw new Problem('forbidden');
    }
    if (tenant.status === 'suspended' && !SAFE_METHODS.has(req.method)) throw new Problem('tenant-suspended');
    return {
      user,
      scope: {
        tenant,
        role: role ?? null,
        actor: { userId: user?.userId ?? null, tokenId },
        announcements: [],
      },
    };
  }
}
