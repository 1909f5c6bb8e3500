import path from 'node:path';
import { z } from 'zod';
import { loadDirectory, type LoadSummary } from '../../seed/load.ts';
import type { Config } from '../config.ts';
import { openDb } from '../db/connect.ts';
import { parseFlags } from './args.ts';
import { info } from './output.ts';

const flags = z.object({
  positionals: z.tuple([z.string().min(1, 'the folder holding the CSV files')], 'one folder, e.g. ringscope load ./data'),
  rejects: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

export function formatLoadSummary(summary: LoadSummary): string {
  const lines = summary.files.map((file) => {
    const rate = file.seconds > 0 ? Math.round(file.read / file.seconds) : file.read;
    const duplicates = file.identicalDuplicates ? ` (${file.identicalDuplicates} identical repeats)` : '';
    return `  ${file.file.padEnd(14)} read ${file.read} = loaded ${file.loaded}${duplicates} + rejected ${file.rejected}   ${file.seconds.toFixed(1)} s, ${rate} rows/s`;
  });
  if (summary.rejectsFile) lines.push(`  rejected rows written to ${summary.rejectsFile}`);
  return lines.join('\n');
}

/** Exit code 0 when every row loaded, 2 when some were rejected (the rest still loaded). */
export async function loadCommand(argv: string[], config: Config): Promise<number> {
  const options = parseFlags(
    'load',
    argv,
    { rejects: { type: 'string' }, json: { type: 'boolean' } },
    flags,
  );
  const dir = path.resolve(options.positionals[0]);
  const db = await openDb(config, info);
  try {
    const summary = await loadDirectory(db, dir, {
      batchSize: config.loadBatchSize,
      rejectsPath: options.rejects,
      interactive: config.interactive,
      onWarning: (message) => info(`warning: ${message}`),
    });
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else info(`Loaded ${dir}\n${formatLoadSummary(summary)}`);
    return summary.rejectsFile ? 2 : 0;
  } finally {
    await db.close();
  }
}
