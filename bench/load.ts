import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, readConfig } from '../server/config.ts';
import { resolveConnection } from '../server/db/connect.ts';
import { Db } from '../server/db/run.ts';
import { localLayout } from '../server/neo4j-local/layout.ts';
import { freePort, stopLocal } from '../server/neo4j-local/process.ts';
import { machine as describeMachine, logger, marketplace, ROOT, statusBytes } from './support.ts';

/**
 * Load benchmark: the same generated marketplace (~10 orders per account) loaded into an empty
 * private Neo4j three ways — `ringscope load` in auto mode (bulk import), `ringscope load
 * --online`, and LOAD CSV … CALL { } IN TRANSACTIONS — with wall time, orders/s and peak RSS.
 */

const CSV_FILES = ['accounts', 'merchants', 'sessions', 'orders'] as const;

const log = logger('load');

/** Child pids of every process, from /proc/<pid>/stat. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    for (const [child, ppid] of parent) {
      if (ppid === pid) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

type PeakMeter = { stop(): { loaderMB: number; importerMB: number; neo4jMB: number } };

/**
 * Polls every 100 ms: the loader's VmHWM (its own peak RSS), the peak of any neo4j-admin
 * importer it forks, and the peak of the Neo4j server (whose pid changes when the bulk path
 * restarts it).
 */
function meterPeaks(loaderPid: number, local: Config['local']): PeakMeter {
  const layout = localLayout(local);
  let loader = 0;
  let importer = 0;
  let neo4j = 0;
  const tick = () => {
    loader = Math.max(loader, statusBytes(loaderPid, 'VmHWM'));
    try {
      const server = Number(fs.readFileSync(layout.pidFile, 'utf8').trim());
      if (server > 0) neo4j = Math.max(neo4j, statusBytes(server, 'VmHWM'));
    } catch {
      // server stopped for the import
    }
    for (const pid of descendants(loaderPid)) {
      if (cmdline(pid).includes('AdminTool'))
        importer = Math.max(importer, statusBytes(pid, 'VmHWM'));
    }
  };
  const timer = setInterval(tick, 100);
  tick();
  return {
    stop() {
      clearInterval(timer);
      const mb = (bytes: number) => Math.round(bytes / 1024 ** 2);
      return { loaderMB: mb(loader), importerMB: mb(importer), neo4jMB: mb(neo4j) };
    },
  };
}

type CliRun = {
  seconds: number;
  mode: string;
  orders: number;
  summary: unknown;
  peaks: ReturnType<PeakMeter['stop']>;
};

/** `node server/cli/bin.mjs load DIR --json [extra]` as a child, timed and metered. */
async function runLoader(
  dir: string,
  extra: string[],
  env: NodeJS.ProcessEnv,
  local: Config['local'],
  rejects: string,
): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'server/cli/bin.mjs'), 'load', dir, '--json', '--rejects', rejects, ...extra],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const meter = meterPeaks(child.pid as number, local);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exit) => resolve(exit ?? -1));
  });
  const peaks = meter.stop();
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0 && code !== 2)
    throw new Error(`ringscope load ${extra.join(' ')} exited with ${code}`);
  const summary = JSON.parse(stdout) as {
    mode: string;
    files: { file: string; loaded: number }[];
  };
  const orders = summary.files.find((file) => file.file === 'orders.csv')?.loaded ?? 0;
  return { seconds, mode: summary.mode, orders, summary, peaks };
}

