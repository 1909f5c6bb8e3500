import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  logger,
  machine,
  marketplace,
  runCli,
  saveResult,
  serverPeakMB,
  startPrivateNeo4j,
} from './support.ts';

/**
 * Detection benchmark: a generated marketplace (~10 orders per account) without its last
 * `--batch` orders is loaded into a private Neo4j and detected in full; then the batch is loaded
 * and detection runs again (incremental, or one full pass when the batch affects most shops).
 * Wall time, seconds per detection step, peak RSS of the detecting Node process and of Neo4j.
 */
const log = logger('detect');

function splitOrders(
  source: string,
  target: string,
  batch: number,
): { base: string; tail: string } {
  const base = path.join(target, 'base');
  const tail = path.join(target, 'batch');
  fs.mkdirSync(base, { recursive: true });
  fs.mkdirSync(tail, { recursive: true });
  for (const file of ['accounts.csv', 'merchants.csv', 'sessions.csv']) {
    fs.symlinkSync(path.join(source, file), path.join(base, file));
  }
  const lines = fs.readFileSync(path.join(source, 'orders.csv'), 'utf8').trimEnd().split('\n');
  const header = lines[0] as string;
  fs.writeFileSync(path.join(base, 'orders.csv'), `${lines.slice(0, -batch).join('\n')}\n`);
  fs.writeFileSync(
    path.join(tail, 'orders.csv'),
    `${[header, ...lines.slice(-batch)].join('\n')}\n`,
  );
  return { base, tail };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '7' },
      batch: { type: 'string', default: '1000' },
    },
  });
  const accounts = Number(values.accounts);
  const batch = Number(values.batch);
  const source = await marketplace(accounts, Number(values.seed), log);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-bench-detect-'));
  const { base, tail } = splitOrders(source, work, batch);
  const neo4j = await startPrivateNeo4j(log);
  try {
    const startMachine = machine();
    log('loading the marketplace without the batch');
    const load = await runCli(
      ['load', base, '--json', '--rejects', path.join(work, 'r.csv')],
      neo4j.env,
    );
    const loaded = JSON.parse(load.stdout) as { files: { file: string; loaded: number }[] };
    const orders = loaded.files.find((file) => file.file === 'orders.csv')?.loaded ?? 0;
    log(`loaded ${orders} orders in ${load.seconds.toFixed(1)} s; full detection`);
    const fullPeak = serverPeakMB(neo4j.config.local);
    const full = await runCli(['detect', '--json'], neo4j.env);
    const fullNeo4j = fullPeak();
    log(`full detection ${full.seconds.toFixed(1)} s; loading ${batch} new orders`);
    await runCli(
      ['load', tail, '--online', '--json', '--rejects', path.join(work, 'r2.csv')],
      neo4j.env,
    );
    const incrementalPeak = serverPeakMB(neo4j.config.local);
    const incremental = await runCli(['detect', '--json'], neo4j.env);
    const incrementalNeo4j = incrementalPeak();
    const fullSummary = JSON.parse(full.stdout) as Record<string, unknown>;
    const incrementalSummary = JSON.parse(incremental.stdout) as Record<string, unknown>;
    saveResult('detect', {
      suite: 'detect',
      at: new Date().toISOString(),
      accounts,
      orders,
      full: {
        seconds: full.seconds,
        detectorSeconds: fullSummary.seconds,
        nodePeakMB: full.peakMB,
        neo4jPeakMB: fullNeo4j,
        summary: fullSummary,
      },
      batch: {
        orders: batch,
        seconds: incremental.seconds,
        detectorSeconds: incrementalSummary.seconds,
        mode: incrementalSummary.mode,
        because: incrementalSummary.because,
        steps: incrementalSummary.steps,
        nodePeakMB: incremental.peakMB,
        neo4jPeakMB: incrementalNeo4j,
      },
      targets: {
        fullUnder120s: { met: Number(fullSummary.seconds) < 120 },
        batchUnder3s: { met: Number(incrementalSummary.seconds) < 3 },
      },
      machine: startMachine,
    });
  } finally {
    await neo4j.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
