import fs from 'node:fs';
import { RingscopeError } from '../server/errors.ts';
import { BloomFilter, rowFingerprint } from './bloom.ts';
import type { ContractFile } from './contract.ts';
import { readCsv } from './csv-read.ts';

/** A row that passed validation, with where it came from for reject reporting. */
export type ValidRow<T = unknown> = { line: number; raw: string; value: T };
export type Reject = { line: number; raw: string; column: string; reason: string };

export type Checked =
  | { kind: 'valid'; row: ValidRow }
  | { kind: 'reject'; reject: Reject }
  /** An exact repeat of an earlier row of the same file: counted as loaded, written once. */
  | { kind: 'repeat' };

export type Header = { columns: string[]; index: Map<string, number>; unknown: string[] };

const READ_OPTIONS = { highWaterMark: 1 << 20 };

export async function readHeader(file: string, contract: ContractFile): Promise<Header> {
  for await (const record of readCsv(fs.createReadStream(file))) {
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
  const keyIndex = contract.key === undefined ? -1 : (header.index.get(contract.key) ?? -1);
  const firstSeen = new Map<string, { fingerprint: string; line: number }>();
  let isHeader = true;
  for await (const record of readCsv(fs.createReadStream(file, READ_OPTIONS))) {
    if (isHeader) {
      isHeader = false;
      continue;
    }
    if (record.kind === 'broken') {
      yield rejected(record, '', `broken CSV quoting: ${record.reason}`);
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
    if (keyIndex >= 0) {
      const key = (record.fields[keyIndex] as string).trim();
      if (repeated?.has(key)) {
        const fingerprint = rowFingerprint(record.fields);
        const earlier = firstSeen.get(key);
        if (earlier && earlier.fingerprint !== fingerprint) {
          yield rejected(
            record,
            contract.key ?? '',
            `duplicate ${contract.key} '${key}' with data conflicting with line ${earlier.line}`,
          );
          continue;
        }
        if (earlier) {
          yield { kind: 'repeat' };
          continue;
        }
        firstSeen.set(key, { fingerprint, line: record.line });
      }
    }
    yield { kind: 'valid', row: { line: record.line, raw: record.raw, value: parsed.data } };
  }
}
