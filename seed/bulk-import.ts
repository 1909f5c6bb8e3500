import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../server/config.ts';
import type { Db } from '../server/db/run.ts';
import { RingscopeError } from '../server/errors.ts';
import {
  clearBulkImportPending,
  isBulkImportPending,
  markBulkImportPending,
  runAdminImport,
  stopLeftoverImport,
} from '../server/neo4j-local/admin-import.ts';
import { localLayout } from '../server/neo4j-local/layout.ts';
import { holdingStartLock, startLocal, stopLocal } from '../server/neo4j-local/process.ts';
import { ImportFiles, type ImportWriter } from './bulk/import-files.ts';
import { NodeIds } from './bulk/node-ids.ts';
import { SESSION_PARTITION_BYTES, SessionLinks } from './bulk/sessions.ts';
import type { AccountRow, MerchantRow, OrderRow, SessionRow } from './contract.ts';
import {
  type FileSummary,
  type LoadOptions,
  type LoadSummary,
  openRejects,
  type PresentFile,
  planLoad,
  type RejectSink,
  type RowProblem,
  startFile,
} from './load.ts';
import { takenIdReason } from './load-writers.ts';

export type BulkPhases = {
  /** Validating the CSV files and writing the importer's files (Neo4j stops meanwhile). */
  convert: number;
  /** `neo4j-admin database import full`. */
  import: number;
  /** Starting Neo4j on the imported store. */
  start: number;
  /** Building constraints and indexes. */
  schema: number;
  total: number;
};

export type BulkLoadSummary = LoadSummary & { mode: 'bulk'; phases: BulkPhases };

export type BulkLoadOptions = LoadOptions & {
  /** Session rows folded in memory at once; bigger files are partitioned (tests lower it). */
  sessionPartitionBytes?: number;
  /** What the id maps may take together (ID_MAP_BYTES; tests lower it). */
  idMapBytes?: number;
};

const IDENTIFIER_LABELS = [
  'Phone',
  'Identity',
  'BankAccount',
  'Device',
  'IP',
  'Address',
  'Tracking',
] as const;
type IdentifierLabel = (typeof IDENTIFIER_LABELS)[number];
/** The labels whose nodes other rows refer to by input id. */
type KeyedLabel = 'Account' | 'Merchant' | IdentifierLabel;

type Writers = {
  identifiers: Record<IdentifierLabel, () => ImportWriter>;
};

/**
 * The files that asked the current row's writes to wait for the disk. Converters write
 * synchronously and the row loop awaits these once per row, and only when there are any: an
 * await per write cost an order's conversion a dozen promises.
 */
type Waits = Promise<void>[];

function put(waits: Waits, writer: ImportWriter, values: readonly (string | number | undefined)[]) {
  const wait = writer.write(values);
  if (wait) waits.push(wait);
}

/** The identifier's node, its row written when this is the first row that names it. */
function identifier(
  waits: Waits,
  ids: NodeIds<KeyedLabel>,
  writers: Writers,
  label: IdentifierLabel,
  id: string,
): number {
  const node = ids.add(label, id);
  if (ids.created) put(waits, writers.identifiers[label](), [node, id]);
  return node;
}

/** Links `from` to the identifier's node (written once per distinct id). */
function link(
  waits: Waits,
  ids: NodeIds<KeyedLabel>,
  writers: Writers,
  label: IdentifierLabel,
  id: string | undefined,
  rel: ImportWriter,
  from: number,
): void {
  if (id === undefined) return;
  put(waits, rel, [from, identifier(waits, ids, writers, label, id)]);
}

type Converter = (value: unknown, waits: Waits) => RowProblem | undefined;

/** Opens the writer on first use (no file for a contract file that is absent), then reuses it. */
function lazy(open: () => ImportWriter): () => ImportWriter {
  let writer: ImportWriter | undefined;
  return () => {
    writer ??= open();
    return writer;
  };
}

function relFile(files: ImportFiles, type: string, start: string): () => ImportWriter {
  return lazy(() => files.relationships(type, start));
}

/**
 * The node of an account or merchant row: its id, then the row's `columns`. Rows repeating a key
 * never get here, so the node is always new; one that is not (two ids with equal fingerprints,
 * or a bug) would merge two nodes silently, as the importer checks no ids it is given.
 */
