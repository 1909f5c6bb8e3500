import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.ts';
import { type Connection, canConnect } from '../db/driver.ts';
import { RingscopeError } from '../errors.ts';
import { assembleNeo4j, checkJava } from './assemble.ts';
import { renderNeo4jConf } from './conf.ts';
import { type LocalLayout, localConnection, localLayout, readPassword } from './layout.ts';

export type LocalStatus =
  | { running: true; pid: number; connection: Connection; layout: LocalLayout }
  | { running: false; layout: LocalLayout };

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

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(layout: LocalLayout): number | undefined {
  if (!fs.existsSync(layout.pidFile)) return undefined;
  const pid = Number(fs.readFileSync(layout.pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
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
      const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      return `--- ${file} ---\n${text}`;
    });
  return tails.join('\n') || '(no log written)';
}

export async function localStatus(local: Config['local']): Promise<LocalStatus> {
  const layout = localLayout(local);
  const pid = readPid(layout);
  const password = readPassword(layout);
  if (pid === undefined || password === undefined) return { running: false, layout };
  const connection = localConnection(layout, password);
  return (await canConnect(connection))
    ? { running: true, pid, connection, layout }
    : { running: false, layout };
}

/**
 * A password for the local server. Hex, because neo4j-admin takes its argument on a command
 * line: a base64url password starts with '-' one time in 64 and is then read as an option.
 */
export function generatePassword(): string {
  return crypto.randomBytes(18).toString('hex');
}

/** Sets the generated password before the very first start, as Neo4j requires. */
function initialisePassword(layout: LocalLayout): string {
  const existing = readPassword(layout);
  if (existing) return existing;
  const password = generatePassword();
  const result = spawnJava(layout, [
    'org.neo4j.server.startup.Neo4jAdminBoot',
    'dbms',
    'set-initial-password',
    password,
  ]);
  if (result.status !== 0) {
    throw new RingscopeError(
      'NEO4J_PASSWORD',
      `Could not set the initial Neo4j password:\n${result.output}`,
    );
  }
  fs.writeFileSync(layout.passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}

function spawnJava(layout: LocalLayout, args: string[]): { status: number | null; output: string } {
  const result = spawnSync('java', ['-cp', `${layout.libDir}/*`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NEO4J_HOME: layout.instanceDir, NEO4J_CONF: layout.confDir },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
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
): Promise<StartResult> {
  const status = await localStatus(local);
  if (status.running) {
    return { connection: status.connection, pid: status.pid, reused: true, layout: status.layout };
  }
  const layout = status.layout;
  const stalePid = readPid(layout);
  if (stalePid !== undefined) {
    throw new RingscopeError(
      'NEO4J_UNRESPONSIVE',
      `A Neo4j process (pid ${stalePid}) from ${layout.instanceDir} is running but does not answer on Bolt port ${layout.port}. Run \`ringscope db stop\` and start again.\n${logTail(layout)}`,
    );
  }
  checkJava();
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
      'org.neo4j.server.CommunityEntryPoint',
      `--home-dir=${layout.instanceDir}`,
      `--config-dir=${layout.confDir}`,
      '--console-mode',
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new RingscopeError('NEO4J_START', 'Could not spawn java.');
  fs.writeFileSync(layout.pidFile, `${pid}\n`);
  child.unref();
  const connection = localConnection(layout, password);
  await waitForBolt(child, connection, layout, local.startTimeoutSeconds);
  return { connection, pid, reused: false, layout };
}

async function waitForBolt(
  child: ChildProcess,
  connection: Connection,
  layout: LocalLayout,
  timeoutSeconds: number,
): Promise<void> {
  let exitCode: number | null = null;
  child.once('exit', (code) => {
    exitCode = code ?? -1;
  });
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (exitCode !== null) {
      throw new RingscopeError(
        'NEO4J_START',
        `Neo4j exited during start (code ${exitCode}). Its log ends with:\n${logTail(layout)}`,
      );
    }
    if (await canConnect(connection)) return;
    // A bulk load waits here between import and schema; a failed attempt costs a few ms.
    await sleep(100);
  }
  throw new RingscopeError(
    'NEO4J_START_TIMEOUT',
    `Neo4j did not answer on Bolt within ${timeoutSeconds} s (RINGSCOPE_NEO4J_START_TIMEOUT). Its log ends with:\n${logTail(layout)}`,
  );
}

/** SIGTERM lets Neo4j flush and close its stores; SIGKILL only if it hangs past the timeout. */
export async function stopLocal(
  local: Config['local'],
  timeoutSeconds = 120,
): Promise<{ stopped: boolean; pid?: number }> {
  const layout = localLayout(local);
  const pid = readPid(layout);
  if (pid === undefined) {
    fs.rmSync(layout.pidFile, { force: true });
    return { stopped: false };
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(layout.pidFile, { force: true });
  return { stopped: true, pid };
}
