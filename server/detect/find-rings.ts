import type { Db } from '../db/run.ts';
import type { MerchantUnit } from './co-merchants.ts';
import { compareIds } from './compare-ids.ts';
import { groupBy } from './group-by.ts';
import { isSolidMember, isSteadyMember, scoreMerchantGroup } from './merchant-group.ts';
import { draftRings, type RingEntry, scoreRing } from './rings.ts';
import type { IdentifierUse, PairRow, ScoredRing, StoredPairRow } from './types.ts';
import { MAX_RING_BUYERS, MIN_RING_BUYERS } from './weights.ts';

export type DetectProgress = (phase: string, done: number, total: number) => void;

/**
 * A scored merchant unit kept between runs (a :DetectionUnit node): its shops, how many members
 * it has, how many of them stay members whatever happens to their lockstep with others (steady)
 * and whatever happens to their links too (solid), so a later run can tell that the few buyers
 * a load changed cannot shrink a busy shop's crowd into a ring; and, when the members form a
 * ring draft, their accounts, so a later run can tell which drafts a change reaches without
 * reading every unit's members.
 */
export type StoredUnit = {
  key: string;
  merchants: string[];
  /** Members (a lower bound once a run skipped the unit). */
  size: number;
  steady: number;
  solid: number;
  accounts: string[] | null;
};

/** A unit as scored: the stored facts and, for a ring draft, its members. */
export type ScoredUnit = StoredUnit & { members: RingEntry[] | null };

/** A ring draft's members at its unit's shops. */
export type RingGroup = { key: string; merchants: string[]; members: RingEntry[] };

const BATCH = 2000;
/** Detection is a batch job: its queries get minutes, not the API's seconds. */
export const LONG = 600_000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const unitKey = (merchants: string[]) => merchants.join('+');

/**
 * Stored pair features of the given merchants (all when null), by merchant, with each buyer's
 * total BNPL amount.
 */
export async function readPairs(
  db: Db,
  merchants: string[] | null,
): Promise<{ byMerchant: Map<string, PairRow[]>; accountAmounts: Map<string, number> }> {
  const rows: StoredPairRow[] = [];
  for (const batch of merchants ? chunks(merchants, BATCH) : [[]]) {
    rows.push(
      ...(await db.read<StoredPairRow>(
        'detect/unit-pairs',
        { all: merchants === null, merchants: batch },
        LONG,
      )),
    );
  }
  const accountAmounts = new Map<string, number>();
  const pairs: PairRow[] = rows.map(({ accountAmount, ...pair }) => {
    if (accountAmount !== null) accountAmounts.set(pair.account, accountAmount);
    return pair;
  });
  return { byMerchant: groupBy(pairs, (pair) => pair.merchant), accountAmounts };
}

/**
 * Each unit's shared identifier uses, in scoring order: by actor (its shops, then its buyers
 * by id), each actor's by kind and identifier.
 */
async function identifierUses(db: Db, units: MerchantUnit[]): Promise<IdentifierUse[][]> {
  const rows = await db.read<IdentifierUse & { unit: number }>(
    'detect/unit-identifiers',
    { units: units.map((unit) => unit.merchants) },
    LONG,
  );
  const byUnit = groupBy(rows, (row) => String(row.unit));
  return units.map((unit, index) => {
    const byActor = groupBy(byUnit.get(String(index)) ?? [], (use) => use.actor);
    return [...unit.merchants, ...unit.pairs.map((pair) => pair.account)].flatMap((actor) =>
      (byActor.get(actor) ?? [])
        .map(({ unit: _, ...use }) => use)
        .sort((a, b) => compareIds(a.kind, b.kind) || compareIds(a.identifier, b.identifier)),
    );
  });
}

/**
 * Scores merchant units (bounded slices: a unit's candidate buyers, their shared identifiers
 * and the shops' back offices); units with fewer than MIN_RING_BUYERS candidates need no
 * scoring, units without pairs are dropped.
 */
export async function scoreUnits(
  db: Db,
  units: MerchantUnit[],
  accountAmounts: Map<string, number>,
  progress: DetectProgress = () => {},
): Promise<ScoredUnit[]> {
  const candidates = units.filter((unit) => unit.pairs.length >= MIN_RING_BUYERS);
  const scored: ScoredUnit[] = units
    .filter((unit) => unit.pairs.length > 0 && unit.pairs.length < MIN_RING_BUYERS)
    .map((unit) => ({
      key: unitKey(unit.merchants),
      merchants: unit.merchants,
      size: 0,
      steady: 0,
      solid: 0,
      accounts: null,
      members: null,
    }));
  let done = 0;
  const batches = chunks(candidates, 50);
  // The next batch's identifiers are read while this batch is scored: Neo4j and Node each
  // have a core.
  let reading = batches[0] && identifierUses(db, batches[0]);
  for (const [i, batch] of batches.entries()) {
    const uses = (await reading) as IdentifierUse[][];
    const following = batches[i + 1];
    reading = following && identifierUses(db, following);
    // Awaited next round; a failure there must not surface early as an unhandled rejection.
    reading?.catch(() => undefined);
    batch.forEach((unit, index) => {
      const group = scoreMerchantGroup(
        unit.merchants,
        unit.pairs,
        accountAmounts,
        uses[index] as IdentifierUse[],
      );
      const draft =
        group.members.length >= MIN_RING_BUYERS && group.members.length <= MAX_RING_BUYERS;
      scored.push({
        key: unitKey(unit.merchants),
        merchants: unit.merchants,
        size: group.members.length,
        steady: group.members.filter(isSteadyMember).length,
        solid: group.members.filter(isSolidMember).length,
        accounts: draft ? group.members.map((member) => member.account) : null,
        members: draft ? group.members.map(({ behaviour: _, ...member }) => member) : null,
      });
    });
    done += batch.length;
    progress('merchants', done, candidates.length);
  }
  return scored;
}

/** The ring groups among scored units. */
export const ringGroups = (units: ScoredUnit[]): RingGroup[] =>
  units.flatMap(({ key, merchants, members }) => (members ? [{ key, merchants, members }] : []));

/**
 * Rings from ring groups: groups merged across units when they are mostly the same buyers, each
 * scored against its shops' BNPL volume. `recountVolumes` recounts every shop's volume instead
 * of reusing the kept ones.
 */
export async function ringsOfGroups(
  db: Db,
  groups: RingGroup[],
  recountVolumes: boolean,
): Promise<ScoredRing[]> {
  const drafts = draftRings([...groups].sort((a, b) => compareIds(a.key, b.key)));
  const merchants = [...new Set(drafts.flatMap((draft) => [...draft.merchants]))].sort();
  const volumes = new Map<string, number>();
  for (const batch of chunks(merchants, BATCH)) {
    for (const row of await db.write<{ merchant: string; volume: number }>(
      'detect/merchant-volumes',
      { merchants: batch, all: recountVolumes },
    )) {
      volumes.set(row.merchant, row.volume);
    }
  }
  return drafts
    .map((draft) => scoreRing(draft, volumes))
    .sort(
      (a, b) => b.score - a.score || compareIds(a.accounts[0]?.id ?? '', b.accounts[0]?.id ?? ''),
    );
}
