import fs from 'node:fs';
import { RingscopeError } from '../server/errors.ts';
import { BloomFilter, rowFingerprint } from './bloom.ts';
import type { ContractFile } from './contract.ts';
import { CR, LF, readCsv } from './csv-read.ts';

/** A row that passed validation, with where it came from for reject reporting. */
export type ValidRow<T = unknown> = { line: number; raw: string; value: T };
export type Reject = { line: number; raw: string; column: string; reason: string };

/**
 * The first valid row of a key that may occur again. Its exact repeats are not written; they
 * share its fate, which the loader settles once the row is written or rejected.
 */
export type FirstOccurrence = {
  line: number;
  fingerprint: string;
  outcome?: { loaded: true } | { loaded: false; column: string; reason: string };
};

export type Checked =
  | { kind: 'valid'; row: ValidRow; first?: FirstOccurrence }
  | { kind: 'reject'; reject: Reject }
  /** An exact repeat of an earlier valid row of the same file: it shares that row's fate. */
  | { kind: 'repeat'; line: number; raw: string; first: FirstOccurrence };

export type Header = { columns: string[]; index: Map<string, number>; unknown: string[] };

const READ_OPTIONS = { highWaterMark: 1 << 20 };
/** What a decoder puts where the bytes were not UTF-8. */
const REPLACEMENT = '\uFFFD';

/**
 * The UTF-16 flavour a header decoded as UTF-8 looks like, if any: its byte order mark decodes
 * to U+FFFD U+FFFD and each ASCII letter comes with a NUL byte, before it (big-endian) or after
 * it (little-endian). Without this the header reads as garbled missing columns.
 */
function utf16Of(headerText: string): string | undefined {
  const text = headerText.replace(/^\uFFFD{1,2}/, '');
  if (!text.includes('\u0000')) return undefined;
  return text.startsWith('\u0000') ? 'UTF-16BE' : 'UTF-16LE';
}

/** Contract columns named twice: the loader could keep only one copy's values. */
function duplicatedColumns(columns: string[], contract: ContractFile): string[] {
  const known = new Set([...contract.required, ...contract.optional]);
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const column of columns) {
    if (seen.has(column) && known.has(column)) duplicated.add(column);
    seen.add(column);
  }
  return [...duplicated];
}

export async function readHeader(file: string, contract: ContractFile): Promise<Header> {
  for await (const record of readCsv(fs.createReadStream(file))) {
    const utf16 = utf16Of(record.raw);
    if (utf16) {
      throw new RingscopeError(
        'CSV_ENCODING',
        `${file}: the file is not UTF-8; it looks like ${utf16} (its header holds NUL bytes). Save it as UTF-8 (in Excel: "CSV UTF-8") and load again.`,
      );
    }
    if (record.kind === 'broken') {
      throw new RingscopeError(
        'CSV_HEADER',
        `${file}: the header row is not valid CSV (${record.reason}).`,
      );
    }
    const columns = record.fields.map((name) => name.trim());
    const missing = contract.required.filter((column) => !columns.includes(column));
    if (missing.length > 0) {
      throw new RingscopeError(
        'CSV_COLUMN_MISSING',
        `${file}: required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing; the header has: ${columns.join(', ')}.`,
      );
    }
    const duplicated = duplicatedColumns(columns, contract);
    if (duplicated.length > 0) {
      const where = duplicated.map((column) => {
        const positions = columns.flatMap((name, i) => (name === column ? [i + 1] : []));
        return `${column} (columns ${positions.join(', ')})`;
      });
      throw new RingscopeError(
        'CSV_COLUMN_DUPLICATE',
        `${file}: the header names ${where.join(' and ')} more than once; keep one column of each name and load again.`,
      );
    }
    const known = new Set([...contract.required, ...contract.optional]);
    return {
      columns,
      index: new Map(columns.map((name, i) => [name, i])),
      unknown: columns.filter((column) => !known.has(column)),
    };
  }
  throw new RingscopeError('CSV_EMPTY', `${file}: the file is empty; expected a header row.`);
}

/**
 * First pass over a keyed file: counts rows (for the ETA) and finds keys that may occur more
 * than once, so the second pass can tell identical repeats from conflicting ones without
 * holding every key in memory.
 */
export async function scanKeys(
  file: string,
  keyIndex: number,
): Promise<{ rows: number; candidates: Set<string> }> {
  const bloom = new BloomFilter(Math.ceil(fs.statSync(file).size / 40));
  const candidates = new Set<string>();
  let rows = -1;
  for await (const record of readCsv(fs.createReadStream(file, READ_OPTIONS))) {
    rows += 1;
    if (rows === 0 || record.kind === 'broken') continue;
    const key = record.fields[keyIndex]?.trim() ?? '';
    if (key !== '' && bloom.add(key)) candidates.add(key);
  }
  return { rows: Math.max(rows, 0), candidates };
}

