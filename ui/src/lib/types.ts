/** Shapes of the API responses (see the routes under core/src/modules and /api/openapi.json). */
export const ROLES = ['hub_admin', 'tenant_admin', 'director', 'worker', 'client'] as const;
export type Role = (typeof ROLES)[number];
export const GRANTABLE_ROLES = ['tenant_admin', 'director', 'worker', 'client'] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];
export type Locale = 'ja' | 'en';

export const TENANT_KINDS = ['hub', 'municipality', 'operator'] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];
export const TENANT_STATUSES = ['onboarding', 'active', 'suspended'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export interface Membership {
  id: string;
  role: Role;
  tenant: { slug: string; nameJa: string; nameEn: string; kind: TenantKind; status: TenantStatus };
}

export interface Me {
  user: { id: string; email: string; displayName: string; locale: Locale };
  memberships: Membership[];
  csrfToken: string | null;
}

export interface Tenant {
  id: string;
  slug: string;
  nameJa: string;
  nameEn: string;
  kind: TenantKind;
  prefecture: string;
  localGovernmentCode: string;
  fiscalYearStartMonth: number;
  timeZone: string;
  status: TenantStatus;
  createdAt: string;
  updatedAt: string;
}

export interface CodeHistoryEntry {
  localGovernmentCode: string;
  validFrom: string;
  changedBy: string | null;
}

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];
export interface OpeningHours {
  day: Day;
  opens: string;
  closes: string;
}

export const WORKSPACE_KINDS = ['coworking', 'home'] as const;
export type WorkspaceKind = (typeof WORKSPACE_KINDS)[number];
export interface Workspace {
  id: string;
  name: string;
  kind: WorkspaceKind;
  address: string;
  seats: number;
  openingHours: OpeningHours[];
  childcare: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  id: string;
  role: Role;
  createdAt: string;
  userId: string;
  email: string;
  displayName: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
export interface Invitation {
  id: string;
  email: string;
  role: GrantableRole;
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
}

export interface InvitationPreview {
  email: string;
  role: GrantableRole;
  expiresAt: string;
  /** Not sent by the API yet; the page shows the centre's slug until it is. */
  tenant?: { nameJa: string; nameEn: string };
}

export interface ApiToken {
  id: string;
  name: string;
  role: GrantableRole;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  action: string;
  entityType: string;
  entityId: string | null;
  actorUserId: string | null;
  actorTokenId: string | null;
  actorName: string | null;
  data: unknown;
}

export type JobState = 'waiting' | 'active' | 'completed' | 'failed';

/** A background job as the jobs endpoints describe it; only id, state and progress are relied on. */
export interface Job {
  id: string;
  name?: string;
  state: JobState | string;
  progress?: number;
  failedReason?: string | null;
  error?: string | null;
  attempts?: number;
  attemptsMade?: number;
  createdAt?: string;
  finishedAt?: string | null;
  timestamp?: number;
  finishedOn?: number | null;
  result?: unknown;
}

/** What the realtime gateway pushes (see core/src/realtime/events.ts). */
export interface AuditEvent {
  tenant: string;
  action: string;
  entityType: string;
  entityId: string | null;
  at: string;
}

export interface JobEvent {
  id: string;
  name: string;
  state: JobState;
  progress: number;
}

export const isAdmin = (role: Role | undefined) => role === 'hub_admin' || role === 'tenant_admin';
export const isStaff = (role: Role | undefined) => isAdmin(role) || role === 'director';
