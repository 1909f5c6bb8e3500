import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.ts';
import { type Connection, canConnect } from '../db/driver.ts';
import { RingscopeError } from '../errors.ts';
import { assembleNeo4j, isAssembled } from './assemble.ts';
import { renderNeo4jConf } from './conf.ts';
import { checkFreeSpace, dataFolderCheck } from './disk.ts';
import { lastLines } from './last-lines.ts';
import { type LocalLayout, localConnection, localLayout, readPassword } from './layout.ts';
import { ensurePrerequisites } from './prerequisites.ts';

export type LocalStatus =
  | { running: true; pid: number; connection: Connection; layout: LocalLayout }
  /** `pid`: this instance's server process is alive but does not answer on Bolt. */
  | { running: false; pid?: number; layout: LocalLayout };

const ENTRY_POINT = 'org.neo4j.server.CommunityEntryPoint';

const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+UnlockExperimentalVMOptions',
  '-XX:+TrustFinalNonStaticFields',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dlog4j2.disable.jmx=true',
  '-Dfile.encoding=UTF-8',
];

/** 'another user' is a live process this user may not signal (EPERM): alive, but not ours. */
export type Presence = 'running' | 'gone' | 'another user';

export function processPresence(pid: number): Presence {
  try {
    process.kill(pid, 0);
    return 'running';
  } catch (error) {
    return errorCode(error) === 'EPERM' ? 'another user' : 'gone';
  }
}

/** True for another user's live process too (see `processPresence`). */
export function isAlive(pid: number): boolean {
  return processPresence(pid) !== 'gone';
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Sends `signal`; false when the process has already exited (ESRCH), which is no error for a
 * caller that wanted it gone: it may exit on its own between a check and the signal.
 */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ESRCH') return false;
    throw error;
  }
}

/** The server's launch arguments; `isInstanceCommandLine` recognises a process by them. */
function serverArguments(layout: LocalLayout): string[] {
  return [ENTRY_POINT, `--home-dir=${layout.instanceDir}`, `--config-dir=${layout.confDir}`];
}

/**
 * Whether a command line (arguments joined by single spaces) is this instance's Neo4j: the
 * server entry point started on this instance's home and conf folders. A pid alone proves
 * nothing: after a reboot or a crash the number in the pid file may belong to any program.
 */
export function isInstanceCommandLine(commandLine: string, layout: LocalLayout): boolean {
  const padded = ` ${commandLine} `;
  return serverArguments(layout).every((arg) => padded.includes(` ${arg} `));
}

