import {
  type AcceptedResult,
  compareFields,
  csvLine,
  csvRows,
  definePlugin,
  encodeText,
  xlsx,
  z,
} from '@kado/plugin-sdk';
import { checkValues, FIELD_TYPES, type FormField, normalisedValue } from './fields.js';

const Field = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-zA-Z0-9]*(-[a-z0-9]+)*$/, 'key is a lowerCamel or kebab-case id'),
    label: z.strictObject({ ja: z.string().min(1), en: z.string().min(1) }),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(true),
    choices: z.array(z.string().min(1)).min(1).optional(),
    maxLength: z.number().int().positive().optional(),
  })
  .refine((f) => f.type !== 'choice' || (f.choices?.length ?? 0) > 0, {
    message: '選択肢 (choices) が必要です / a choice field needs choices',
    path: ['choices'],
  });

const Parameters = z.strictObject({
  form: z.strictObject({
    fields: z
      .array(Field)
      .min(1)
      .max(50)
      .refine((fields) => new Set(fields.map((f) => f.key)).size === fields.length, {
        message: '項目のキーが重複しています / field keys must be unique',
      }),
  }),
  /** The CSV encoding the client asked for; the host offers that export first. */
  encoding: z.enum(['utf-8', 'shift_jis']).optional(),
});
type Parameters = z.output<typeof Parameters>;

/** A file name as uploaded to the project: no folders, so a task cannot point outside the project's files. */
const isPlainName = (name: string) => !/[/\\]/.test(name) && !name.includes('..');

const Task = z.strictObject({
  scan: z
    .string()
    .trim()
    .min(1)
    .refine(isPlainName, 'ファイル名のみ指定できます / a file name without a path'),
  reference: z.string().optional(),
});
type Task = z.output<typeof Task>;

const Submission = z.strictObject({ values: z.record(z.string(), z.string()) });
type Submission = z.output<typeof Submission>;

const SCAN_HEADERS = ['scan', '画像'];
const REFERENCE_HEADERS = ['reference', '参照'];
const headerName = (h: string) => h.normalize('NFKC').trim().toLowerCase();

/** The list of scanned pages: a header row with `scan` (or `画像`) and optionally `reference` (or `参照`). */
async function* importCsv(input: AsyncIterable<Uint8Array>) {
  let scanAt = -1;
  let referenceAt = -1;
  let header = false;
  let lastRow = 0;
  const seen = new Map<string, number>();
  try {
    for await (const { row, values } of csvRows(input, { encoding: 'auto' })) {
      lastRow = row;
      if (!header) {
        header = true;
        const names = values.map(headerName);
        scanAt = names.findIndex((n) => SCAN_HEADERS.includes(n));
        referenceAt = names.findIndex((n) => REFERENCE_HEADERS.includes(n));
        if (scanAt < 0) {
          yield {
            row,
            error: '見出し行に scan（画像）列がありません / the header row has no "scan" (画像) column',
          };
          return;
        }
        continue;
      }
      const scan = (values[scanAt] ?? '').trim();
      const reference = referenceAt < 0 ? '' : (values[referenceAt] ?? '').trim();
      if (scan === '') yield { row, error: '画像ファイル名が空です / the scan file name is empty' };
      else if (!isPlainName(scan))
        yield {
          row,
          error: `ファイル名にフォルダや「..」は使えません: ${scan} / a scan name cannot contain a path or "..": ${scan}`,
        };
      else if (seen.has(scan))
        yield {
          row,
          error: `${seen.get(scan)}行目と同じ画像です: ${scan} / the same scan as row ${seen.get(scan)}: ${scan}`,
        };
      else {
        seen.set(scan, row);
        yield { row, payload: reference ? { scan, reference } : { scan } };
      }
    }
  } catch (error) {
    // A quote never closed or bytes that are not text: report it on the row where reading stopped.
    yield { row: lastRow + 1, error: error instanceof Error ? error.message : String(error) };
    return;
  }
  if (!header) yield { row: 1, error: 'ファイルが空です / the file is empty' };
}

