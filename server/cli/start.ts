import fs from 'node:fs';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { openDb } from '../db/connect.ts';
import { runDetection } from '../detect/run-detection.ts';
import { checkListenable, serveUntilStopped } from '../main.ts';
import { pendingBulkImportDir } from '../neo4j-local/admin-import.ts';
import { ensureWebBuild } from '../web/build.ts';
import { parseFlags } from './args.ts';
import { generateInto } from './generate.ts';
import { formatLoadSummary, loadWithMode, pendingBulkDb } from './load.ts';
import { info } from './output.ts';
import { formatStats, graphStats } from './stats.ts';

const flags = z.object({ positionals: z.tuple([]) });

/**
 * The quick start: Neo4j up (local unless NEO4J_URI is set), the demo marketplace generated and
 * loaded when the database holds no accounts (bulk-imported into an empty local database, as
 * `ringscope load` does: 20,000 accounts loaded and detected in 55 s instead of 79 s online),
 * rings detected (incrementally when data was loaded since the last run), a summary of the
 * graph, then the API and the web app (built first when web/dist is missing or stale) served
 * until Ctrl-C.
 */
export async function startCommand(argv: string[], config: Config): Promise<number> {
  parseFlags('start', argv, {}, flags);
  await checkListenable(config);
  const webDir = await ensureWebBuild(info);
  const { dir, accounts, seed } = config.demo;
  // A demo import cut short is redone here; any other one waits for `ringscope load` (openDb says so).
  const pending = pendingBulkImportDir(config.local) === dir ? pendingBulkDb(config) : undefined;
  const redoDemo = pending !== undefined;
  const db = pending ?? (await openDb(config, info));
  try {
    const [count] = redoDemo ? [] : await db.read<{ accounts: number }>('stats/account-count');
    if ((count?.accounts ?? 0) === 0) {
      info(
        redoDemo
          ? `Loading the demo marketplace was interrupted: generating ${accounts} accounts (seed ${seed}) again in ${dir}`
          : `The database is empty: generating a demo marketplace of ${accounts} accounts (seed ${seed}) in ${dir}`,
      );
      fs.rmSync(dir, { recursive: true, force: true });
      await generateInto(dir, accounts, seed, config.interactive);
      const { summary } = await loadWithMode(db, dir, config);
      info(`Loaded the demo marketplace:\n${formatLoadSummary(summary)}`);
    }
    const detection = await runDetection(db);
    info(
      detection.mode === 'unchanged'
        ? 'Rings are up to date (nothing loaded since the last detection).'
        : `Detection (${detection.mode}) in ${detection.seconds.toFixed(1)} s: ${detection.totals.flagged} rings flagged of ${detection.totals.rings} candidates.`,
    );
    info(formatStats(await graphStats(db)));
    info(`Neo4j: ${db.connection.uri} (database ${db.connection.database})`);
  } finally {
    await db.close();
  }
  await serveUntilStopped(config, info, { webDir });
  return 0;
}
