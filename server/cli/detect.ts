import { z } from 'zod';
import { Progress } from '../../seed/progress.ts';
import type { Config } from '../config.ts';
import { openDb } from '../db/connect.ts';
import { runDetection } from '../detect/run-detection.ts';
import { parseFlags } from './args.ts';
import { info } from './output.ts';

const flags = z.object({
  positionals: z.tuple([]),
  json: z.boolean().optional(),
  full: z.boolean().optional(),
});

export async function detectCommand(argv: string[], config: Config): Promise<number> {
  const options = parseFlags(
    'detect',
    argv,
    { json: { type: 'boolean' }, full: { type: 'boolean' } },
    flags,
  );
  const db = await openDb(config, info);
  try {
    let progress: Progress | undefined;
    let phase = '';
    const result = await runDetection(db, {
      full: options.full,
      progress: (name, done, total) => {
        if (name !== phase) {
          progress?.done();
          phase = name;
          progress = new Progress(`detect ${name}`, total, config.interactive);
        }
        progress?.update(done);
      },
    });
    progress?.done();
    const { totals } = result;
    const summary = {
      mode: result.mode,
      because: result.because,
      seconds: result.seconds,
      pairsExamined: result.pairs,
      merchantsScored: result.merchantsScored,
      ringsScored: result.ringsScored,
      rings: totals.rings,
      flagged: totals.flagged,
      flaggedAccounts: totals.flaggedAccounts,
      exposure: Math.round(totals.exposure),
      steps: Object.fromEntries(
        Object.entries(result.steps).map(([step, seconds]) => [
          step,
          Math.round(seconds * 100) / 100,
        ]),
      ),
    };
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      info(
        `Detection (${summary.mode}: ${summary.because}) in ${summary.seconds.toFixed(1)} s, ${summary.merchantsScored} merchants and ${summary.ringsScored} rings scored: ${summary.rings} rings stored, ${summary.flagged} flagged (${summary.flaggedAccounts} accounts, exposure ¥${summary.exposure.toLocaleString('en-US')}).`,
      );
      for (const ring of totals.top) {
        info(
          `  ${ring.id}  score ${ring.score.toFixed(2)}  ${ring.accounts} accounts at ${ring.merchants.join(', ')}: ${ring.reason ?? ''}`,
        );
      }
    }
    return 0;
  } finally {
    await db.close();
  }
}
