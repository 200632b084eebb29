import { io, type Socket } from 'socket.io-client';
import type { AuditEvent, JobEvent } from './types';
import type { WorkEvent } from './work-types';

/**
 * Live updates over socket.io (same origin, /socket.io, authenticated by the session cookie). Realtime is
 * only a hint: pages fetch from the API on mount and again whenever the socket (re)connects, so a
 * missing or dropped socket costs freshness, never data. Without a socket the app works as before.
 */
export type RealtimeStatus = 'off' | 'connecting' | 'live' | 'unavailable';

type Listener<T> = (event: T) => void;

const state = $state<{ status: RealtimeStatus }>({ status: 'off' });

let socket: Socket | null = null;
let tenant: string | null = null;
const auditListeners = new Set<Listener<AuditEvent>>();
const jobListeners = new Set<Listener<JobEvent>>();
const workListeners = new Set<Listener<WorkEvent>>();
const reconnectListeners = new Set<() => void>();

export const realtime = {
  get status(): RealtimeStatus {
    return state.status;
  },
  get live(): boolean {
    return state.status === 'live';
  },
};

function join(): void {
  if (!socket || !tenant) return;
  const slug = tenant;
  socket
    .timeout(5000)
    .emit('join', { tenant: slug }, (err: unknown, ack?: { ok: boolean; status?: number }) => {
      if (slug !== tenant) return;
      if (err || !ack?.ok) {
        state.status = 'unavailable';
        return;
      }
      state.status = 'live';
      for (const listener of reconnectListeners) listener();
    });
}

/** Follow the given tenant's room (null: none). Opens the socket on first use. */
export function useRealtimeTenant(slug: string | null): void {
  if (slug === tenant && socket) return;
  if (socket && tenant && tenant !== slug) socket.emit('leave', { tenant }, () => {});
  tenant = slug;
  if (!slug) return;
  if (!socket) {
    state.status = 'connecting';
    socket = io({
      path: '/socket.io',
      // WebSocket only: long-polling needs every request of a session on one instance (sticky sessions).
      transports: ['websocket'],
      withCredentials: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 30_000,
      timeout: 10_000,
    });
    socket.on('connect', join);
    socket.on('disconnect', () => {
      state.status = 'connecting';
    });
    socket.on('connect_error', () => {
      state.status = 'unavailable';
    });
    socket.on('audit', (event: AuditEvent) => {
      if (event?.tenant !== tenant) return;
      for (const listener of auditListeners) listener(event);
    });
    socket.on('job', (event: JobEvent) => {
      for (const listener of jobListeners) listener(event);
    });
    socket.on('work', (event: WorkEvent) => {
      if (event?.tenant !== tenant) return;
      for (const listener of workListeners) listener(event);
    });
  } else if (socket.connected) {
    join();
  }
}

/** Close the socket: on sign-out, and on sign-in so the next one carries the new session cookie. */
export function disconnectRealtime(): void {
  socket?.disconnect();
  socket = null;
  tenant = null;
  state.status = 'off';
}

/** Subscribe; each returns its unsubscribe function (handy as an onMount/$effect cleanup). */
export function onAudit(listener: Listener<AuditEvent>): () => void {
  auditListeners.add(listener);
  return () => auditListeners.delete(listener);
}

export function onJob(listener: Listener<JobEvent>): () => void {
  jobListeners.add(listener);
  return () => jobListeners.delete(listener);
}

/** Someone took, gave back or handed in a task in the current centre. */
export function onWork(listener: Listener<WorkEvent>): () => void {
  workListeners.add(listener);
  return () => workListeners.delete(listener);
}

/** Called each time the tenant room is (re)joined: refetch what the page shows. */
export function onRealtimeReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

/** Collapses a burst of calls into one, `ms` after the last. */
export function debounce(fn: () => void, ms = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
