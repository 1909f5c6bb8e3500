import path from 'node:path';
import { z } from 'zod';
import { type BulkLoadSummary, bulkLoadDirectory } from '../../seed/bulk-import.ts';
import { type LoadSummary, loadDirectory } from '../../seed/load.ts';
import type { Config } from '../config.ts';
import { openDb } from '../db/connect.ts';
import { Db } from '../db/run.ts';
import { RingscopeError } from '../errors.ts';
import {
  assertNoBulkLoadRunning,
  isBulkImportPending,
  localConnectionOf,
} from '../neo4j-local/admin-import.ts';
import { parseFlags } from './args.ts';
import { info } from './output.ts';

const flags = z.object({
  positionals: z.tuple(
    [z.string().min(1, 'the folder holding the CSV files')],
    'one folder, e.g. ringscope load ./data',
  ),
  rejects: z.string().min(1).optional(),
  json: z.boolean().optional(),
  online: z.boolean().optional(),
});

export type LoadMode = 'bulk' | 'online';

export function formatLoadSummary(summary: LoadSummary): string {
  const lines = summary.files.map((file) => {
    const rate = file.seconds > 0 ? Math.round(file.read / file.seconds) : file.read;
    const notes = [
      file.identicalDuplicates ? `${file.identicalDuplicates} identical repeats` : '',
      file.updated ? `${file.updated} were in the database already, updated` : '',
    ].filter(Boolean);
    const loadedNotes = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    return `  ${file.file.padEnd(14)} read ${file.read} = loaded ${file.loaded}${loadedNotes} + rejected ${file.rejected}   ${file.seconds.toFixed(1)} s, ${rate} rows/s`;
  });
  if (summary.rejectsFile) lines.push(`  rejected rows written to ${summary.rejectsFile}`);
  if ('phases' in summary) {
    const p = (summary as BulkLoadSummary).phases;
    lines.push(
      `  bulk import: convert ${p.convert.toFixed(1)} s, neo4j-admin import ${p.import.toFixed(1)} s, restart ${p.start.toFixed(1)} s, schema ${p.schema.toFixed(1)} s, total ${p.total.toFixed(1)} s`,
    );
  }
  return lines.join('\n');
}

/**
 * Bulk import when RingScope runs its own Neo4j (NEO4J_URI unset) and the database holds no
 * nodes, or when an earlier bulk import was interrupted (it is redone); online otherwise.
 */
export async function chooseLoadMode(
  db: Db,
  config: Config,
  forceOnline = false,
): Promise<LoadMode> {
  if (forceOnline || config.neo4j.uri) return 'online';
  if (isBulkImportPending(config.local)) return 'bulk';
  const [count] = await db.read<{ nodes: number }>('stats/node-count');
  return (count?.nodes ?? 0) === 0 ? 'bulk' : 'online';
}

/**
 * Loads `dir` the fastest safe way (see `chooseLoadMode`) and returns the summary with the mode
 * that ran: online when a bulk import's id maps would pass their memory budget (BULK_MEMORY). The db must belong to `config` (local server when NEO4J_URI is unset).
 */
export async function loadWithMode(
  db: Db,
  dir: string,
  config: Config,
  options: {
    rejectsPath?: string;
    online?: boolean;
    onWarning?: (message: string) => void;
    /** The bulk import's id-map budget (tests lower it). */
    idMapBytes?: number;
  } = {},
): Promise<{ mode: LoadMode; summary: LoadSummary | BulkLoadSummary }> {
  const mode = await chooseLoadMode(db, config, options.online);
  const loadOptions = {
    batchSize: config.loadBatchSize,
    rejectsPath: options.rejectsPath,
    interactive: config.interactive,
    onWarning: options.onWarning,
  };
  if (mode === 'online') return { mode, summary: await loadDirectory(db, dir, loadOptions) };
  try {
    const bulkOptions = { ...loadOptions, idMapBytes: options.idMapBytes };
    return { mode, summary: await bulkLoadDirectory(db, dir, bulkOptions, config.local) };
  } catch (error) {
    // Refused while converting: nothing was imported and the server runs again on its store.
    if (!(error instanceof RingscopeError && error.code === 'BULK_MEMORY')) throw error;
    if (isBulkImportPending(config.local)) {
      // The half-written store of the interrupted import cannot be loaded into online.
      throw new RingscopeError(
        'BULK_MEMORY',
        `${error.message} An interrupted bulk import left the local database half written, so it cannot be loaded online either: remove ${config.local.home} and run \`ringscope load --online ${dir}\`.`,
      );
    }
    options.onWarning?.(
      `${error.message} Loading online instead, in bounded memory whatever the size (slower).`,
    );
    // The bulk attempt has already passed on the files' warnings; its summary still lists them.
    const quiet = { ...loadOptions, onWarning: undefined };
    return { mode: 'online', summary: await loadDirectory(db, dir, quiet) };
  }
}

/** A pending (interrupted) bulk import: the store may not open, so do not start the server. */
export function pendingBulkDb(config: Config): Db | undefined {
  if (config.neo4j.uri || !isBulkImportPending(config.local)) return undefined;
  assertNoBulkLoadRunning(config.local);
  const connection = localConnectionOf(config.local);
  if (!connection) {
    throw new RingscopeError(
      'BULK_PENDING',
      'An interrupted bulk import left the local database half written, and its password file is gone. Remove the RINGSCOPE_HOME folder and load again.',
    );
  }
  return new Db(connection, { timeoutMs: config.queryTimeoutMs });
}

/** Exit code 0 when every row loaded, 2 when some were rejected (the rest still loaded). */
export async function loadCommand(argv: string[], config: Config): Promise<number> {
  const options = parseFlags(
    'load',
    argv,
    { rejects: { type: 'string' }, json: { type: 'boolean' }, online: { type: 'boolean' } },
    flags,
  );
  const dir = path.resolve(options.positionals[0]);
  const pending = options.online ? undefined : pendingBulkDb(config);
  if (pending) info('An earlier bulk import was interrupted: redoing it.');
  const db = pending ?? (await openDb(config, info));
  try {
    const { mode, summary } = await loadWithMode(db, dir, config, {
      rejectsPath: options.rejects,
      online: options.online,
      onWarning: (message) => info(`warning: ${message}`),
    });
    info(
      mode === 'bulk'
        ? 'Mode: bulk (neo4j-admin import into the empty local database)'
        : 'Mode: online (batched upserts)',
    );
    if (options.json) process.stdout.write(`${JSON.stringify({ mode, ...summary }, null, 2)}\n`);
    else info(`Loaded ${dir}\n${formatLoadSummary(summary)}`);
    info('Next: `ringscope detect` finds and scores the rings in what was loaded.');
    return summary.rejectsFile ? 2 : 0;
  } finally {
    await db.close();
  }
}
