import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMarketplace } from '../seed/generate.ts';
import { type Config, readConfig } from '../server/config.ts';
import { resolveConnection } from '../server/db/connect.ts';
import type { Connection } from '../server/db/driver.ts';
import { localLayout } from '../server/neo4j-local/layout.ts';
import { freePort, inspectPidFile, stopLocal } from '../server/neo4j-local/process.ts';

/** Shared plumbing of the benchmark suites: data, a private Neo4j, metered CLI runs. */

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function logger(suite: string): (line: string) => void {
  return (line) => process.stderr.write(`[bench ${suite}] ${line}\n`);
}

/** Generated once per seed + size and kept under the OS temp folder for later runs. */
export async function marketplace(
  accounts: number,
  seed: number,
  log: (line: string) => void,
): Promise<string> {
  const dir = path.join(os.tmpdir(), 'ringscope-bench', `market-seed${seed}-accounts${accounts}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  log(`generating ${accounts} accounts (seed ${seed}) into ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const started = Date.now();
  await generateMarketplace({ outDir: dir, accounts, seed });
  fs.writeFileSync(path.join(dir, '.complete'), '');
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

export type PrivateNeo4j = {
  config: Config;
  env: NodeJS.ProcessEnv;
  connection: Connection;
  stop(): Promise<void>;
};

/** A private local Neo4j (temporary home, free port, sized like production), like the tests'. */
export async function startPrivateNeo4j(log: (line: string) => void): Promise<PrivateNeo4j> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEO4J_URI: undefined,
    RINGSCOPE_HOME: home,
    RINGSCOPE_BOLT_PORT: String(await freePort()),
    RINGSCOPE_NEO4J_HEAP: '4g',
    RINGSCOPE_NEO4J_PAGECACHE: '3g',
    CI: '1',
  };
  const config = readConfig(env);
  const connection = await resolveConnection(config, log);
  return {
    config,
    env,
    connection,
    async stop() {
      await stopLocal(config.local);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A /proc/<pid>/status size field in bytes (0 once the process is gone). */
export function statusBytes(pid: number, field: string): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Peak RSS (VmHWM) of the server, found through its pid file at every tick (the pid changes on
 * restart) and only when that file names this instance's server, never a program that took its pid.
 */
export function serverPeakMB(local: Config['local']): () => number {
  const layout = localLayout(local);
  let peak = 0;
  const tick = () => {
    const server = inspectPidFile(layout);
    // Anything else: stopped for the moment.
    if (server.kind === 'ours') peak = Math.max(peak, statusBytes(server.pid, 'VmHWM'));
  };
  const timer = setInterval(tick, 100);
  tick();
  return () => {
    clearInterval(timer);
    tick();
    return Math.round(peak / 1024 ** 2);
  };
}

/**
 * `node server/cli/bin.mjs …args` as a child: wall time, exit code, stdout, peak RSS.
 * `watch` is called with the child's pid on every 100 ms tick, for meters of its own.
 */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  watch?: (childPid: number) => void,
): Promise<{ seconds: number; code: number; stdout: string; peakMB: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'server/cli/bin.mjs'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, statusBytes(child.pid as number, 'VmHWM'));
    watch?.(child.pid as number);
  }, 100);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exit) => resolve(exit ?? -1));
  });
  clearInterval(timer);
  return {
    seconds: (Date.now() - started) / 1000,
    code,
    stdout,
    peakMB: Math.round(peak / 1024 ** 2),
  };
}

export type Percentiles = { p50: number; p90: number; p99: number; max: number; count: number };

/** Percentiles of latency samples in ms, rounded to µs; p50 is the median (mean of the middle two). */
export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 0 && sorted.length > 0
      ? ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
      : at(0.5);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    p50: round(median),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1) ?? 0),
    count: sorted.length,
  };
}

export function saveResult(suite: string, result: object): void {
  const out = path.join(ROOT, 'bench', 'out');
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `${suite}-${new Date().toISOString().replaceAll(':', '-')}.json`);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  fs.writeFileSync(file, text);
  process.stdout.write(text);
}

export function machine() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
  };
}