/**
 * Data rows of a file without a key, for the ETA: its line ends minus the header, counted on
 * the raw bytes (far cheaper than parsing it twice). Blank lines and newlines inside quoted
 * fields count too, so it is an estimate.
 */
export async function estimateRows(file: string): Promise<number> {
  let lineFeeds = 0;
  let carriageReturns = 0;
  let last = -1;
  for await (const chunk of fs.createReadStream(file, READ_OPTIONS) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) lineFeeds += 1;
    for (let i = chunk.indexOf(CR); i !== -1; i = chunk.indexOf(CR, i + 1)) carriageReturns += 1;
    last = chunk.at(-1) ?? last;
  }
  // CRLF and LF files have one LF per line; old Mac files only CRs.
  const lineEnds = lineFeeds > 0 ? lineFeeds : carriageReturns;
  const lines = lineEnds + (last === -1 || last === LF || last === CR ? 0 : 1);
  return Math.max(lines - 1, 0);
}

function rejected(record: { line: number; raw: string }, column: string, reason: string): Checked {
  return { kind: 'reject', reject: { line: record.line, raw: record.raw, column, reason } };
}

/**
 * Streams one contract file's rows, each either valid (typed by the contract schema), rejected
 * (with the column and a reason a person can act on) or an exact repeat of an earlier row.
 * References to other files are not checked here: that needs the database or the load's keys.
 */
export async function* checkRows(
  file: string,
  contract: ContractFile,
  header: Header,
  repeated: Set<string> | undefined,
): AsyncGenerator<Checked> {
  const known = [...contract.required, ...contract.optional].filter((column) =>
    header.index.has(column),
  );
  const firstSeen = new Map<string, FirstOccurrence>();
  let isHeader = true;
  for await (const record of readCsv(fs.createReadStream(file, READ_OPTIONS))) {
    if (isHeader) {
      isHeader = false;
      continue;
    }
    if (record.invalidUtf8) {
      // Loading it would store garbled text (e.g. a GBK export): the person has to re-export.
      // The column is the first with a U+FFFD: only a row that also spells one in UTF-8 earlier
      // on could name the wrong one.
      const field =
        record.kind === 'record' ? record.fields.findIndex((f) => f.includes(REPLACEMENT)) : -1;
      const column = header.columns[field] ?? '';
      const where = column === '' ? '' : ` (column ${column})`;
      yield rejected(record, column, `not valid UTF-8${where}; re-export the file as UTF-8`);
      continue;
    }
    if (record.kind === 'broken') {
      yield rejected(record, '', `broken CSV: ${record.reason}`);
      continue;
    }
    if (record.fields.length !== header.columns.length) {
      yield rejected(
        record,
        '',
        `expected ${header.columns.length} fields as in the header, found ${record.fields.length}`,
      );
      continue;
    }
    const input: Record<string, string> = {};
    for (const column of known)
      input[column] = record.fields[header.index.get(column) as number] as string;
    const parsed = contract.schema.safeParse(input);
    if (!parsed.success) {
      const column = String(parsed.error.issues[0]?.path[0] ?? '');
      yield rejected(record, column, parsed.error.issues.map((issue) => issue.message).join('; '));
      continue;
    }
    const value: Record<string, unknown> = parsed.data;
    const row = { line: record.line, raw: record.raw, value };
    const key = contract.key === undefined ? undefined : (value[contract.key] as string);
    if (key === undefined || !repeated?.has(key)) {
      yield { kind: 'valid', row };
      continue;
    }
    // Of the parsed values: rows that differ only in padding, or in a column the load ignores,
    // load the same data and are identical repeats, not conflicts.
    const fingerprint = rowFingerprint(
      known.map((column) => {
        const field = value[column];
        return field === undefined ? '' : String(field);
      }),
    );
    const earlier = firstSeen.get(key);
    if (!earlier) {
      const first: FirstOccurrence = { line: record.line, fingerprint };
      firstSeen.set(key, first);
      yield { kind: 'valid', row, first };
    } else if (earlier.fingerprint === fingerprint) {
      yield { kind: 'repeat', line: record.line, raw: record.raw, first: earlier };
    } else {
      yield rejected(
        record,
        contract.key ?? '',
        `duplicate ${contract.key} '${key}' with data conflicting with line ${earlier.line}`,
      );
    }
  }
}
