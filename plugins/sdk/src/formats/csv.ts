// iconv-lite is loaded only when Shift_JIS is used: it needs Node's Buffer, and importing the SDK in a browser
// (a task view using `z`) must not load it.
type Iconv = typeof import('iconv-lite');
const loadIconv = async (): Promise<Iconv> => (await import('iconv-lite')).default;

/** One CSV record (RFC 4180): fields with `,` `"` CR or LF are quoted, quotes doubled; ends with CRLF. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis';

/**
 * Characters whose usual Unicode form (JIS X 0208 mapping, what macOS and many IMEs type) has no CP932 code,
 * mapped to the CP932 character that looks and means the same, as Windows does. Anything else that cannot
 * be encoded is an error, never a silent `?`.
 */
const CP932_EQUIVALENTS: Record<string, string> = {
  '\u301c': '\uff5e', // 〜 WAVE DASH → ～
  '\u2212': '\uff0d', // − MINUS SIGN → －
  '\u2016': '\u2225', // ‖ → ∥
  '\u2014': '\u2015', // — EM DASH → ―
  '\u00a2': '\uffe0', // ¢ → ￠
  '\u00a3': '\uffe1', // £ → ￡
  '\u00ac': '\uffe2', // ¬ → ￢
};
const CP932_MAPPABLE = new RegExp(`[${Object.keys(CP932_EQUIVALENTS).join('')}]`, 'g');

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const count = (text: string, char: string) => text.split(char).length - 1;

/**
 * Encodes a stream of text. `utf-8-bom` starts with a byte order mark (so Excel reads the file as UTF-8);
 * `shift_jis` is Windows-31J (CP932, with the NEC and IBM extensions such as ①, ㈱ and 髙) and throws an
 * Error naming the first character it cannot encode.
 */
export async function* encodeText(
  chunks: AsyncIterable<string> | Iterable<string>,
  encoding: TextEncoding,
): AsyncGenerator<Uint8Array> {
  const utf8 = new TextEncoder();
  const iconv = encoding === 'shift_jis' ? await loadIconv() : null;
  const encode = (text: string) =>
    iconv ? encodeCp932(iconv, text) : text ? utf8.encode(text) : new Uint8Array(0);
  if (encoding === 'utf-8-bom') yield new Uint8Array([0xef, 0xbb, 0xbf]);
  let carry = '';
  for await (const chunk of chunks) {
    let text = carry + chunk;
    carry = '';
    // A surrogate pair split between two chunks is encoded once both halves have arrived.
    if (text.length > 0 && isHighSurrogate(text.charCodeAt(text.length - 1))) {
      carry = text.slice(-1);
      text = text.slice(0, -1);
    }
    const bytes = encode(text);
    if (bytes.length > 0) yield bytes;
  }
  const bytes = encode(carry);
  if (bytes.length > 0) yield bytes;
}

