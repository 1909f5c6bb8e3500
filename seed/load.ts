import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../server/db/run.ts';
import { RingscopeError } from '../server/errors.ts';
import { BloomFilter, rowFingerprint } from './bloom.ts';
import { CONTRACT, type ContractFile, type ContractName, LOAD_ORDER } from './contract.ts';
import { readCsv } from './csv-read.ts';
import { createCsvFileWriter } from './csv-writer.ts';
import { BATCH_WRITERS, type ReferenceReject, type ValidRow } from './load-writers.ts';
import { Progress } from './progress.ts';

export type FileSummary = {
  file: string;
  read: number;
  loaded: number;
  rejected: number;
  /** Rows repeating an earlier row of the same file exactly; counted in `loaded`, written once. */
  identicalDuplicates: number;
  seconds: number;
};

export type LoadSummary = {
  files: FileSummary[];
  rejectsFile: string | undefined;
  warnings: string[];
};

export type LoadOptions = {
  batchSize: number;
  /** Where rejected rows go; default `<dir>/rejects.csv`. */
  rejectsPath?: string;
  interactive: boolean;
  /** Write transactions in flight at once. */
  concurrency?: number;
  onWarning?: (message: string) => void;
};

const REJECT_HEADER = ['file', 'line', 'column', 'reason', 'row'] as const;

type Rejects = { write(file: string, reject: ReferenceReject): Promise<void>; count: number };

type Header = { columns: string[]; index: Map<string, number> };

async function readHeader(file: string, contract: ContractFile): Promise<Header> {
  for await (const record of readCsv(fs.createReadStream(file))) {
    if (record.kind === 'broken') {
      throw new RingscopeError('CSV_HEADER', `${file}: the header row is not valid CSV (${record.reason}).`);
    }
    const columns = record.fields.map((name) => name.trim());
    const missing = contract.required.filter((column) => !columns.includes(column));
    if (missing.length > 0) {
      throw new RingscopeError(
        'CSV_COLUMN_MISSING',
        `${file}: required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing; the header has: ${columns.join(', ')}.`,
      );
    }
    return { columns, index: new Map(columns.map((name, i) => [name, i])) };
  }
  throw new RingscopeError('CSV_EMPTY', `${file}: the file is empty; expected a header row.`);
}

/**
 * First pass over a keyed file: counts rows (for the ETA) and finds keys that may occur more
 * than once, so the second pass can tell identical repeats from conflicting ones without
 * holding every key in memory.
 */
async function findRepeatedKeys(
  file: string,
  keyIndex: number,
): Promise<{ rows: number; candidates: Set<string> }> {
  const bytes = fs.statSync(file).size;
  const bloom = new BloomFilter(Math.ceil(bytes / 40));
  const candidates = new Set<string>();
  let rows = -1;
  for await (const record of readCsv(fs.createReadStream(file, { highWaterMark: 1 << 20 }))) {
    rows += 1;
    if (rows === 0 || record.kind === 'broken') continue;
    const key = record.fields[keyIndex]?.trim() ?? '';
    if (key !== '' && bloom.add(key)) candidates.add(key);
  }
  return { rows: Math.max(rows, 0), candidates };
}

