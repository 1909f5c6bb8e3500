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
  estimateRows,
  type FirstOccurrence,
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
  /** Exact repeats of an earlier loaded row of the same file; counted in `loaded`, written once. */
  identicalDuplicates: number;
  /**
   * Loaded rows whose account, merchant or order was in the database already and was updated in
   * place (counted in `loaded`): a re-run, a corrected export, or two data sets sharing ids.
   */
  updated: number;
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
  if (!fs.existsSync(dir)) throw new RingscopeError('LOAD_DIR', `${dir} does not exist.`);
  if (!fs.statSync(dir).isDirectory()) {
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
    if (header.unknown.length > 0) warn(`${contract.file}: ignoring ${describeUnknown(header)}`);
    files.push({ name, file, contract, header });
  }
  return files;
}

/** The header's unknown columns in words; an empty name (a trailing comma) is no name to quote. */
function describeUnknown(header: Header): string {
  const names = header.unknown.filter((column) => column !== '');
  const named = [...new Set(names)];
  const unnamed = header.unknown.length - names.length;
  const parts: string[] = [];
  if (named.length > 0) {
    parts.push(`unknown column${named.length > 1 ? 's' : ''} ${named.join(', ')}`);
  }
  if (unnamed === 1) parts.push('an unnamed (empty) column');
  else if (unnamed > 1) parts.push(`${unnamed} unnamed (empty) columns`);
  return parts.join(' and ');
}

/**
 * Refuses, before anything is loaded, a rejects path that is one of the input files (opening it
 * for the rejects would empty that file before it is read) or another file that is not an earlier
 * rejects file. Inputs are compared by device and inode, so a relative path, a symbolic link or a
 * hard link to the input is caught as well.
 */