function encodeCp932(iconv: Iconv, text: string): Uint8Array {
  if (text === '') return new Uint8Array(0);
  const mapped = text.replace(CP932_MAPPABLE, (c) => CP932_EQUIVALENTS[c] ?? c);
  const buffer = iconv.encode(mapped, 'cp932');
  // iconv-lite writes `?` (0x3F) for what it cannot encode; 0x3F is never a trail byte in Shift_JIS, so
  // more 0x3F bytes than `?` characters means something was lost.
  let marks = 0;
  for (const byte of buffer) if (byte === 0x3f) marks++;
  if (marks !== count(mapped, '?')) {
    for (const char of mapped) {
      if (char !== '?' && iconv.encode(char, 'cp932').includes(0x3f)) {
        const code = `U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
        throw new Error(
          `Shift_JIS で表せない文字があります: 「${char}」(${code}) / character "${char}" (${code}) cannot be encoded in Shift_JIS`,
        );
      }
    }
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** How many bytes after the first non-ASCII byte `auto` looks at before it decides. */
const SNIFF_BYTES = 4096;
// Only ever given bytes below 0x80, where windows-1252 is ASCII.
const ascii = new TextDecoder('windows-1252');

/**
 * Decodes bytes to text. `auto` reads ASCII as it comes (the same in both encodings) and decides at the
 * first non-ASCII byte: the bytes from there up to 4 KiB on (or to the end) are UTF-8 if they are valid
 * UTF-8, otherwise the whole file is Shift_JIS (CP932). Real Japanese Shift_JIS text is almost never valid
 * UTF-8. After choosing UTF-8, invalid bytes later in the file are an error rather than silently replaced.
 */
async function* decodeText(
  input: AsyncIterable<Uint8Array>,
  encoding: 'utf-8' | 'shift_jis' | 'auto',
): AsyncGenerator<string> {
  type Decoder = { write(bytes: Uint8Array): string; end(): string };
  const utf8 = (): Decoder => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const wrap = (f: () => string) => {
      try {
        return f();
      } catch {
        throw new Error('UTF-8 として読めないバイトがあります / the file has bytes that are not valid UTF-8');
      }
    };
    return {
      write: (bytes) => wrap(() => decoder.decode(bytes, { stream: true })),
      end: () => wrap(() => decoder.decode()),
    };
  };
  const iconv = encoding === 'utf-8' ? null : await loadIconv();
  const sjis = (): Decoder => {
    const decoder = (iconv as Iconv).getDecoder('cp932');
    return { write: (bytes) => decoder.write(Buffer.from(bytes)), end: () => decoder.end() ?? '' };
  };
  let decoder: Decoder | null = encoding === 'utf-8' ? utf8() : encoding === 'shift_jis' ? sjis() : null;
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const decide = (final: boolean) => {
    const sample = concat(pending);
    let valid = true;
    try {
      // At the end of the file a cut-off UTF-8 sequence counts as invalid; before it, it may continue.
      new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !final });
    } catch {
      valid = false;
    }
    const chosen = valid ? utf8() : sjis();
    decoder = chosen;
    pending.length = 0;
    pendingBytes = 0;
    return chosen.write(sample);
  };
  for await (const chunk of input) {
    if (decoder) {
      const text = decoder.write(chunk);
      if (text) yield text;
      continue;
    }
    if (pending.length === 0) {
      const at = chunk.findIndex((b) => b >= 0x80);
      if (at < 0) {
        yield ascii.decode(chunk);
        continue;
      }
      if (at > 0) yield ascii.decode(chunk.subarray(0, at));
      pending.push(chunk.subarray(at));
      pendingBytes += chunk.length - at;
    } else {
      pending.push(chunk);
      pendingBytes += chunk.length;
    }
    if (pendingBytes >= SNIFF_BYTES) {
      const text = decide(false);
      if (text) yield text;
    }
  }
  if (!decoder && pending.length > 0) {
    const text = decide(true);
    if (text) yield text;
  }
  const rest = (decoder as Decoder | null)?.end() ?? '';
  if (rest) yield rest;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Streams CSV records (RFC 4180: quoted fields with commas, doubled quotes and line breaks; CRLF, LF or CR
 * line ends; a UTF-8 BOM is dropped). `row` is the 1-based number of the record, the header being row 1,
 * as a spreadsheet numbers its rows; empty lines are counted but not yielded. A quote that is never closed
 * throws an Error naming the row it opened in.
 */
export async function* csvRows(
  input: AsyncIterable<Uint8Array>,
  options: { encoding?: 'utf-8' | 'shift_jis' | 'auto' } = {},
): AsyncGenerator<{ row: number; values: string[] }> {
  let row = 1;
  let values: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let quoteSeen = false; // the last char inside a quoted field was a quote: closing, or the first of ""
  let afterCr = false; // a CR ended the previous record; a following LF belongs to it
  let first = true;
  const out: { row: number; values: string[] }[] = [];
  const endRecord = () => {
    values.push(field);
    const blank = values.length === 1 && values[0] === '';
    if (!blank) out.push({ row, values });
    values = [];
    field = '';
    row++;
  };
  for await (let text of decodeText(input, options.encoding ?? 'auto')) {
    if (first) {
      if (text.startsWith('\ufeff')) text = text.slice(1);
      first = text === '';
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (afterCr) {
        afterCr = false;
        if (c === '\n') continue;
      }
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          quoted = false; // the quote closed the field; fall through to handle c
        } else if (c === '"') {
          quoteSeen = true;
          continue;
        } else {
          field += c;
          continue;
        }
      }
      if (c === ',') {
        values.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') {
        afterCr = c === '\r';
        endRecord();
      } else if (c === '"' && field === '') {
        quoted = true;
      } else {
        field += c; // a stray quote inside an unquoted field is kept as it is
      }
    }
    yield* out;
    out.length = 0;
  }
  if (quoted && !quoteSeen)
    throw new Error(`${row}行目: 引用符 " が閉じられていません / row ${row}: a quote is never closed`);
  if (quoted || field !== '' || values.length > 0) {
    endRecord();
    yield* out;
  }
}