/** reference, scan, then each form field in form order, labelled in Japanese with the key. */
const headers = (fields: readonly FormField[]) => [
  '参照 (reference)',
  '画像 (scan)',
  ...fields.map((f) => `${f.label.ja} (${f.key})`),
];

const rowOf = ({ task, submission }: AcceptedResult<Task, Submission>, fields: readonly FormField[]) => [
  task.reference ?? '',
  task.scan,
  ...fields.map((f) => normalisedValue(f, submission.values[f.key])),
];

async function* csvText(results: AsyncIterable<AcceptedResult<Task, Submission>>, parameters: Parameters) {
  const fields = parameters.form.fields;
  yield csvLine(headers(fields));
  for await (const result of results) yield csvLine(rowOf(result, fields));
}

async function* shiftJis(results: AsyncIterable<AcceptedResult<Task, Submission>>, parameters: Parameters) {
  const fields = parameters.form.fields;
  const encode = async function* (line: string, where: string) {
    try {
      yield* encodeText([line], 'shift_jis');
    } catch (error) {
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  yield* encode(csvLine(headers(fields)), '見出し / header');
  // Encoded line by line so an error can name the scan whose values cannot be written in Shift_JIS.
  for await (const result of results) yield* encode(csvLine(rowOf(result, fields)), result.task.scan);
}

/** Numbers within double precision become number cells; longer digit strings stay text, exactly. */
const numberCell = (value: string) =>
  value !== '' && String(Number(value)) === value ? Number(value) : value;

async function* xlsxRows(
  results: AsyncIterable<AcceptedResult<Task, Submission>>,
  fields: readonly FormField[],
) {
  for await (const result of results) {
    const [reference, scan, ...values] = rowOf(result, fields);
    yield [
      reference,
      scan,
      ...values.map((value, i) => {
        const type = fields[i]?.type;
        if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value ?? '')) return new Date(`${value}T00:00:00Z`);
        if (type === 'number') return numberCell(value ?? '');
        return value;
      }),
    ];
  }
}

export default definePlugin({
  id: 'data-entry',
  version: '1.0.0',
  host: '^0.1.0',
  title: { ja: 'データ入力', en: 'Data entry' },
  skills: ['typing-ja'],
  pricing: { unit: 'task' },
  task: Task,
  submission: Submission,
  orderParameters: Parameters,
  importers: { csv: importCsv },
  quality: { strategy: 'double-entry' },
  /**
   * Double entry: two workers key the same page; fields that differ go to a director. Values are compared
   * in their normalised form, so `R6.4.1` and `2024-04-01` agree.
   */
  compare(expected, actual, parameters) {
    const normalise = (values: Record<string, string>) => {
      const out: Record<string, string> = { ...values };
      for (const field of parameters?.form.fields ?? [])
        if (field.key in values) out[field.key] = normalisedValue(field, values[field.key]);
      return out;
    };
    return compareFields(normalise(expected.values), normalise(actual.values), undefined, '/values');
  },
  checkSubmission: (submission, _task, parameters) => checkValues(submission.values, parameters.form.fields),
  // About 30 seconds a field: find it on the scan, key it, check it. A page is never less than a minute.
  estimateMinutes: (_task, parameters) => Math.max(1, Math.ceil(parameters.form.fields.length * 0.5)),
  exporters: {
    csv: {
      contentType: 'text/csv; charset=utf-8',
      fileExtension: 'csv',
      // With a BOM, so Excel opens it as UTF-8.
      export: (results, parameters) => encodeText(csvText(results, parameters), 'utf-8-bom'),
    },
    'csv-sjis': {
      contentType: 'text/csv; charset=shift_jis',
      fileExtension: 'csv',
      export: shiftJis,
    },
    xlsx: {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileExtension: 'xlsx',
      export: (results, parameters) =>
        xlsx([
          {
            name: 'データ入力',
            columns: headers(parameters.form.fields).map((header) => ({ header, width: 18 })),
            rows: xlsxRows(results, parameters.form.fields),
          },
        ]),
    },
  },
  ui: { task: './ui/TaskView.svelte' },
});