/** A live process's arguments joined by spaces; undefined when it cannot be read. */
export function commandLineOf(pid: number): string | undefined {
  if (fs.existsSync('/proc/self/cmdline')) {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      return undefined;
    }
  }
  // No /proc (macOS, BSD): ps prints the same arguments, joined by spaces.
  const result = spawnSync('ps', ['-ww', '-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export type PidFileState =
  | { kind: 'absent' }
  | { kind: 'ours'; pid: number }
  /**
   * This instance's server (as far as can be seen), run by a user who may not be signalled:
   * alive, so its file stays, but this user can neither use nor stop it.
   */
  | { kind: 'another user'; pid: number }
  /** The file names no live process of this instance; `why` says what it names instead. */
  | { kind: 'stale'; why: string };

/** What the pid file points at, without changing anything. */
export function inspectPidFile(layout: LocalLayout): PidFileState {
  let text: string;
  try {
    text = fs.readFileSync(layout.pidFile, 'utf8').trim();
  } catch {
    return { kind: 'absent' };
  }
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid <= 0) {
    return {
      kind: 'stale',
      why: `it holds ${JSON.stringify(text.slice(0, 40))}, not a process id`,
    };
  }
  const presence = processPresence(pid);
  if (presence === 'gone') {
    return { kind: 'stale', why: `process ${pid} is no longer running` };
  }
  const commandLine = commandLineOf(pid);
  if (commandLine === undefined) {
    // Another user's process may hide its arguments (hidepid): it may be this server, so keep it.
    return presence === 'another user'
      ? { kind: 'another user', pid }
      : { kind: 'stale', why: `the command line of process ${pid} cannot be read` };
  }
  if (!isInstanceCommandLine(commandLine, layout)) {
    const shown = commandLine.length > 100 ? `${commandLine.slice(0, 100)}…` : commandLine;
    return {
      kind: 'stale',
      why: `pid ${pid} now belongs to another program (${shown || 'no command line'}), not to this instance's Neo4j; that program was left alone`,
    };
  }
  return presence === 'another user' ? { kind: 'another user', pid } : { kind: 'ours', pid };
}

/**
 * NEO4J_OTHER_USER's message. Where other users' processes are hidden (hidepid), any pid this
 * user may not signal reads as that, so after a reboot a pid reused by another user's program
 * would refuse every command until the file goes: say that deleting it is then the remedy.
 */
export function otherUserMessage(layout: LocalLayout, pid: number): string {
  return `The Neo4j of ${layout.instanceDir} (pid ${pid}) runs as another user, so this one can neither use nor stop it; its pid file ${layout.pidFile} was left in place. Stop it as that user (\`ringscope db stop\`), or point RINGSCOPE_HOME at a folder of your own. If no Neo4j of this folder is running (e.g. after a reboot, when pid ${pid} may have gone to another user's program), delete ${layout.pidFile}.`;
}

/**
 * The pid of this instance's running server, or undefined. A pid file naming anything else is
 * removed (and said so), so nothing ever signals a process that merely inherited the number.
 * One naming another user's server is kept, and the command stops: that server holds the store.
 */
function readPid(layout: LocalLayout, log: (line: string) => void): number | undefined {
  const state = inspectPidFile(layout);
  if (state.kind === 'ours') return state.pid;
  if (state.kind === 'stale') {
    fs.rmSync(layout.pidFile, { force: true });
    log(`Removed the stale pid file ${layout.pidFile}: ${state.why}.`);
  }
  if (state.kind === 'another user') {
    throw new RingscopeError('NEO4J_OTHER_USER', otherUserMessage(layout, state.pid));
  }
  return undefined;
}

/** A port the OS just handed out on 127.0.0.1 (for private test and benchmark servers). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function logTail(layout: LocalLayout, lines = 25): string {
  const files = [layout.consoleLog, path.join(layout.logsDir, 'neo4j.log')];
  const tails = files
    .filter((file) => fs.existsSync(file))
    .map((file) => {
      return `--- ${file} ---\n${lastLines(fs.readFileSync(file, 'utf8'), lines)}`;
    });
  return tails.join('\n') || '(no log written)';
}

export async function localStatus(
  local: Config['local'],
  log: (line: string) => void = () => {},
): Promise<LocalStatus> {
  const layout = localLayout(local);
  const pid = readPid(layout, log);
  const password = readPassword(layout);
  if (pid === undefined) return { running: false, layout };
  if (password === undefined) return { running: false, pid, layout };
  const connection = localConnection(layout, password);
  return (await canConnect(connection))
    ? { running: true, pid, connection, layout }
    : { running: false, pid, layout };
}

/**
 * A password for the local server. Hex, because neo4j-admin parses it as an argument: a
 * base64url password starts with '-' one time in 64 and is then read as an option (and one
 * starting with '@' would be read as a file name).
 */
export function generatePassword(): string {
  return crypto.randomBytes(18).toString('hex');
}

/** Sets the generated password before the very first start, as Neo4j requires. */
function initialisePassword(layout: LocalLayout): string {
  const existing = readPassword(layout);
  if (existing) return existing;
  const password = generatePassword();
  // AdminTool, not the neo4j-admin launcher (Neo4jAdminBoot): the launcher forks a second JVM
  // with the arguments, password included, on its command line.
  const result = withArgumentFile(
    layout.runDir,
    ['org.neo4j.cli.AdminTool', 'dbms', 'set-initial-password', password],
    (file) => spawnJava(layout, [`@${file}`]),
  );
  if (result.status !== 0) {
    throw new RingscopeError(
      'NEO4J_PASSWORD',
      `Could not set the initial Neo4j password:\n${result.output}`,
    );
  }
  fs.writeFileSync(layout.passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Java's @argument file syntax: one quoted argument a line, `\\` and `"` escaped. */
export function javaArgumentFile(args: readonly string[]): string {
  const quote = (arg: string) =>
    `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
  return `${args.map(quote).join('\n')}\n`;
}

/**
 * Hands `use` an @argument file holding `args`, created readable by this user only and removed
 * afterwards: arguments on a command line are visible to every user in `ps`. The main class
 * must be in the file too, because the java launcher expands @files only up to the main class
 * (checked with JDK 17: after it, `@file` reaches main unexpanded).
 */
export function withArgumentFile<T>(
  dir: string,
  args: readonly string[],
  use: (file: string) => T,
): T {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `java-args-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
  // 'wx': a new file, so the 0600 mode applies from its first byte (an existing file keeps its own).
  fs.writeFileSync(file, javaArgumentFile(args), { mode: 0o600, flag: 'wx' });
  try {
    return use(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function spawnJava(layout: LocalLayout, args: string[]): { status: number | null; output: string } {
  const result = spawnSync('java', ['-cp', `${layout.libDir}/*`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NEO4J_HOME: layout.instanceDir, NEO4J_CONF: layout.confDir },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The databases Neo4j creates, each with a preallocated transaction log, on its first start. */
const DATABASES = ['system', 'neo4j'];

/**
 * Whether the next start creates transaction logs, the space DATA_MIN_FREE_BYTES is kept for:
 * until each database has its folder in data/transactions/ (Neo4j's default logs root, which
 * neo4j.conf leaves alone). The store files in data/databases/ start small.
 */
export function allocatesTransactionLogs(dataDir: string): boolean {
  return !DATABASES.every((name) => fs.existsSync(path.join(dataDir, 'transactions', name)));
}

export type StartResult = {
  connection: Connection;
  pid: number;
  reused: boolean;
  layout: LocalLayout;
};

/**
 * Starts the project's own Neo4j (assembling it on first use) or returns the running one.
 * The server runs detached so it outlives this command; `stopLocal` ends it.
 */
export async function startLocal(
  local: Config['local'],
  log: (line: string) => void,
  // A bulk load starting the server again inside its `holdingStartLock` (no lock to wait for).
  startLockHeld = false,
): Promise<StartResult> {
  const status = await localStatus(local, log);
  if (status.running) {
    return { connection: status.connection, pid: status.pid, reused: true, layout: status.layout };
  }
  const layout = status.layout;
  if (status.pid !== undefined) return awaitBootingServer(status.pid, local, log, startLockHeld);
  const claim = async () => {
    // Again under the lock: a start that held it may have launched a server meanwhile.
    const now = await localStatus(local, log);
    if (now.running) return { kind: 'running' as const, connection: now.connection, pid: now.pid };
    if (now.pid !== undefined) return { kind: 'booting' as const, pid: now.pid };
    return { kind: 'spawned' as const, ...(await spawnServer(layout, local, log)) };
  };
  const begun = startLockHeld ? await claim() : await withStartLock(layout, log, claim);
  if (begun.kind === 'running') {
    return { connection: begun.connection, pid: begun.pid, reused: true, layout };
  }
  if (begun.kind === 'booting') return awaitBootingServer(begun.pid, local, log, startLockHeld);
  const { pid, connection, exitCode } = begun;
  const outcome = await awaitBolt(() => exitCode() !== null, connection, local.startTimeoutSeconds);
  if (outcome === 'exited') {
    throw new RingscopeError(
      'NEO4J_START',
      `Neo4j exited during start (code ${exitCode()}). Its log ends with:\n${logTail(layout)}`,
    );
  }
  if (outcome === 'timeout') {
    throw new RingscopeError(
      'NEO4J_START_TIMEOUT',
      `Neo4j did not answer on Bolt within ${local.startTimeoutSeconds} s (RINGSCOPE_NEO4J_START_TIMEOUT). Its log ends with:\n${logTail(layout)}`,
    );
  }
  return { connection, pid, reused: false, layout };
}

/** Assembles Neo4j if needed, writes its configuration and launches it; its pid file is written. */
async function spawnServer(
  layout: LocalLayout,
  local: Config['local'],
  log: (line: string) => void,
) {
  ensurePrerequisites({ maven: !isAssembled(layout) }, log);
  // Before the download too: a first start fails in seconds instead of after it.
  checkFreeSpace(dataFolderCheck(layout.dataDir, allocatesTransactionLogs(layout.dataDir)), log);
  assembleNeo4j(layout, local, log);
  if (!(await portIsFree(layout.port))) {
    throw new RingscopeError(
      'PORT_TAKEN',
      `Port ${layout.port} on 127.0.0.1 is taken by another program. Stop it, or choose another port with RINGSCOPE_BOLT_PORT.`,
    );
  }
  for (const dir of [layout.confDir, layout.dataDir, layout.logsDir, layout.runDir]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.mkdirSync(path.join(layout.instanceDir, 'import'), { recursive: true });
  fs.writeFileSync(
    path.join(layout.confDir, 'neo4j.conf'),
    renderNeo4jConf(layout, local.pageCache),
  );
  const password = initialisePassword(layout);
  const out = fs.openSync(layout.consoleLog, 'a');
  const child = spawn(
    'java',
    [
      `-Xms${local.heap}`,
      `-Xmx${local.heap}`,
      ...JVM_FLAGS,
      '-cp',
      `${layout.pluginsDir}/*:${layout.pluginLibDir}/*:${layout.libDir}/*`,
      ...serverArguments(layout),
      '--console-mode',
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new RingscopeError('NEO4J_START', 'Could not spawn java.');
  fs.writeFileSync(layout.pidFile, `${pid}\n`);
  child.unref();
  let code: number | null = null;
  child.once('exit', (exit) => {
    code = exit ?? -1;
  });
  return { pid, connection: localConnection(layout, password), exitCode: () => code };
}

/** A start lock older than this is a dead holder's whose pid went to another program. */
const STALE_START_LOCK_MS = 30 * 60_000;

/**
 * Runs `work` holding `run/start.lock` (the holder's pid): from the status check to the pid
 * file, two starts at once (two terminals, tests beside \`npm start\`) must not interleave, or
 * both would launch a server on one store. The second waits, then finds the first one's server.
 * A bulk load holds it from stopping the server to starting it again, so that no other command
 * starts one on the store being imported; its own start passes `startLockHeld`.
 */
async function withStartLock<T>(
  layout: LocalLayout,
  log: (line: string) => void,
  work: () => Promise<T>,
): Promise<T> {
  const lockFile = path.join(layout.runDir, 'start.lock');
  fs.mkdirSync(layout.runDir, { recursive: true });
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    let holder: number;
    let age: number;
    try {
      holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
      age = Date.now() - fs.statSync(lockFile).mtimeMs;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      throw error;
    }
    // An empty file is a holder between creating and writing it, unless that was long ago.
    const dead = Number.isInteger(holder) ? !isAlive(holder) : age > 10_000;
    if (dead || age > STALE_START_LOCK_MS) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (!told) {
      log(
        `Another ringscope (pid ${holder}) is starting Neo4j, or bulk-loading while it is stopped; waiting for it…`,
      );
      told = true;
    }
    await sleep(200);
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

/** The pid a pid file holds; undefined when there is no such file. */
function pidIn(file: string): number | undefined {
  try {
    return Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Runs `work` (a bulk import: stop, import, start again) holding the local server's start lock:
 * meanwhile a start by any other process waits instead of launching a server on the store.
 */
export function holdingStartLock<T>(
  local: Config['local'],
  log: (line: string) => void,
  work: () => Promise<T>,
): Promise<T> {
  return withStartLock(localLayout(local), log, work);
}

/**
 * A live server of this folder that does not answer yet is most often still booting: a start
 * cut short by Ctrl-C leaves it running, as does a second start at the same time. Waits for it
 * as for a server just spawned, and reuses it once it answers.
 */
async function awaitBootingServer(
  pid: number,
  local: Config['local'],
  log: (line: string) => void,
  startLockHeld: boolean,
): Promise<StartResult> {
  const layout = localLayout(local);
  const password = readPassword(layout);
  const unresponsive = (after: string) =>
    new RingscopeError(
      'NEO4J_UNRESPONSIVE',
      `A Neo4j process (pid ${pid}) from ${layout.instanceDir} is running but does not answer on Bolt port ${layout.port}${after}. Run \`ringscope db stop\` and start again.\n${logTail(layout)}`,
    );
  if (password === undefined) throw unresponsive('');
  log(`Neo4j (pid ${pid}) is running but does not answer yet; waiting for it to finish starting…`);
  const connection = localConnection(layout, password);
  const outcome = await awaitBolt(() => !isAlive(pid), connection, local.startTimeoutSeconds);
  // Gone while waited for (a `db stop` meanwhile, or a failed boot): start one afresh, which
  // says what fails if it fails again.
  if (outcome === 'exited') return startLocal(local, log, startLockHeld);
  if (outcome === 'timeout') {
    throw unresponsive(` within ${local.startTimeoutSeconds} s (RINGSCOPE_NEO4J_START_TIMEOUT)`);
  }
  return { connection, pid, reused: true, layout };
}

/** Polls Bolt until it answers, the server exits (`exited()`), or `timeoutSeconds` pass. */
async function awaitBolt(
  exited: () => boolean,
  connection: Connection,
  timeoutSeconds: number,
): Promise<'answered' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (exited()) return 'exited';
    if (await canConnect(connection)) return 'answered';
    // A bulk load waits here between import and schema; a failed attempt costs a few ms.
    await sleep(100);
  }
  return 'timeout';
}

/**
 * SIGTERM lets Neo4j flush and close its stores; SIGKILL only if it hangs past the timeout.
 * `pid` with `stopped: false` is a server that exited on its own before it was signalled.
 */
export async function stopLocal(
  local: Config['local'],
  timeoutSeconds = 120,
  log: (line: string) => void = () => {},
): Promise<{ stopped: boolean; pid?: number }> {
  const layout = localLayout(local);
  const pid = readPid(layout, log);
  if (pid === undefined) return { stopped: false };
  if (!signalProcess(pid, 'SIGTERM')) {
    fs.rmSync(layout.pidFile, { force: true });
    log(`Neo4j (pid ${pid}) exited on its own before it was signalled; removed its pid file.`);
    return { stopped: false, pid };
  }
  // Looked at again at every step: once the server is gone its pid may go to another program.
  // An empty command line is a process that has exited but is not reaped yet: wait for it.
  const state = () => {
    if (!isAlive(pid)) return 'gone';
    const commandLine = commandLineOf(pid);
    if (!commandLine) return 'exiting';
    return isInstanceCommandLine(commandLine, layout) ? 'ours' : 'another program';
  };
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (['ours', 'exiting'].includes(state()) && Date.now() < deadline) await sleep(200);
  if (state() === 'ours') signalProcess(pid, 'SIGKILL');
  // Only the stopped server's: a start that went ahead meanwhile has written its own.
  if (pidIn(layout.pidFile) === pid) fs.rmSync(layout.pidFile, { force: true });
  return { stopped: true, pid };
}
