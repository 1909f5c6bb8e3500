import fs from 'node:fs';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { openDb } from '../db/connect.ts';
import { baselineRings } from '../detect/baseline.ts';
import { evaluate, type Truth } from '../detect/evaluate.ts';
import { RingscopeError } from '../errors.ts';
import { parseFlags } from './args.ts';
import { exportRings } from './export.ts';
import { info } from './output.ts';

const flags = z.object({
  positionals: z.tuple([z.string().min(1)], 'the truth.json written by ringscope generate'),
  baseline: z.boolean().optional(),
});

const truthSchema = z.object({
  rings: z.array(
    z.object({
      ring_id: z.string(),
      kind: z.string(),
      accounts: z.array(z.string()),
      merchants: z.array(z.string()),
    }),
  ),
  lookalikes: z.array(z.object({ kind: z.string(), accounts: z.array(z.string()) })).optional(),
});

function readTruth(file: string): Truth {
  if (!fs.existsSync(file)) throw new RingscopeError('USAGE', `eval: ${file} does not exist.`);
  const notTruth = (why: string) =>
    new RingscopeError('USAGE', `eval: ${file} is not a truth.json: ${why}`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) throw notTruth(`not JSON (${error.message})`);
    throw error;
  }
  const parsed = truthSchema.safeParse(json);
  if (!parsed.success) throw notTruth(parsed.error.issues[0]?.message ?? 'unexpected shape');
  return parsed.data;
}

/** Scores the stored flagged rings (and, with --baseline, the textbook baseline) against truth. */
export async function evalCommand(argv: string[], config: Config): Promise<number> {
  const options = parseFlags('eval', argv, { baseline: { type: 'boolean' } }, flags);
  const truth = readTruth(options.positionals[0]);
  const db = await openDb(config, info);
  try {
    const flagged = await exportRings(db, true);
    const report: Record<string, unknown> = { ringscope: evaluate(flagged, truth) };
    if (options.baseline) report.baseline = evaluate(await baselineRings(db), truth);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