export function checkRejectsPath(rejectsPath: string, present: readonly PresentFile[]): void {
  const target = statOrUndefined(rejectsPath);
  if (!target) return;
  for (const { file } of present) {
    const input = fs.statSync(file);
    if (input.dev === target.dev && input.ino === target.ino) {
      throw new RingscopeError(
        'LOAD_REJECTS_PATH',
        `--rejects ${rejectsPath} is the input file ${file}: writing rejected rows there would overwrite it before it is loaded. Give --rejects another file (the default is rejects.csv in the load folder).`,
      );
    }
  }
  refuseToOverwrite(rejectsPath);
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Why the loader refused a valid row (e.g. an unknown reference). */
export type RowProblem = { column: string; reason: string };

/**
 * Repeats that may wait for rows in flight before `validRows` asks the caller to settle them:
 * a long run of one row's repeats would otherwise wait in memory all at once.
 */
export const MAX_WAITING_REPEATS = 10_000;

/**
 * What every load path does before streaming a file's rows: the first pass (keys that may
 * repeat, and the row count or an estimate for the ETA when progress is shown), progress, an
 * empty summary, the reject sink for this file, and the stream of its valid rows (`validRows`),
 * which counts every row read and settles rejected rows itself. The caller settles each valid
 * row with `settle` once it is written or refused; an exact repeat of a row then counts as that
 * row did, and `finish` checks that none is left waiting. A caller that settles rows later than
 * it reads them passes `validRows` a `drain` that settles every row yielded so far: it runs
 * whenever MAX_WAITING_REPEATS repeats wait, so memory stays bounded whatever the input.
 */
export async function startFile(present: PresentFile, rejects: RejectSink, interactive: boolean) {
  const { contract, header, file } = present;
  const keyIndex = contract.key === undefined ? -1 : (header.index.get(contract.key) ?? -1);
  const scan = keyIndex >= 0 ? await scanKeys(file, keyIndex) : undefined;
  // Counting is another pass over the file (sessions.csv is usually the largest): only worth it
  // for an ETA someone sees.
  const total = scan?.rows ?? (interactive ? await estimateRows(file) : undefined);
  const started = Date.now();
  const progress = new Progress(contract.file, total, interactive);
  const summary: FileSummary = {
    file: contract.file,
    read: 0,
    loaded: 0,
    rejected: 0,
    identicalDuplicates: 0,
    updated: 0,
    seconds: 0,
  };
  const reject = async (r: Reject) => {
    summary.rejected += 1;
    await rejects.write(contract.file, r);
  };
  /** First occurrences still in flight, by line, and the repeats that wait for them. */
  const unsettled = new Map<number, FirstOccurrence>();
  const waiting = new Map<FirstOccurrence, { line: number; raw: string }[]>();
  let waitingCount = 0;

  const settleRepeat = async (repeat: { line: number; raw: string }, first: FirstOccurrence) => {
    const outcome = first.outcome as NonNullable<FirstOccurrence['outcome']>;
    if (outcome.loaded) {
      summary.loaded += 1;
      summary.identicalDuplicates += 1;
    } else {
      await reject({
        ...repeat,
        column: outcome.column,
        reason: `repeats line ${first.line}, which was rejected: ${outcome.reason}`,
      });
    }
  };

  async function* validRows(drain?: () => Promise<void>): AsyncGenerator<ValidRow> {
    for await (const checked of checkRows(file, contract, header, scan?.candidates)) {
      summary.read += 1;
      if (checked.kind === 'reject') {
        await reject(checked.reject);
      } else if (checked.kind === 'repeat') {
        if (checked.first.outcome) await settleRepeat(checked, checked.first);
        else {
          const queue = waiting.get(checked.first) ?? [];
          queue.push({ line: checked.line, raw: checked.raw });
          waiting.set(checked.first, queue);
          waitingCount += 1;
          if (waitingCount >= MAX_WAITING_REPEATS && drain) {
            await drain();
            // Still waiting: the caller stopped settling (a failed write); it ends the load.
            if (waitingCount > 0) return;
          }
        }
      } else {
        if (checked.first) unsettled.set(checked.row.line, checked.first);
        yield checked.row;
      }
    }
  }

  async function settleSlowly(row: ValidRow, problem: RowProblem | undefined) {
    if (problem) await reject({ line: row.line, raw: row.raw, ...problem });
    else summary.loaded += 1;
    const first = unsettled.get(row.line);
    if (!first) return;
    unsettled.delete(row.line);
    first.outcome = problem
      ? { loaded: false, column: problem.column, reason: problem.reason }
      : { loaded: true };
    const queue = waiting.get(first) ?? [];
    waiting.delete(first);
    waitingCount -= queue.length;
    for (const repeat of queue) await settleRepeat(repeat, first);
  }

  /**
   * Counts a valid row as loaded, or rejects it with `problem`; repeats waiting for it follow.
   * Returns a promise only when there is something to wait for: the bulk path settles millions
   * of rows one by one and should not pay an await for each.
   */
  function settle(row: ValidRow, problem?: RowProblem): Promise<void> | undefined {
    if (problem || unsettled.has(row.line)) return settleSlowly(row, problem);
    summary.loaded += 1;
    return undefined;
  }

  function finish(): FileSummary {
    progress.done();
    if (waitingCount > 0) {
      // A loader that forgot to settle a row would otherwise misreport the totals silently.
      throw new Error(`${contract.file}: ${waitingCount} repeats wait for rows never settled`);
    }
    summary.seconds = (Date.now() - started) / 1000;
    return summary;
  }

  return { progress, summary, validRows, settle, finish };
}

async function loadFile(
  db: Db,
  present: PresentFile,
  rejects: RejectSink,
  options: LoadOptions,
): Promise<FileSummary> {
  const { progress, summary, validRows, settle, finish } = await startFile(
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
      .then(async ({ rejects: referenceRejects, existing }) => {
        summary.updated += existing;
        const problems = new Map<number, RowProblem>(referenceRejects.map((r) => [r.line, r]));
        for (const row of batch) {
          const settling = settle(row, problems.get(row.line));
          if (settling) await settling;
        }
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
  /** Writes the open batch and waits for every write, which settles the repeats waiting. */
  const drain = async () => {
    if (batch.length > 0 && !failure) {
      const open = batch;
      batch = [];
      await flush(open);
    }
    await Promise.all(inFlight);
  };
  for await (const row of validRows(drain)) {
    if (failure) break;
    batch.push(row);
    if (batch.length >= options.batchSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length > 0 && !failure) await flush(batch);
  await Promise.all(inFlight);
  if (failure) {
    progress.done();
    throw failure.error;
  }
  return finish();
}

/** The first line of a rejects file, as the writer writes it. */
const REJECT_HEADER_LINE = `${REJECT_HEADER.join(',')}\n`;

/** Refuses to empty a file that is not an earlier rejects file: it is someone's data. */
function refuseToOverwrite(rejectsPath: string): void {
  const stats = statOrUndefined(rejectsPath);
  // Empty: a load killed before its first rejects reached the disk. Not a file: /dev/null.
  if (!stats?.isFile() || stats.size === 0) return;
  const start = Buffer.alloc(Buffer.byteLength(REJECT_HEADER_LINE));
  const fd = fs.openSync(rejectsPath, 'r');
  try {
    fs.readSync(fd, start, 0, start.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (start.toString('utf8') === REJECT_HEADER_LINE) return;
  throw new RingscopeError(
    'LOAD_REJECTS_PATH',
    `--rejects ${rejectsPath} exists and is not a rejects file (its first line is not ${REJECT_HEADER.join(',')}): writing rejected rows there would overwrite it. Give --rejects a new file, or delete this one if it is not needed.`,
  );
}

/**
 * Rejected rows go to one CSV per load; it is removed again when nothing was rejected. An
 * existing file at `rejectsPath` is replaced only if it is an earlier rejects file.
 */
export function openRejects(rejectsPath: string): RejectSink & { close(): Promise<void> } {
  refuseToOverwrite(rejectsPath);
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
 * What both load paths settle before a row is read: the contract files present (their headers'
 * warnings collected and passed on) and a rejects path that overwrites nothing.
 */
export async function planLoad(
  dir: string,
  options: LoadOptions,
): Promise<{ warnings: string[]; present: PresentFile[]; rejectsPath: string }> {
  const warnings: string[] = [];
  const present = await presentFiles(dir, (message) => {
    warnings.push(message);
    options.onWarning?.(message);
  });
  const rejectsPath = options.rejectsPath ?? path.join(dir, 'rejects.csv');
  checkRejectsPath(rejectsPath, present);
  return { warnings, present, rejectsPath };
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
  const { warnings, present, rejectsPath } = await planLoad(dir, options);
  const rejects = openRejects(rejectsPath);
  const files: FileSummary[] = [];
  try {
    for (const file of present) files.push(await loadFile(db, file, rejects, options));
  } finally {
    await rejects.close();
  }
  return { files, rejectsFile: rejects.count > 0 ? rejectsPath : undefined, warnings };
}