function keyedNode(
  waits: Waits,
  ids: NodeIds<KeyedLabel>,
  label: 'Account' | 'Merchant',
  key: string,
  writer: ImportWriter,
  columns: readonly (string | number | undefined)[],
): number {
  const node = ids.add(label, key);
  if (!ids.created) {
    throw new RingscopeError('BULK_ID_CLASH', `${label} '${key}' maps to a node already written.`);
  }
  put(waits, writer, [node, key, ...columns]);
  return node;
}

function converters(
  files: ImportFiles,
  ids: NodeIds<KeyedLabel>,
  writers: Writers,
  sessions: () => SessionLinks,
): Record<PresentFile['name'], Converter> {
  const accounts = lazy(() =>
    files.nodes('Account', ['id', 'created_at:datetime', 'bnpl_limit:double', 'kyc_level', 'city']),
  );
  const hasPhone = relFile(files, 'HAS_PHONE', 'Account');
  const hasIdentity = relFile(files, 'HAS_IDENTITY', 'Account');
  const merchants = lazy(() =>
    files.nodes('Merchant', ['id', 'name', 'created_at:datetime', 'category', 'city']),
  );
  const ownedBy = relFile(files, 'OWNED_BY', 'Merchant');
  const paidTo = relFile(files, 'PAID_TO', 'Merchant');
  const orders = lazy(() =>
    files.nodes('Order', [
      'id',
      'created_at:datetime',
      'amount:double',
      'payment_method',
      'status',
      'bnpl_due_at:datetime',
      'repayment_status',
    ]),
  );
  const placed = relFile(files, 'PLACED', 'Account');
  const at = relFile(files, 'AT', 'Order');
  const fromDevice = relFile(files, 'FROM_DEVICE', 'Order');
  const fromIp = relFile(files, 'FROM_IP', 'Order');
  const shippedTo = relFile(files, 'SHIPPED_TO', 'Order');
  const shippedWith = relFile(files, 'SHIPPED_WITH', 'Order');
  return {
    accounts: (value, waits) => {
      const row = value as AccountRow;
      const node = keyedNode(waits, ids, 'Account', row.account_id, accounts(), [
        row.created_at,
        row.bnpl_limit,
        row.kyc_level,
        row.city,
      ]);
      link(waits, ids, writers, 'Phone', row.phone, hasPhone(), node);
      link(waits, ids, writers, 'Identity', row.id_hash, hasIdentity(), node);
      return undefined;
    },
    merchants: (value, waits) => {
      const row = value as MerchantRow;
      // Accounts come first (LOAD_ORDER) into an empty database: only a merchant can clash.
      if (ids.find('Account', row.merchant_id) !== undefined) {
        return { column: 'merchant_id', reason: takenIdReason('merchant', row.merchant_id) };
      }
      const node = keyedNode(waits, ids, 'Merchant', row.merchant_id, merchants(), [
        row.name,
        row.created_at,
        row.category,
        row.city,
      ]);
      link(waits, ids, writers, 'Identity', row.owner_id_hash, ownedBy(), node);
      link(waits, ids, writers, 'BankAccount', row.payout_account, paidTo(), node);
      return undefined;
    },
    sessions: (value, waits) => {
      const row = value as SessionRow;
      const actor = ids.find(row.actor_type === 'account' ? 'Account' : 'Merchant', row.actor_id);
      if (actor === undefined) {
        return {
          column: 'actor_id',
          reason: `unknown ${row.actor_type} '${row.actor_id}' (not in this load nor in the database)`,
        };
      }
      const device = identifier(waits, ids, writers, 'Device', row.device_id);
      const ip = row.ip === undefined ? undefined : identifier(waits, ids, writers, 'IP', row.ip);
      const wait = sessions().add({ actorType: row.actor_type, actor, device, ip, at: row.at });
      if (wait) waits.push(wait);
      return undefined;
    },
    orders: (value, waits) => {
      const row = value as OrderRow;
      const account = ids.find('Account', row.account_id);
      if (account === undefined) {
        return {
          column: 'account_id',
          reason: `unknown account '${row.account_id}' (not in this load nor in the database)`,
        };
      }
      const merchant = ids.find('Merchant', row.merchant_id);
      if (merchant === undefined) {
        return {
          column: 'merchant_id',
          reason: `unknown merchant '${row.merchant_id}' (not in this load nor in the database)`,
        };
      }
      const node = ids.fresh();
      put(waits, orders(), [
        node,
        row.order_id,
        row.created_at,
        row.amount,
        row.payment_method,
        row.status,
        row.bnpl_due_at,
        row.repayment_status,
      ]);
      put(waits, placed(), [account, node]);
      put(waits, at(), [node, merchant]);
      link(waits, ids, writers, 'Device', row.device_id, fromDevice(), node);
      link(waits, ids, writers, 'IP', row.ip, fromIp(), node);
      link(waits, ids, writers, 'Address', row.address_hash, shippedTo(), node);
      link(waits, ids, writers, 'Tracking', row.tracking_no, shippedWith(), node);
      return undefined;
    },
  };
}

