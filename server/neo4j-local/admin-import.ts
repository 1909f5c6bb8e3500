import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.ts';
import type { Connection } from '../db/driver.ts';
import { RingscopeError } from '../errors.ts';
import { lastLines } from './last-lines.ts';
import { localConnection, localLayout, readPassword } from './layout.ts';
import { commandLineOf, isAlive, signalProcess } from './process.ts';

export type AdminImportFile = { kind: 'nodes' | 'relationships'; group: string; file: string };

export type AdminImportOptions = {
  files: readonly AdminImportFile[];
  /** Some value spans lines: slower parsing, needed for correctness. */
  multilineFields: boolean;
  /** Working directory of the importer (holds nothing that must outlive it). */
  workDir: string;
  /** Phase and percentage as the importer prints them, e.g. ('(2/4) Relationship import', 45). */
  onProgress?: (phase: string, percent: number) => void;
};

/**
 * Written just before `neo4j-admin database import full` runs and removed once the server is
 * back with its schema: while it exists the database may hold a half-written import, and the
 * next load must redo the bulk import (with --overwrite-destination) instead of trusting it.
 */
export function bulkImportMarker(local: Config['local']): string {
  return path.join(localLayout(local).instanceDir, 'bulk-import.pending');
}

export function isBulkImportPending(local: Config['local']): boolean {
  return fs.existsSync(bulkImportMarker(local));
}

/** What the marker says: the folder being loaded and the loader's pid; undefined without one. */
type Marker = { dir?: string; startedAt?: string; pid?: number; importPid?: number };

