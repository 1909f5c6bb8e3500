import fs from 'node:fs';
import path from 'node:path';
import { generateMarketplace } from '../../seed/generate.ts';
import { loadDirectory } from '../../seed/load.ts';
import type { Db } from '../../server/db/run.ts';
import type { Truth } from '../../server/detect/evaluate.ts';
import { runDetection } from '../../server/detect/run-detection.ts';
import { wipe } from './neo4j.ts';

/**
 * A wiped test database holding a generated marketplace (written to `tmp/market`, loaded online)
 * with its rings detected: the starting point of tests that need realistic data and a truth file.
 */
export async function loadGeneratedMarketplace(
  db: Db,
  tmp: string,
  { accounts, seed }: { accounts: number; seed: number },
): Promise<{ dir: string; truth: Truth }> {
  await wipe(db);
  const dir = path.join(tmp, 'market');
  await generateMarketplace({ outDir: dir, accounts, seed });
  await loadDirectory(db, dir, {
    batchSize: 5000,
    interactive: false,
    rejectsPath: path.join(tmp, 'rejects.csv'),
  });
  await runDetection(db);
  const truth = JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8')) as Truth;
  return { dir, truth };
}
