import path from 'node:path';
import { z } from 'zod';
import { FIRST_RING_ACCOUNTS, FOUR_RINGS_ACCOUNTS } from '../../seed/generate/rings.ts';
import { generateMarketplace } from '../../seed/generate.ts';
import { Progress } from '../../seed/progress.ts';
import type { Config } from '../config.ts';
import { parseFlags, wholeNumberFlag } from './args.ts';
import { info } from './output.ts';

const flags = z.object({
  positionals: z.tuple([z.string().min(1)], 'one output folder, e.g. ringscope generate ./demo'),
  accounts: wholeNumberFlag(100, 10_000_000).default(20_000),
  seed: wholeNumberFlag(0, Number.MAX_SAFE_INTEGER).default(1),
});

/** Writes the marketplace, reporting progress per phase on a terminal. */
export async function generateInto(
  outDir: string,
  accounts: number,
  seed: number,
  interactive: boolean,
) {
  let progress: Progress | undefined;
  let phase = '';
  const summary = await generateMarketplace({
    outDir,
    accounts,
    seed,
    onProgress: (p) => {
      if (p.phase !== phase) {
        progress?.done();
        phase = p.phase;
        progress = new Progress(`generate ${p.phase}`, p.total, interactive);
      }
      progress?.update(p.done);
    },
  });
  progress?.done();
  return summary;
}

export async function generateCommand(argv: string[], config: Config): Promise<number> {
  const options = parseFlags(
    'generate',
    argv,
    { accounts: { type: 'string' }, seed: { type: 'string' } },
    flags,
  );
  const outDir = path.resolve(options.positionals[0]);
  const started = Date.now();
  const summary = await generateInto(outDir, options.accounts, options.seed, config.interactive);
  info(
    `Generated ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${options.seed}):\n${JSON.stringify(summary, null, 2)}`,
  );
  if (Object.values(summary.rings).every((count) => count === 0)) {
    info(
      `No rings planted: rings start at ${FIRST_RING_ACCOUNTS} accounts (one of each kind; at least four of each from ${FOUR_RINGS_ACCOUNTS.toLocaleString('en')}).`,
    );
  }
  return 0;
}
