import fs from 'node:fs';
import { z } from 'zod';
import { csvLine } from '../../seed/csv-writer.ts';
import type { Config } from '../config.ts';
import { openDb } from '../db/connect.ts';
import type { Db } from '../db/run.ts';
import { parseFlags } from './args.ts';
import { info } from './output.ts';

const flags = z.object({
  positionals: z.tuple([z.literal('rings', 'what to export: rings')]),
  format: z.enum(['json', 'csv'], 'json or csv').default('json'),
  out: z.string().min(1).optional(),
  all: z.boolean().optional(),
});

export type ExportedRing = {
  id: string;
  score: number;
  flagged: boolean;
  status: string;
  accounts: string[];
  merchants: string[];
  exposure: number;
  reasons: { kind: string; text: string; weight: number }[];
};

type StoredRing = {
  id: string;
  score: number;
  flagged: boolean;
  status: string;
  exposure: number;
  accounts: { id: string }[];
  merchants: { id: string }[];
  reasons: { kind: string; text: string; weight: number }[];
};

export async function exportRings(db: Db, flaggedOnly: boolean): Promise<ExportedRing[]> {
  const rows = await db.read<StoredRing>('detect/flagged-rings', { flaggedOnly }, 120_000);
  return rows.map((row) => ({
    id: row.id,
    score: row.score,
    flagged: row.flagged,
    status: row.status,
    accounts: row.accounts.map((member) => member.id),
    merchants: row.merchants.map((member) => member.id),
    exposure: Math.round(row.exposure * 100) / 100,
    reasons: row.reasons.map(({ kind, text, weight }) => ({ kind, text, weight })),
  }));
}

function toCsv(rings: ExportedRing[]): string {
  const header = csvLine([
    'id',
    'score',
    'flagged',
    'status',
    'exposure',
    'accounts',
    'merchants',
    'reasons',
  ]);
  return (
    header +
    rings
      .map((ring) =>
        csvLine([
          ring.id,
          ring.score.toFixed(4),
          String(ring.flagged),
          ring.status,
          ring.exposure.toFixed(2),
          ring.accounts.join(' '),
          ring.merchants.join(' '),
          ring.reasons.map((reason) => `${reason.kind}: ${reason.text}`).join(' | '),
        ]),
      )
      .join('')
  );
}

/** `export rings`: flagged rings (all candidate rings with --all) as JSON or CSV. */
export async function exportCommand(argv: string[], config: Config): Promise<number> {
  const options = parseFlags(
    'export',
    argv,
    { format: { type: 'string' }, out: { type: 'string' }, all: { type: 'boolean' } },
    flags,
  );
  const db = await openDb(config, info);
  try {
    const rings = await exportRings(db, !options.all);
    const text =
      options.format === 'csv' ? toCsv(rings) : `${JSON.stringify({ rings }, null, 2)}\n`;
    if (options.out) {
      fs.writeFileSync(options.out, text);
      info(`Exported ${rings.length} rings to ${options.out}`);
    } else process.stdout.write(text);
    return 0;
  } finally {
    await db.close();
  }
}
