import type { Db } from '../db/run.ts';
import { mergeCoMerchants } from './co-merchants.ts';
import { type MerchantGroup, scoreMerchantGroup } from './merchant-group.ts';
import { draftRings, scoreRing } from './rings.ts';
import type { AccountTotals, IdentifierUse, MerchantTotals, PairRow, ScoredRing } from './types.ts';
import {
  FRESH_ACCOUNT_DAYS,
  MAX_IDENTIFIER_ACTORS,
  MIN_RING_BUYERS,
  NEAR_LIMIT_RATIO,
} from './weights.ts';

export type DetectProgress = (phase: string, done: number, total: number) => void;

const BATCH = 2000;
/** Detection is a batch job: its queries get minutes, not the API's seconds. */
export const LONG = 600_000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function readInBatches<T>(
  db: Db,
  query: string,
  key: string,
  ids: string[],
  extra: Record<string, unknown> = {},
): Promise<T[]> {
  const rows: T[] = [];
  for (const batch of chunks(ids, BATCH)) {
    rows.push(...(await db.read<T>(query, { [key]: batch, ...extra }, LONG)));
  }
  return rows;
}

/** Refreshes how many actors use each shared identifier (the rarity weights). */
export async function refreshIdentifierActors(db: Db): Promise<void> {
  await db.autoCommit('detect/identifier-actors');
}

/**
 * Candidate rings from the graph: graph-wide aggregation of BNPL buyer→merchant pairs runs in
 * Neo4j; each merchant with enough suspicious buyers is then scored here from a bounded slice
 * (its candidate buyers, their shared identifiers and the merchant's back office).
 */
export async function findRings(
  db: Db,
  merchantsToScore: Set<string> | undefined,
  progress: DetectProgress = () => {},
): Promise<{ rings: ScoredRing[]; groups: MerchantGroup[]; pairs: PairRow[] }> {
  const pairs = await db.read<PairRow>(
    'detect/bnpl-pairs',
    {
      minRatio: NEAR_LIMIT_RATIO,
      freshDays: FRESH_ACCOUNT_DAYS,
      merchants: merchantsToScore ? [...merchantsToScore] : null,
    },
    LONG,
  );
  const byMerchant = new Map<string, PairRow[]>();
  for (const pair of pairs) {
    const list = byMerchant.get(pair.merchant) ?? [];
    list.push(pair);
    byMerchant.set(pair.merchant, list);
  }
  const candidates = mergeCoMerchants(byMerchant).filter(
    (unit) => unit.pairs.length >= MIN_RING_BUYERS,
  );
  const accounts = [
    ...new Set(candidates.flatMap((unit) => unit.pairs.map((pair) => pair.account))),
  ];
  const totals = new Map(
    (
      await readInBatches<AccountTotals>(db, 'detect/account-bnpl-totals', 'accounts', accounts)
    ).map((row) => [row.account, row]),
  );
  const merchantIds = candidates.flatMap((unit) => unit.merchants);
  const merchantTotals = new Map(
    (
      await readInBatches<MerchantTotals>(
        db,
        'detect/merchant-bnpl-totals',
        'merchants',
        merchantIds,
      )
    ).map((row) => [row.merchant, row]),
  );
  const groups: MerchantGroup[] = [];
  let done = 0;
  for (const batch of chunks(candidates, 50)) {
    const batchAccounts = [
      ...new Set(batch.flatMap((unit) => unit.pairs.map((pair) => pair.account))),
    ];
    const uses = [
      ...(await readInBatches<IdentifierUse>(
        db,
        'detect/account-identifiers',
        'accounts',
        batchAccounts,
        {
          maxActors: MAX_IDENTIFIER_ACTORS,
        },
      )),
      ...(await db.read<IdentifierUse>(
        'detect/merchant-identifiers',
        { merchants: batch.flatMap((unit) => unit.merchants), maxActors: MAX_IDENTIFIER_ACTORS },
        LONG,
      )),
    ];
    const usesByActor = new Map<string, IdentifierUse[]>();
    for (const use of uses) {
      const list = usesByActor.get(use.actor) ?? [];
      list.push(use);
      usesByActor.set(use.actor, list);
    }
    for (const unit of batch) {
      const relevant = [...unit.merchants, ...unit.pairs.map((pair) => pair.account)].flatMap(
        (actor) => usesByActor.get(actor) ?? [],
      );
      groups.push(scoreMerchantGroup(unit.merchants, unit.pairs, totals, relevant));
    }
    done += batch.length;
    progress('merchants', done, candidates.length);
  }
  const [period] = await db.read<{ from: number; to: number }>('detect/order-period', {}, LONG);
  const periodSeconds = period ? period.to - period.from : 0;
  const rings = draftRings(groups).map((draft) => scoreRing(draft, merchantTotals, periodSeconds));
  return { rings: rings.sort((a, b) => b.score - a.score), groups, pairs };
}
