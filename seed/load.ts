import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../server/db/run.ts';
import { RingscopeError } from '../server/errors.ts';
import { CONTRACT, type ContractFile, type ContractName, LOAD_ORDER } from './contract.ts';
import { createCsvFileWriter } from './csv-writer.ts';
import { BATCH_WRITERS } from './load-writers.ts';
import { Progress } from './progress.ts';
import {
  checkRows,
  type Header,
  type Reject,
  readHeader,
  scanKeys,
  type ValidRow,
} from './validate.ts';

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

export const REJECT_HEADER = ['file', 'line', 'column', 'reason', 'row'] as const;

export type RejectSink = {
  write(file: string, reject: Reject): Promise<void> | void;
  count: number;
};

export type PresentFile = {
  name: ContractName;
  file: string;
  contract: ContractFile;
  header: Header;
};

/**
 * The contract files present in `dir`, in dependency order, with their headers checked: a
 * missing folder, no contract file at all, or a missing required column stops the load before
 * anything is written.
 */
export async function presentFiles(
  dir: string,
  warn: (message: string) => void,
): Promise<PresentFile[]> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new RingscopeError('LOAD_DIR', `${dir} is not a folder.`);
  }
  const names = LOAD_ORDER.filter((name) => fs.existsSync(path.join(dir, CONTRACT[name].file)));
  if (names.length === 0) {
    throw new RingscopeError(
      'LOAD_NO_FILES',
      `${dir} holds none of ${LOAD_ORDER.map((name) => CONTRACT[name].file).join(', ')}; nothing to load.`,
    );
  }
  const files: PresentFile[] = [];
  for (const name of names) {
    const contract: ContractFile = CONTRACT[name];
    const file = path.join(dir, contract.file);
    const header = await readHeader(file, contract);
    if (header.unknown.length > 0) {
      warn(
        `${contract.file}: ignoring unknown column${header.unknown.length > 1 ? 's' : ''} ${header.unknown.join(', ')}`,
      );
    }
    files.push({ name, file, contract, header });
  }
  return files;
}

/**
 * What every load path does before streaming a file's rows: the key pass (row count for the
 * ETA, keys that may repeat), progress, an empty summary, the reject sink for this file, and
 * the stream of its valid rows (`validRows`), which counts every row read and settles rejected
 * rows and identical repeats in the summary itself.
 */
export async function startFile(present: PresentFile, rejects: RejectSink, interactive: boolean) {
  const { contract, header, file } = present;
  const keyIndex = contract.key === undefined ? -1 : (header.index.get(contract.key) ?? -1);
  const scan = keyIndex >= 0 ? await scanKeys(file, keyIndex) : undefined;
  const summary: FileSummary = {
    file: contract.file,
    read: 0,
    loaded: 0,
    rejected: 0,
    identicalDuplicates: 0,
    seconds: 0,
  };
  const reject = async (r: Reject) => {
    summary.rejected += 1;
    await rejects.write(contract.file, r);
  };
  async function* validRows(): AsyncGenerator<ValidRow> {
    for await (const checked of checkRows(file, contract, header, scan?.candidates)) {
      summary.read += 1;
      if (checked.kind === 'reject') {
        await reject(checked.reject);
      } else if (checked.kind === 'repeat') {
        summary.loaded += 1;
        summary.identicalDuplicates += 1;
      } else {
        yield checked.row;
      }
    }
  }
  return {
    started: Date.now(),
    progress: new Progress(contract.file, scan?.rows, interactive),
    summary,
    reject,
    validRows,
  };
}

async function loadFile(
  db: Db,
  present: PresentFile,
  rejects: RejectSink,
  options: LoadOptions,
): Promise<FileSummary> {
  const { started, progress, summary, reject, validRows } = await startFile(
    present,
    rejects,
    options.interactive,
  );

  const writer = BATCH_WRITERS[present.name];
  const inFlight = new Set<Promise<void>>();
  const concurrency = options.concurrency ?? 2;
  let failure: { error: unknown } | undefined;
  const flush = async (batch: ValidRow[]) => {
    const task: Promise<void> = db
      .writeTx((tx) => writer(tx, batch as ValidRow<never>[]))
      .then(async (referenceRejects) => {
        summary.loaded += batch.length - referenceRejects.length;
        for (const r of referenceRejects) await reject(r);
        progress.update(summary.loaded + summary.rejected);
      })
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };

  let batch: ValidRow[] = [];
  for await (const row of validRows()) {
    if (failure) break;
    batch.push(row);
    if (batch.length >= options.batchSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length > 0 && !failure) await flush(batch);
  await Promise.all(inFlight);
  progress.done();
  if (failure) throw failure.error;
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

/** Rejected rows go to one CSV per load; it is removed again when nothing was rejected. */
export function openRejects(rejectsPath: string): RejectSink & { close(): Promise<void> } {
  const writer = createCsvFileWriter(rejectsPath, REJECT_HEADER);
  return {
    count: 0,
    write(file, r) {
      this.count += 1;
      return writer.write([file, r.line, r.column, r.reason, r.raw]);
    },
    async close() {
      await writer.close();
      if (this.count === 0) fs.rmSync(rejectsPath, { force: true });
    },
  };
}

/**
 * Loads the contract files present in `dir` in dependency order. Invalid rows never stop the
 * load: they go to the rejects file with file, line, column and reason. Every write is an
 * idempotent upsert in its own transaction, so an interrupted load re-run converges on the
 * same graph.
 */
export async function loadDirectory(
  db: Db,
  dir: string,
  options: LoadOptions,
): Promise<LoadSummary> {
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.onWarning?.(message);
  };
  const present = await presentFiles(dir, warn);
  const rejectsPath = options.rejectsPath ?? path.join(dir, 'rejects.csv');
  const rejects = openRejects(rejectsPath);
  const files: FileSummary[] = [];
  try {
    for (const file of present) files.push(await loadFile(db, file, rejects, options));
  } finally {
    await rejects.close();
  }
  return { files, rejectsFile: rejects.count > 0 ? rejectsPath : undefined, warnings };
}
