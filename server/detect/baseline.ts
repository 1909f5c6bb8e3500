import type { Db } from '../db/run.ts';
import type { PredictedRing } from './evaluate.ts';

const GRAPH = 'ringscope-baseline';

/**
 * The textbook baseline to beat: connected components over shared identifiers with a degree
 * cap (GDS WCC), every component with a merchant and at least three accounts called a ring.
 */
export async function baselineRings(db: Db, cap = 20): Promise<PredictedRing[]> {
  await db.autoCommit('detect/baseline-drop', { graph: GRAPH });
  await db.autoCommit('detect/baseline-project', { graph: GRAPH, cap });
  try {
    const rows = await db.read<{ componentId: number; accounts: string[]; merchants: string[] }>(
      'detect/baseline-components',
      { graph: GRAPH, minAccounts: 3 },
      600_000,
    );
    return rows.map((row) => ({
      id: `wcc-${row.componentId}`,
      accounts: row.accounts,
      merchants: row.merchants,
    }));
  } finally {
    await db.autoCommit('detect/baseline-drop', { graph: GRAPH });
  }
}
