/** The bytes of an order's input file: a Node Readable, a web stream's reader, or any async iterable. */
export type ImportSource = AsyncIterable<Uint8Array>;

/**
 * One row of the input: the task payload it became, or why it could not (1-based row numbers). A row may
 * yield several payloads (a staffing row of 2 operators is 2 shifts). `expected` marks a golden task: its
 * known answer (a submission), never shown to workers.
 */
export type ImportItem<Payload, Submission = unknown> =
  | { row: number; payload: Payload; expected?: Submission }
  | { row: number; error: string };

/**
 * Streams order input into task payloads. Yields every row, good or bad, so the host can reject a file
 * with every bad row's number and reason and import nothing.
 */
export type Importer<Payload, Parameters> = (
  input: ImportSource,
  parameters: Parameters,
) => AsyncIterable<ImportItem<Payload>>;

export const isImportError = <P>(item: ImportItem<P>): item is { row: number; error: string } =>
  'error' in item;

/** Splits a UTF-8 byte stream into lines (without their `\n` / `\r\n`), for line-based importers. */
export async function* textLines(input: ImportSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of input) {
    rest += decoder.decode(chunk, { stream: true });
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  rest += decoder.decode();
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
