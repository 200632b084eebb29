/** Shapes of the order, project and task API (core/src/modules/orders, clients, projects). */
export const ORDER_STATUSES = [
  'draft',
  'accepted',
  'in_progress',
  'delivered',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type ContractType = 'ukeoi' | 'jun_inin';

export interface ClientCompany {
  id: string;
  kind: 'company' | 'municipal_department';
  name: string;
  contact: { person: string; email: string; phone: string };
  invoice: { billingAddress: string; registrationNumber: string | null };
  users?: { userId: string; email: string; displayName: string }[];
}

export interface Order {
  id: string;
  clientId: string;
  clientName: string;
  title: string;
  workType: string;
  parameters: Record<string, unknown>;
  contractType: ContractType;
  quantity: number | null;
  unitPrice: number | null;
  hours: number | null;
  hourlyRate: number | null;
  /** Integer yen. */
  amount: number;
  deadline: string;
  qualityTarget: number;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
}

/** GET /t/:tenant/plugins: the installed work types and whether this centre has each enabled. */
export interface TenantPlugin {
  id: string;
  version: string;
  title: { ja: string; en: string };
  skills: string[];
  pricingUnit: 'task' | 'hour';
  importers: string[];
  exporters: { format: string; fileExtension: string }[];
  quality: QualityPolicy;
  enabled: boolean;
  enabledVersion: string | null;
  enabledAt: string | null;
}

export type QualityPolicy =
  | { strategy: 'review' }
  | { strategy: 'double-entry'; fields?: string[] }
  | { strategy: 'consensus'; overlap: number; threshold?: number }
  | { strategy: 'golden'; rate: number };

export const TASK_STATUSES = [
  'open',
  'assigned',
  'submitted',
  'in_review',
  'accepted',
  'returned',
  'shared',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Project {
  id: string;
  orderId: string;
  workType: string;
  pluginVersion: string;
  parameters: Record<string, unknown>;
  quality: QualityPolicy;
  needed: number;
  goldenPercent: number;
  leaseMinutes: number;
  dueAt: string;
  qualityTarget: number;
  createdAt: string;
}

/** GET /t/:tenant/projects/:id adds progress and measured quality (percent, null before anything is scored). */
export interface ProjectDetail extends Project {
  progress: Record<TaskStatus, number> & { total: number; golden: number; percentAccepted: number };
  measuredQuality: number | null;
  scoredSubmissions: number;
}

export interface ProjectFile {
  name: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export type FileJobStatus = 'queued' | 'running' | 'failed' | 'done';

export interface ImportRun {
  id: string;
  projectId: string;
  format: string;
  fileName: string;
  size: number;
  status: FileJobStatus;
  /** The background job (GET /t/:tenant/jobs/:jobId gives its progress 0–100). */
  jobId: string | null;
  imported: number;
  golden: number;
  /** Every bad row (up to 1,000) when the file was rejected. */
  errors: { row: number; error: string }[];
  errorCount: number;
  createdAt: string;
  finishedAt: string | null;
}

export interface ExportRun {
  id: string;
  projectId: string;
  format: string;
  status: FileJobStatus;
  fileName: string;
  contentType: string;
  size: number | null;
  tasks: number | null;
  error: string | null;
  jobId: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A task as staff see it (GET /t/:tenant/projects/:id/tasks, /reviews). */
export interface StaffTask {
  id: string;
  projectId: string;
  seq: number;
  payload: unknown;
  golden: boolean;
  status: TaskStatus;
  needed: number;
  activeCount: number;
  submittedCount: number;
  estimatedMinutes: number;
  dueAt: string;
  /** Fields that differ between double-entry or consensus submissions (JSON pointers). */
  differences: string[] | null;
  acceptedSubmissionId: string | null;
  acceptedAt: string | null;
  /** Last change of state: for a task waiting for review, when it was handed in. */
  updatedAt: string;
}

/** GET /t/:tenant/tasks/:id for staff. */
export interface StaffTaskDetail extends StaffTask {
  expected: unknown;
  submissions: {
    id: string;
    workerId: string;
    workerName: string;
    payload: unknown;
    verdict: 'pending' | 'accepted' | 'rejected' | 'returned' | 'adjudicated' | 'scored';
    agreement: number | null;
    comment: string | null;
    createdAt: string;
  }[];
}

/** A task as its worker sees it (POST /tasks/next, /tasks/:id/claim, GET /tasks/:id for a worker). */
export interface WorkTask {
  id: string;
  projectId: string;
  /** The plugin id: which task workspace to show. */
  workType: string;
  /** The order's parameters, as the plugin's workspace needs them (form fields, label classes …). */
  parameters: unknown;
  payload: unknown;
  estimatedMinutes: number;
  dueAt: string;
  assignment: { id: string; status: string; draft: unknown; expiresAt: string };
  /** Why a director returned it, when they did. */
  returnComment?: string | null;
}

/** GET /t/:tenant/tasks/mine. */
export interface MyWork {
  tasks: {
    id: string;
    projectId: string;
    payload: unknown;
    estimatedMinutes: number;
    dueAt: string;
    status: 'active' | 'submitted' | 'expired' | 'returned' | 'released';
    expiresAt: string;
    claimedAt: string;
  }[];
  accuracy: { workType: string; scored: number; accuracy: number | null }[];
}

export interface Accuracy {
  userId: string;
  displayName: string;
  workType: string;
  scored: number;
  accuracy: number | null;
}

/** Pushed when someone takes, gives back or hands in a task (a hint: re-read from the API). */
export interface WorkEvent {
  tenant: string;
  kind: 'claimed' | 'released' | 'submitted' | 'reviewed';
  taskId: string;
  at: string;
}

/** GET /t/:tenant/team/now. */
export interface LiveHold {
  workerId: string;
  workerName: string;
  taskId: string;
  projectId: string;
  workType: string;
  orderTitle: string;
  estimatedMinutes: number;
  since: string;
  leaseExpiresAt: string;
}

/** GET /t/:tenant/team/attention. */
export interface AttentionItem {
  workerId: string;
  workerName: string;
  workType: string;
  scored: number;
  accuracy: number;
  reason: 'accuracy';
}

/** GET /t/:tenant/team/roster. */
export interface Roster {
  date: string;
  workers: {
    workerId: string;
    workerName: string;
    /** The hours they can give today; null when they never set any. */
    today: { start: string; end: string }[] | null;
    minutesLeft: number | null;
    clockedIn: boolean;
  }[];
  timesheetsWaiting: number;
}
