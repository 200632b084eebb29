/** One accepted task with the submission that was accepted for it. */
export interface AcceptedResult<Task, Submission> {
  task: Task;
  submission: Submission;
  /** Who did it, as the client may see it: a pseudonymous reference and the display name. */
  worker?: { ref: string; name: string };
  /** When the result was accepted (ISO 8601). */
  acceptedAt?: string;
}

/**
 * Streams accepted results into a deliverable file. Reads its input one result at a time and yields
 * chunks, so memory does not grow with the number of tasks.
 */
export interface Exporter<Task, Submission, Parameters> {
  /** e.g. `text/csv; charset=shift_jis`, `application/json`. */
  contentType: string;
  /** Without the dot, e.g. `csv`, `xlsx`. */
  fileExtension: string;
  export(
    results: AsyncIterable<AcceptedResult<Task, Submission>>,
    parameters: Parameters,
  ): AsyncIterable<Uint8Array | string>;
}
