import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Db } from '../server/db/run.ts';
import { localLayout } from '../server/neo4j-local/layout.ts';
import {
  logger,
  machine,
  marketplace,
  type PrivateNeo4j,
  runCli,
  saveResult,
  serverPeakMB,
  startPrivateNeo4j,
  statusBytes,
} from './support.ts';

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

/** Peak RSS of any neo4j-admin importer the loader forks, fed by runCli's ticks. */
function importerMeter(): { watch(loaderPid: number): void; peakMB(): number } {
  let peak = 0;
  return {
    watch(loaderPid) {
      for (const pid of descendants(loaderPid)) {
        if (cmdline(pid).includes('AdminTool')) peak = Math.max(peak, statusBytes(pid, 'VmHWM'));
      }
    },
    peakMB: () => Math.round(peak / 1024 ** 2),
  };
}

type LoaderRun = {
  seconds: number;
  mode: string;
  orders: number;
  summary: { phases?: unknown };
  peaks: { loaderMB: number; importerMB: number; neo4jMB: number };
};

/** `ringscope load DIR --json [extra]` as a child, timed and metered with the server and importer. */
async function runLoader(
  dir: string,
  extra: string[],
  neo4j: PrivateNeo4j,
  rejects: string,
): Promise<LoaderRun> {
  const importer = importerMeter();
  const server = serverPeakMB(neo4j.config.local);
  const run = await runCli(
    ['load', dir, '--json', '--rejects', rejects, ...extra],
    neo4j.env,
    importer.watch,
  );
  const neo4jMB = server();
  if (run.code !== 0 && run.code !== 2)
    throw new Error(`ringscope load ${extra.join(' ')} exited with ${run.code}`);
  const summary = JSON.parse(run.stdout) as {
    mode: string;
    phases?: unknown;
    files: { file: string; loaded: number }[];
  };
  const orders = summary.files.find((file) => file.file === 'orders.csv')?.loaded ?? 0;
  return {
    seconds: run.seconds,
    mode: summary.mode,
    orders,
    summary,
    peaks: { loaderMB: run.peakMB, importerMB: importer.peakMB(), neo4jMB },
  };
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
  const machineAtStart = machine();
  const dir = await marketplace(accounts, seed, log);
  const neo4j = await startPrivateNeo4j(log);
  const rejects = path.join(neo4j.config.local.home, 'rejects.csv');
  const db = new Db(neo4j.connection, { timeoutMs: 3_600_000 });
  try {
    await db.applySchema();
    const fresh = async () => {
      await db.autoCommit('bench/wipe-relationships');
      await db.autoCommit('bench/wipe');
      await db.applySchema();
    };

    log('bulk: ringscope load (auto mode)');
    const bulk = await runLoader(dir, [], neo4j, rejects);
    log(`bulk: ${bulk.orders} orders in ${bulk.seconds.toFixed(1)} s (mode ${bulk.mode})`);

    let online: LoaderRun | undefined;
    if (!values['skip-online']) {
      await fresh();
      log('online: ringscope load --online');
      online = await runLoader(dir, ['--online'], neo4j, rejects);
      log(`online: ${online.orders} orders in ${online.seconds.toFixed(1)} s`);
    }

    let loadCsv: { seconds: number; orders: number; perFile: Record<string, number> } | undefined;
    if (!values['skip-load-csv']) {
      await fresh();
      const importDir = path.join(localLayout(neo4j.config.local).instanceDir, 'import');
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
        phases: bulk.summary.phases,
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
      machine: machineAtStart,
    };
    saveResult('load', result);
  } finally {
    await db.close();
    await neo4j.stop();
  }
}
