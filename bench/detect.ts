import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { splitOrders } from '../seed/split-orders.ts';
import {
  logger,
  machine,
  marketplace,
  percentiles,
  runCli,
  saveResult,
  serverPeakMB,
  startPrivateNeo4j,
} from './support.ts';

/**
 * Detection benchmark: a generated marketplace (~10 orders per account) without its last
 * `--batches` slices of `--batch` orders is loaded into a private Neo4j and detected in full;
 * then each slice is loaded and detected in turn (incremental, or one full pass when a batch
 * affects most shops). The first batch follows the full run; the others show batches on a
 * server that has run one before; the median is over all of them. Detector and CLI wall
 * time, seconds per detection step, peak RSS of the detecting Node process and of Neo4j.
 */
const log = logger('detect');

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '7' },
      batch: { type: 'string', default: '1000' },
      batches: { type: 'string', default: '4' },
    },
  });
  const accounts = Number(values.accounts);
  const batch = Number(values.batch);
  const source = await marketplace(accounts, Number(values.seed), log);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-bench-detect-'));
  const { base, batches } = splitOrders(source, work, batch, Number(values.batches));
  const neo4j = await startPrivateNeo4j(log);
  try {
    const startMachine = machine();
    log('loading the marketplace without the batches');
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
    const fullSummary = JSON.parse(full.stdout) as Record<string, unknown>;
    log(`full detection ${full.seconds.toFixed(1)} s`);
    const batchRuns = [];
    for (const [i, dir] of batches.entries()) {
      log(`loading batch ${i + 1} (${batch} new orders)`);
      await runCli(
        ['load', dir, '--online', '--json', '--rejects', path.join(work, `r${i + 1}.csv`)],
        neo4j.env,
      );
      const peak = serverPeakMB(neo4j.config.local);
      const run = await runCli(['detect', '--json'], neo4j.env);
      const summary = JSON.parse(run.stdout) as Record<string, unknown>;
      log(`batch ${i + 1}: ${summary.mode} detection ${Number(summary.seconds).toFixed(2)} s`);
      batchRuns.push({
        orders: batch,
        seconds: run.seconds,
        detectorSeconds: summary.seconds,
        mode: summary.mode,
        because: summary.because,
        pairsExamined: summary.pairsExamined,
        ringsScored: summary.ringsScored,
        rings: summary.rings,
        steps: summary.steps,
        nodePeakMB: run.peakMB,
        neo4jPeakMB: peak(),
      });
    }
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
      batches: batchRuns,
      batchMedian: {
        detectorSeconds: percentiles(batchRuns.map((run) => Number(run.detectorSeconds))).p50,
        cliSeconds: percentiles(batchRuns.map((run) => run.seconds)).p50,
      },
      targets: {
        fullUnder120s: { met: Number(fullSummary.seconds) < 120 },
        batchUnder3s: batchRuns.map((run) => ({ met: Number(run.detectorSeconds) < 3 })),
      },
      machine: startMachine,
    });
  } finally {
    await neo4j.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
