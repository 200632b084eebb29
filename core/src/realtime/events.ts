/** What the server pushes to browsers. Realtime is a hint: clients re-read state from the API on (re)connect. */
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
  state: 'waiting' | 'active' | 'completed' | 'failed';
  progress: number;
}

/** Someone took, gave back or handed in a task: the directors' live view re-reads who is working on what. */
export interface WorkEvent {
  tenant: string;
  kind: 'claimed' | 'released' | 'submitted' | 'reviewed';
  taskId: string;
  at: string;
}

export interface ServerToClientEvents {
  audit: (event: AuditEvent) => void;
  job: (event: JobEvent) => void;
  work: (event: WorkEvent) => void;
}

export type JoinRequest = { tenant: string; project?: string };
export type JoinAck = { ok: true; room: string } | { ok: false; status: 400 | 404 };

export interface ClientToServerEvents {
  join: (request: JoinRequest, ack: (result: JoinAck) => void) => void;
  leave: (request: JoinRequest, ack: (result: { ok: boolean }) => void) => void;
}

/** Rooms are named by ids, never by slugs a client could guess its way around. */
export const rooms = {
  tenant: (tenantId: string) => `tenant:${tenantId}`,
  project: (tenantId: string, projectId: string) => `tenant:${tenantId}:project:${projectId}`,
  user: (userId: string) => `user:${userId}`,
};