async function loadFile(
  db: Db,
  name: ContractName,
  file: string,
  rejects: Rejects,
  options: LoadOptions,
  warn: (message: string) => void,
): Promise<FileSummary> {
  const started = Date.now();
  const contract: ContractFile = CONTRACT[name];
  const header = await readHeader(file, contract);
  const known = new Set([...contract.required, ...contract.optional]);
  const unknown = header.columns.filter((column) => !known.has(column));
  if (unknown.length > 0) {
    warn(`${contract.file}: ignoring unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  }
  const keyIndex = contract.key === undefined ? -1 : (header.index.get(contract.key) ?? -1);
  const firstPass = keyIndex >= 0 ? await findRepeatedKeys(file, keyIndex) : undefined;
  const seenCandidates = new Map<string, { fingerprint: string; line: number }>();
  const progress = new Progress(contract.file, firstPass?.rows, options.interactive);
  const summary: FileSummary = {
    file: contract.file,
    read: 0,
    loaded: 0,
    rejected: 0,
    identicalDuplicates: 0,
    seconds: 0,
  };
  const reject = async (line: number, raw: string, column: string, reason: string) => {
    summary.rejected += 1;
    await rejects.write(contract.file, { line, raw, column, reason });
  };

  const writer = BATCH_WRITERS[name];
  const inFlight = new Set<Promise<void>>();
  const concurrency = options.concurrency ?? 2;
  let firstError: unknown;
  const flush = async (batch: ValidRow<unknown>[]) => {
    const task = db
      .writeTx((tx) => writer(tx, batch as ValidRow<never>[]))
      .then(async (referenceRejects) => {
        summary.loaded += batch.length - referenceRejects.length;
        for (const r of referenceRejects) await reject(r.line, r.raw, r.column, r.reason);
        progress.update(summary.loaded + summary.rejected);
      })
      .catch((error: unknown) => {
        firstError ??= error;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };

  let batch: ValidRow<unknown>[] = [];
  let isHeader = true;
  for await (const record of readCsv(fs.createReadStream(file, { highWaterMark: 1 << 20 }))) {
    if (isHeader) {
      isHeader = false;
      continue;
    }
    if (firstError) break;
    summary.read += 1;
    if (record.kind === 'broken') {
      await reject(record.line, record.raw, '', `broken CSV quoting: ${record.reason}`);
      continue;
    }
    if (record.fields.length !== header.columns.length) {
      await reject(
        record.line,
        record.raw,
        '',
        `expected ${header.columns.length} fields as in the header, found ${record.fields.length}`,
      );
      continue;
    }
    const input: Record<string, string> = {};
    for (const column of known) {
      const i = header.index.get(column);
      if (i !== undefined) input[column] = record.fields[i] as string;
    }
    const parsed = contract.schema.safeParse(input);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const column = String(first?.path[0] ?? '');
      const reasons = parsed.error.issues.map((issue) =>
        issue.code === 'invalid_type' ? `required column ${String(issue.path[0])} is missing` : issue.message,
      );
      await reject(record.line, record.raw, column, reasons.join('; '));
      continue;
    }
    if (keyIndex >= 0) {
      const key = (record.fields[keyIndex] as string).trim();
      if (firstPass?.candidates.has(key)) {
        const fingerprint = rowFingerprint(record.fields);
        const earlier = seenCandidates.get(key);
        if (earlier && earlier.fingerprint !== fingerprint) {
          await reject(
            record.line,
            record.raw,
            contract.key ?? '',
            `duplicate ${contract.key} '${key}' with data conflicting with line ${earlier.line}`,
          );
          continue;
        }
        if (earlier) {
          summary.loaded += 1;
          summary.identicalDuplicates += 1;
          continue;
        }
        seenCandidates.set(key, { fingerprint, line: record.line });
      }
    }
    batch.push({ line: record.line, raw: record.raw, value: parsed.data });
    if (batch.length >= options.batchSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length > 0 && !firstError) await flush(batch);
  await Promise.all(inFlight);
  progress.done();
  if (firstError) throw firstError;
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

/**
 * Loads the contract files present in `dir` in dependency order. Invalid rows never stop the
 * load: they go to the rejects file with file, line, column and reason. Every write is an
 * idempotent upsert in its own transaction, so an interrupted load re-run converges on the
 * same graph.
 */
export async function loadDirectory(db: Db, dir: string, options: LoadOptions): Promise<LoadSummary> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new RingscopeError('LOAD_DIR', `${dir} is not a folder.`);
  }
  const present = LOAD_ORDER.filter((name) => fs.existsSync(path.join(dir, CONTRACT[name].file)));
  if (present.length === 0) {
    throw new RingscopeError(
      'LOAD_NO_FILES',
      `${dir} holds none of ${LOAD_ORDER.map((name) => CONTRACT[name].file).join(', ')}; nothing to load.`,
    );
  }
  for (const name of present) await readHeader(path.join(dir, CONTRACT[name].file), CONTRACT[name]);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.onWarning?.(message);
  };
  const rejectsPath = options.rejectsPath ?? path.join(dir, 'rejects.csv');
  const writer = await createCsvFileWriter(rejectsPath, REJECT_HEADER);
  const rejects: Rejects = {
    count: 0,
    async write(file, r) {
      this.count += 1;
      await writer.write([file, r.line, r.column, r.reason, r.raw]);
    },
  };
  const files: FileSummary[] = [];
  try {
    for (const name of present) {
      files.push(await loadFile(db, name, path.join(dir, CONTRACT[name].file), rejects, options, warn));
    }
  } finally {
    await writer.close();
  }
  if (rejects.count === 0) fs.rmSync(rejectsPath, { force: true });
  return { files, rejectsFile: rejects.count > 0 ? rejectsPath : undefined, warnings };
}
