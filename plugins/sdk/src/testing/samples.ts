/** What a plugin hands the contract kit: small, valid examples of everything it handles. */
export interface ContractSamples {
  /** Task payloads the `task` schema accepts (at least one). */
  tasks: unknown[];
  /** Submissions the `submission` schema accepts (at least one). */
  submissions: unknown[];
  /** Order parameters the `orderParameters` schema accepts; importers and exporters receive them. */
  orderParameters: unknown;
  /**
   * One sample per importer: an input file that imports cleanly, and one with a bad row at `badRow`
   * (1-based, as the importer numbers rows) that the importer must report.
   */
  imports: Record<string, { input: string | Uint8Array; badInput: string | Uint8Array; badRow: number }>;
  /** Accepted results every exporter must turn into a non-empty deliverable. */
  accepted: { task: unknown; submission: unknown }[];
}

/** Feeds bytes in small chunks, so an importer that assumes whole lines or characters per chunk fails. */
export async function* chunked(input: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}