/** Validates one file exactly as the online loader does and writes its importer rows. */
async function convertFile(
  present: PresentFile,
  convert: Converter,
  rejects: RejectSink,
  interactive: boolean,
): Promise<FileSummary> {
  const { progress, summary, validRows, settle, finish } = await startFile(
    present,
    rejects,
    interactive,
  );
  let shown = 0;
  const waits: Waits = [];
  for await (const row of validRows()) {
    if (summary.read - shown >= 1024) {
      shown = summary.read;
      progress.update(shown);
    }
    let problem: ReturnType<Converter>;
    try {
      problem = convert(row.value, waits);
    } catch (error) {
      // The row's earlier writes may still fail; nobody will await them now.
      for (const wait of waits.splice(0)) wait.catch(() => undefined);
      throw error;
    }
    if (waits.length > 0) await Promise.all(waits.splice(0));
    const settling = settle(row, problem);
    if (settling) await settling;
  }
  return finish();
}

/** One rewritten status line on a terminal, nothing otherwise. */
function statusLine(interactive: boolean): (text: string) => void {
  let last = 0;
  return (text) => {
    if (!interactive) return;
    const now = Date.now();
    if (now - last < 200 && text !== '') return;
    last = now;
    process.stderr.write(text === '' ? '\r\x1b[2K' : `\r\x1b[2K${text}`);
  };
}

/**
 * Starts the server again after a bulk load failed before its import. If that fails too, the
 * caller must not go on as if the server ran (an online fallback would fail to connect): the
 * error says so and how to start it, with the load's own failure as its cause.
 */
async function restartAfter(failure: unknown, local: Config['local'], log: string) {
  try {
    await startLocal(local, () => {}, true);
  } catch (restart) {
    const why = (error: unknown) => (error instanceof Error ? error.message : String(error));
    const error = new RingscopeError(
      'BULK_RESTART',
      `The bulk load stopped (${why(failure)}), and Neo4j, stopped for it, could not be started again: ${why(restart)}\nStart it with \`ringscope db start\` once the cause is fixed (its log: ${log}).`,
    );
    error.cause = failure;
    throw error;
  }
}

/**
 * Loads `dir` into the project-managed local Neo4j through `neo4j-admin database import full`,
 * for a database that holds no nodes. Rows are validated and rejected exactly as by
 * `loadDirectory` (same checks, messages and rejects file), references are checked against the
 * node ids of this load (fingerprint maps: no heap object per key) and the resulting graph is the
 * one the online loader builds. Neo4j is stopped while the files are converted and started
 * again after the import, then the schema is built.
 *
 * Failure before the import command runs changes nothing (the server is started again). Once
 * it runs, a marker file (`bulk-import.pending` in the instance folder) stays until the server
 * is back with its schema; while it exists the database counts as half-imported, and the next
 * load redoes the bulk import with --overwrite-destination, so a re-run converges.
 */