function rate(orders: number, seconds: number): number {
  return seconds > 0 ? Math.round(orders / seconds) : 0;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '7' },
      'skip-online': { type: 'boolean', default: false },
      'skip-load-csv': { type: 'boolean', default: false },
    },
  });
  const accounts = Number(values.accounts);
  const seed = Number(values.seed);
  if (!Number.isInteger(accounts) || accounts < 100)
    throw new Error('--accounts: a whole number ≥ 100');
  const machine = describeMachine();
  const dir = await marketplace(accounts, seed, log);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-bench-home-'));
  const env: Record<string, string> = {
    RINGSCOPE_HOME: home,
    RINGSCOPE_BOLT_PORT: String(await freePort()),
    RINGSCOPE_NEO4J_HEAP: '4g',
    RINGSCOPE_NEO4J_PAGECACHE: '3g',
  };
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, CI: '1' };
  delete childEnv.NEO4J_URI;
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete baseEnv.NEO4J_URI;
  const config = readConfig(baseEnv);
  const rejects = path.join(home, 'rejects.csv');
  let db: Db | undefined;
  try {
    log(`private Neo4j in ${home} on port ${env.RINGSCOPE_BOLT_PORT}`);
    const connection = await resolveConnection(config, (line) => log(line));
    db = new Db(connection, { timeoutMs: 3_600_000 });
    await db.applySchema();
    const fresh = async () => {
      await db?.autoCommit('bench/wipe');
      await db?.applySchema();
    };

    log('bulk: ringscope load (auto mode)');
    const bulk = await runLoader(dir, [], childEnv, config.local, rejects);
    log(`bulk: ${bulk.orders} orders in ${bulk.seconds.toFixed(1)} s (mode ${bulk.mode})`);

    let online: CliRun | undefined;
    if (!values['skip-online']) {
      await fresh();
      log('online: ringscope load --online');
      online = await runLoader(dir, ['--online'], childEnv, config.local, rejects);
      log(`online: ${online.orders} orders in ${online.seconds.toFixed(1)} s`);
    }

    let loadCsv: { seconds: number; orders: number; perFile: Record<string, number> } | undefined;
    if (!values['skip-load-csv']) {
      await fresh();
      const importDir = path.join(localLayout(config.local).instanceDir, 'import');
      fs.mkdirSync(importDir, { recursive: true });
      for (const name of CSV_FILES) {
        fs.rmSync(path.join(importDir, `${name}.csv`), { force: true });
        fs.symlinkSync(path.join(dir, `${name}.csv`), path.join(importDir, `${name}.csv`));
      }
      log('LOAD CSV … IN TRANSACTIONS OF 10000 ROWS');
      const perFile: Record<string, number> = {};
      const started = Date.now();
      for (const name of CSV_FILES) {
        const fileStarted = Date.now();
        await db.autoCommit(`bench/load-csv-${name}`, { url: `file:///${name}.csv` });
        perFile[name] = (Date.now() - fileStarted) / 1000;
        log(`LOAD CSV ${name}: ${perFile[name]?.toFixed(1)} s`);
      }
      const seconds = (Date.now() - started) / 1000;
      const [count] = await db.read<{ orders: number }>('bench/count-orders', {}, 600_000);
      loadCsv = { seconds, orders: count?.orders ?? 0, perFile };
    }

    const bulkRate = rate(bulk.orders, bulk.seconds);
    const result = {
      suite: 'load',
      at: new Date().toISOString(),
      accounts,
      seed,
      dataset: dir,
      orders: bulk.orders,
      bulk: {
        mode: bulk.mode,
        seconds: bulk.seconds,
        ordersPerSecond: bulkRate,
        phases: (bulk.summary as { phases?: unknown }).phases,
      },
      online: online && {
        seconds: online.seconds,
        ordersPerSecond: rate(online.orders, online.seconds),
        orders: online.orders,
      },
      loadCsv: loadCsv && {
        seconds: loadCsv.seconds,
        ordersPerSecond: rate(loadCsv.orders, loadCsv.seconds),
        orders: loadCsv.orders,
        perFileSeconds: loadCsv.perFile,
      },
      ratio: {
        bulkSpeedupVsLoadCsv: loadCsv
          ? Number((loadCsv.seconds / bulk.seconds).toFixed(2))
          : undefined,
        onlineSpeedupVsLoadCsv:
          loadCsv && online ? Number((loadCsv.seconds / online.seconds).toFixed(2)) : undefined,
      },
      peakRssMB: {
        loader: bulk.peaks.loaderMB,
        importer: bulk.peaks.importerMB,
        neo4j: Math.max(bulk.peaks.neo4jMB, online?.peaks.neo4jMB ?? 0),
        onlineLoader: online?.peaks.loaderMB,
      },
      targets: {
        ordersPerSecond: { target: 30_000, met: bulkRate >= 30_000 },
        fasterThanLoadCsv: {
          target: 1.5,
          met: loadCsv ? loadCsv.seconds / bulk.seconds >= 1.5 : undefined,
        },
        loaderRssMB: { target: 400, met: bulk.peaks.loaderMB < 400 },
      },
      machine,
    };
    const text = JSON.stringify(result, null, 2);
    process.stdout.write(`${text}\n`);
    const outDir = path.join(ROOT, 'bench', 'out');
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `load-${result.at.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, `${text}\n`);
    log(`saved ${file}`);
  } finally {
    await db?.close();
    await stopLocal(config.local);
    fs.rmSync(home, { recursive: true, force: true });
  }
}
