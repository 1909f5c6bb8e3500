import { z } from 'zod';
import type { Config } from '../config.ts';
import { openDb } from '../db/connect.ts';
import type { Db } from '../db/run.ts';
import { parseFlags } from './args.ts';
import { info } from './output.ts';

export type GraphStats = { nodes: Record<string, number>; relationships: Record<string, number> };

const flags = z.object({ positionals: z.tuple([]), json: z.boolean().optional() });

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export async function graphStats(db: Db): Promise<GraphStats> {
  const [row] = await db.read<{
    labels: Record<string, number>;
    relTypesCount: Record<string, number>;
  }>('stats/counts');
  return { nodes: sorted(row?.labels ?? {}), relationships: sorted(row?.relTypesCount ?? {}) };
}

export function formatStats(stats: GraphStats): string {
  const width = Math.max(
    ...Object.keys({ ...stats.nodes, ...stats.relationships }).map((k) => k.length),
    8,
  );
  const block = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(
        ([name, count]) => `  ${name.padEnd(width)} ${count.toLocaleString('en-US').padStart(12)}`,
      )
      .join('\n');
  return `Nodes\n${block(stats.nodes)}\nRelationships\n${block(stats.relationships)}`;
}

export async function statsCommand(argv: string[], config: Config): Promise<number> {
  const options = parseFlags('stats', argv, { json: { type: 'boolean' } }, flags);
  const db = await openDb(config, info);
  try {
    const stats = await graphStats(db);
    process.stdout.write(
      options.json ? `${JSON.stringify(stats, null, 2)}\n` : `${formatStats(stats)}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