export async function bulkLoadDirectory(
  db: Db,
  dir: string,
  options: BulkLoadOptions,
  local: Config['local'],
): Promise<BulkLoadSummary> {
  const began = Date.now();
  // The rejects path is checked here, before Neo4j is stopped for the import, not after.
  const { warnings, present, rejectsPath } = await planLoad(dir, options);
  const pending = isBulkImportPending(local);
  if (pending) await stopLeftoverImport(local);
  else {
    const [count] = await db.read<{ nodes: number }>('stats/node-count');
    if ((count?.nodes ?? 0) > 0) {
      throw new RingscopeError(
        'BULK_NOT_EMPTY',
        `The database holds ${count?.nodes} nodes; the bulk import only fills an empty database (it overwrites the store). Use the online loader (\`ringscope load --online\`).`,
      );
    }
  }
  const layout = localLayout(local);
  fs.mkdirSync(layout.instanceDir, { recursive: true });
  // Work folders of a killed earlier run (one load at a time per instance).
  for (const entry of fs.readdirSync(layout.instanceDir, { withFileTypes: true })) {
    if (entry.isDirectory() && /^bulk-\w{6}$/.test(entry.name)) {
      fs.rmSync(path.join(layout.instanceDir, entry.name), { recursive: true, force: true });
    }
  }
  const workDir = fs.mkdtempSync(path.join(layout.instanceDir, 'bulk-'));
  // From the stop to the start again no other command may start a server on the store being
  // imported: they wait for this lock (a load killed meanwhile leaves it to a dead pid).
  return holdingStartLock(
    local,
    () => {},
    async () => {
      const status = statusLine(options.interactive);
      // Stopping takes seconds of shutdown work in the JVM; it overlaps the CPU-bound conversion.
      const stopping = stopLocal(local).then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
      let importRan = false;
      let rejects: ReturnType<typeof openRejects> | undefined;
      const phases: BulkPhases = { convert: 0, import: 0, start: 0, schema: 0, total: 0 };
      try {
        const files = new ImportFiles(workDir);
        const ids = new NodeIds<KeyedLabel>(options.idMapBytes);
        const writers: Writers = {
          identifiers: Object.fromEntries(
            IDENTIFIER_LABELS.map((label) => [label, lazy(() => files.nodes(label, ['id']))]),
          ) as Record<IdentifierLabel, () => ImportWriter>,
        };
        let sessionLinks: SessionLinks | undefined;
        const sessions = () => {
          if (!sessionLinks) {
            const size = fs.statSync(path.join(dir, 'sessions.csv')).size;
            const limit = options.sessionPartitionBytes ?? SESSION_PARTITION_BYTES;
            const partitions = Math.min(256, Math.max(1, Math.ceil(size / limit)));
            sessionLinks = new SessionLinks(files, workDir, partitions);
          }
          return sessionLinks;
        };
        const convert = converters(files, ids, writers, sessions);
        rejects = openRejects(rejectsPath);
        const summaries: FileSummary[] = [];
        const convertStarted = Date.now();
        try {
          for (const file of present) {
            summaries.push(
              await convertFile(file, convert[file.name], rejects, options.interactive),
            );
            if (file.name === 'sessions') await sessionLinks?.finish();
          }
        } finally {
          await rejects.close();
          await files.close();
        }
        phases.convert = (Date.now() - convertStarted) / 1000;

        status('bulk: waiting for Neo4j to stop');
        const stopped = await stopping;
        if (stopped) throw stopped.error;
        markBulkImportPending(local, dir);
        importRan = true;
        if (files.list().length > 0) {
          const imported = await runAdminImport(local, {
            files: files.list(),
            multilineFields: files.multiline,
            workDir,
            onProgress: (phase, percent) => status(`bulk: neo4j-admin import ${phase} ${percent}%`),
          });
          phases.import = imported.seconds;
        }
        // else every row was rejected: the database stays as empty as it was.
        status('bulk: starting Neo4j');
        const startStarted = Date.now();
        await startLocal(local, () => {}, true);
        phases.start = (Date.now() - startStarted) / 1000;
        status('bulk: building constraints and indexes');
        const schemaStarted = Date.now();
        await db.applySchema();
        phases.schema = (Date.now() - schemaStarted) / 1000;
        clearBulkImportPending(local);
        status('');
        phases.total = (Date.now() - began) / 1000;
        return {
          files: summaries,
          rejectsFile: rejects.count > 0 ? rejectsPath : undefined,
          warnings,
          mode: 'bulk',
          phases,
        };
      } catch (error) {
        status('');
        if (!importRan) {
          // Nothing was written to the store: bring the server back as it was (unless an earlier
          // import was left half done: that store may not open, and the next load redoes it).
          await stopping;
          if (!pending) await restartAfter(error, local, layout.consoleLog);
        }
        throw error;
      } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    },
  );
}
