/** Injection tokens for values that are not classes. */
export const TOKENS = {
  Config: Symbol.for('kado.Config'),
  Logger: Symbol.for('kado.Logger'),
  /** The background-job queue (jobs/queue.ts): BullMQ with REDIS_URL, else the database adapter. */
  JobQueue: Symbol.for('kado.JobQueue'),
  /** Uploaded files and deliverables (storage/file-storage.ts): a folder under the data directory by default. */
  FileStorage: Symbol.for('kado.FileStorage'),
} as const;