function readMarker(local: Config['local']): Marker | undefined {
  try {
    return JSON.parse(fs.readFileSync(bulkImportMarker(local), 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

/**
 * The folder an interrupted bulk import was loading, as its marker names it; undefined when no
 * import is pending or the marker cannot be read.
 */
export function pendingBulkImportDir(local: Config['local']): string | undefined {
  return readMarker(local)?.dir;
}

/**
 * Refuses while another process's bulk load is importing (its marker names a live Node process):
 * the import is not interrupted, and a second load would import over it.
 */
export function assertNoBulkLoadRunning(local: Config['local']): void {
  const { dir, pid } = readMarker(local) ?? {};
  if (pid === undefined || pid === process.pid || !isAlive(pid)) return;
  // After a reboot the pid may be any program's; a bulk load runs in Node.
  if (!/\bnode\b/.test(commandLineOf(pid) ?? '')) return;
  throw new RingscopeError(
    'BULK_RUNNING',
    `A bulk load of ${dir ?? 'a folder'} (pid ${pid}) is importing into the local database; wait for it to finish (it starts Neo4j again when done).`,
  );
}

/**
 * Refuses to hand out the local database while an interrupted bulk import has left it half
 * written: every command but `load` (which redoes the import) would read a partial graph.
 */
export function assertNoPendingBulkImport(local: Config['local']): void {
  if (!isBulkImportPending(local)) return;
  assertNoBulkLoadRunning(local);
  const dir = pendingBulkImportDir(local) ?? 'DIR';
  throw new RingscopeError(
    'BULK_PENDING',
    `A bulk import of ${dir} was interrupted and left the local database half written. Run \`ringscope load ${dir}\` to redo it, or remove ${local.home} to start over.`,
  );
}

/** Marks the import of `dir` begun by the loader `pid` (this process unless said otherwise). */
export function markBulkImportPending(
  local: Config['local'],
  dir: string,
  pid = process.pid,
): void {
  writeMarker(local, { dir, startedAt: new Date().toISOString(), pid });
}

function writeMarker(local: Config['local'], marker: Marker): void {
  fs.writeFileSync(bulkImportMarker(local), `${JSON.stringify(marker)}\n`);
}

/**
 * Kills the importer a killed load left running (its pid in the marker, its command line this
 * instance's AdminTool), so that the redo does not import into the store beside it.
 */
export async function stopLeftoverImport(local: Config['local']): Promise<void> {
  const pid = readMarker(local)?.importPid;
  if (pid === undefined || pid === process.pid) return;
  const own = (commandLine: string | undefined) =>
    commandLine?.includes('org.neo4j.cli.AdminTool') &&
    commandLine.includes(localLayout(local).libDir);
  if (!isAlive(pid) || !own(commandLineOf(pid))) return;
  signalProcess(pid, 'SIGKILL');
  while (isAlive(pid) && own(commandLineOf(pid))) await sleep(100);
}

export function clearBulkImportPending(local: Config['local']): void {
  fs.rmSync(bulkImportMarker(local), { force: true });
}

/**
 * The local server's connection from its password file, without starting or contacting it
 * (a pending bulk import may have left a database the server cannot open).
 */
export function localConnectionOf(local: Config['local']): Connection | undefined {
  const layout = localLayout(local);
  const password = readPassword(layout);
  return password === undefined ? undefined : localConnection(layout, password);
}

/**
 * Runs `neo4j-admin database import full --overwrite-destination neo4j …` from the assembled
 * jars against the local instance (its server must be stopped). Zero bad-entry tolerance: the
 * loader has validated every row, so anything the importer rejects is a bug and fails loudly.
 */
export async function runAdminImport(
  local: Config['local'],
  options: AdminImportOptions,
): Promise<{ seconds: number; logFile: string }> {
  const layout = localLayout(local);
  // Output and report go to the instance's logs, so they outlive the temporary files.
  fs.mkdirSync(layout.logsDir, { recursive: true });
  const logFile = path.join(layout.logsDir, 'admin-import.log');
  const args = [
    `-Xmx${local.heap}`,
    '-Dfile.encoding=UTF-8',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '-cp',
    `${layout.libDir}/*`,
    // AdminTool is what Neo4jAdminBoot forks for every admin command; calling it directly saves
    // one JVM start (seconds on a busy 2-core machine).
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    '--overwrite-destination=true',
    '--bad-tolerance=0',
    // The loader numbers the nodes itself (seed/bulk/node-ids.ts): no string-id map to build.
    '--id-type=actual',
    `--multiline-fields=${options.multilineFields}`,
    `--report-file=${path.join(layout.logsDir, 'admin-import.report')}`,
    // The database name goes before the file lists: --nodes/--relationships take several values.
    'neo4j',
    ...options.files.map((file) => `--${file.kind}=${file.group}=${file.file}`),
  ];
  const started = Date.now();
  const log = fs.createWriteStream(logFile);
  let output = '';
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('java', args, {
      cwd: options.workDir,
      env: {
        ...process.env,
        NEO4J_HOME: layout.instanceDir,
        NEO4J_CONF: layout.confDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The importer outlives a killed loader; the next load kills it before importing again.
    const marker = readMarker(local);
    if (marker && child.pid !== undefined) writeMarker(local, { ...marker, importPid: child.pid });
    let phase = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log.write(chunk);
      output = (output + text).slice(-64 * 1024);
      for (const match of text.matchAll(/\((\d)\/(\d)\) ([A-Za-z ]+?)\s+\d{4}-|\s(\d{1,3})% /g)) {
        if (match[3] !== undefined) phase = `(${match[1]}/${match[2]}) ${match[3]}`;
        else if (phase) options.onProgress?.(phase, Number(match[4]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode ?? -1));
  }).finally(() => new Promise<void>((resolve) => log.end(resolve)));
  if (code !== 0) {
    throw new RingscopeError(
      'BULK_IMPORT_FAILED',
      `neo4j-admin database import failed (exit code ${code}); the database may be half written. Run the same \`ringscope load\` again to redo the import. Full output in ${logFile}; it ends with:\n${lastLines(output, 30)}`,
    );
  }
  return { seconds: (Date.now() - started) / 1000, logFile };
}
