import type { Db } from '../db/run.ts';
import { connectedMerchants, isCoMerchantEdge, mergeCoMerchants, unitOf } from './co-merchants.ts';
import {
  type DetectProgress,
  LONG,
  readPairs,
  ringsOfUnits,
  type StoredUnit,
  scoreUnits,
  unitKey,
} from './find-rings.ts';
import { storeRings } from './store-rings.ts';
import type { ScoredRing } from './types.ts';
import {
  CO_MERCHANT_MAX_SHOPS,
  DETECTOR_VERSION,
  FRESH_ACCOUNT_DAYS,
  HIGH_DRAW_RATIO,
  MAX_IDENTIFIER_ACTORS,
  MAX_RING_BUYERS,
  NEAR_LIMIT_RATIO,
} from './weights.ts';

export type DetectionResult = {
  mode: 'full' | 'incremental' | 'unchanged';
  /** Why this mode ran, for the user. */
  because: string;
  seconds: number;
  pairs: number;
  merchantsScored: number;
  rings: ScoredRing[];
  /** Wall seconds per step, for the benchmark and `--json`. */
  steps: Record<string, number>;
};

type State = {
  version: string | null;
  ranAt: string | null;
  unfinished: boolean;
  touched: number;
};
type Outcome = { rings: ScoredRing[]; pairs: number; merchantsScored: number };
type Timer = <T>(step: string, work: () => Promise<T>) => Promise<T>;

/** Refreshes identifier rarity and pair features; touchedOnly returns what changed. */
async function refreshFeatures(db: Db, touchedOnly: boolean, time: Timer) {
  const identifiers = await time('identifier weights', () =>
    db.autoCommit<{ elementId: string; before: number; actors: number }>(
      'detect/identifier-actors',
      { touchedOnly },
    ),
  );
  const pairs = await time('pair features', () =>
    db.autoCommit<{ account: string; changed: string[]; repeat: string[] }>(
      'detect/pair-features',
      { touchedOnly, minRatio: NEAR_LIMIT_RATIO, freshDays: FRESH_ACCOUNT_DAYS },
    ),
  );
  return { identifiers, pairs };
}

async function fullRun(db: Db, time: Timer, progress?: DetectProgress) {
  await refreshFeatures(db, false, time);
  const { byMerchant, accountAmounts } = await time('read pairs', () => readPairs(db, null));
  const units = await time('score merchants', () =>
    scoreUnits(db, mergeCoMerchants(byMerchant), accountAmounts, progress),
  );
  await time('store units', () =>
    db.write('detect/store-units', { merchants: null, units: units.map(toRow) }),
  );
  const rings = await time('score rings', () => ringsOfUnits(db, units, true));
  const stored = await time('store rings', () => storeRings(db, rings, undefined, true));
  const pairs = [...byMerchant.values()].reduce((sum, list) => sum + list.length, 0);
  return { rings: stored, pairs, merchantsScored: byMerchant.size };
}

const toRow = (unit: StoredUnit) => ({
  ...unit,
  members: unit.members ? JSON.stringify(unit.members) : null,
});

/**
 * The merchants whose scoring unit may have changed, closed over the co-merchant rule: shops
 * joined to them now, and shops that were in one unit with them before.
 */
async function closeOverUnits(db: Db, dirty: Set<string>, stored: StoredUnit[]) {
  const scope = new Set<string>();
  const edges: [string, string][] = [];
  let frontier = [...dirty];
  while (frontier.length > 0) {
    for (const merchant of frontier) scope.add(merchant);
    const rows = await db.read<{
      merchant: string;
      highDraw: number;
      neighbours: { merchant: string; shared: number; highDraw: number }[];
    }>(
      'detect/co-merchant-edges',
      { merchants: frontier, ratio: HIGH_DRAW_RATIO, maxShops: CO_MERCHANT_MAX_SHOPS },
      LONG,
    );
    const next = new Set<string>();
    for (const row of rows) {
      for (const neighbour of row.neighbours) {
        if (!isCoMerchantEdge(neighbour.shared, row.highDraw, neighbour.highDraw)) continue;
        edges.push([row.merchant, neighbour.merchant]);
        if (!scope.has(neighbour.merchant)) next.add(neighbour.merchant);
      }
    }
    for (const unit of stored) {
      if (unit.merchants.some((merchant) => scope.has(merchant))) {
        for (const merchant of unit.merchants) if (!scope.has(merchant)) next.add(merchant);
      }
    }
    frontier = [...next];
  }
  return { scope, units: connectedMerchants(scope, edges) };
}

/**
 * Re-scores only the units a load could have changed: shops of pairs whose features changed,
 * shops where a buyer whose total BNPL spending changed ordered repeatedly (exclusivity), and
 * shops of users of identifiers whose rarity changed; each widened to its whole unit. A crowd
 * unit is skipped when the buyers that changed cannot shrink it to a ring. Rings are then
 * re-drafted from all stored units, so the result equals a full run.
 */
async function incrementalRun(
  db: Db,
  fullPassShare: number,
  time: Timer,
  progress?: DetectProgress,
) {
  const changes = await refreshFeatures(db, true, time);
  const affected = new Map<string, Set<string>>();
  for (const row of changes.pairs) {
    for (const merchant of [...row.changed, ...row.repeat]) {
      const set = affected.get(merchant) ?? new Set<string>();
      set.add(row.account);
      affected.set(merchant, set);
    }
  }
  const weighed = (count: number) => count >= 2 && count <= MAX_IDENTIFIER_ACTORS;
  const identifiers = changes.identifiers
    .filter((row) => weighed(row.before) || weighed(row.actors))
    .map((row) => row.elementId);
  const [byIdentifier] = await time('dirty merchants', () =>
    db.read<{ merchants: string[] }>('detect/identifier-merchants', { identifiers }, LONG),
  );
  const dirty = new Set([...affected.keys(), ...(byIdentifier?.merchants ?? [])]);
  const stored = await time('read units', async () =>
    (await db.read<StoredUnit & { members: string | null }>('detect/units-stored', {}, LONG)).map(
      (row) => ({
        ...row,
        members: row.members ? (JSON.parse(row.members) as StoredUnit['members']) : null,
      }),
    ),
  );
  const { scope, units } = await time('unit closure', () => closeOverUnits(db, dirty, stored));
  const [count] = await db.read<{ merchants: number }>('detect/merchant-count');
  const storedByKey = new Map(stored.map((unit) => [unit.key, unit]));
  const kept: StoredUnit[] = [];
  const toScore: string[][] = [];
  for (const merchants of units) {
    const before = storedByKey.get(unitKey(merchants));
    const changed = new Set(merchants.flatMap((merchant) => [...(affected.get(merchant) ?? [])]));
    if (before && before.members === null && before.robust - changed.size > MAX_RING_BUYERS) {
      kept.push({ ...before, robust: before.robust - changed.size });
    } else toScore.push(merchants);
  }
  const scoredMerchants = toScore.flat();
  if (scoredMerchants.length > fullPassShare * (count?.merchants ?? 0)) return undefined;
  const { byMerchant, accountAmounts } = await time('read pairs', () =>
    readPairs(db, scoredMerchants),
  );
  const scored = await time('score merchants', () =>
    scoreUnits(
      db,
      toScore.map((merchants) => unitOf(merchants, byMerchant)),
      accountAmounts,
      progress,
    ),
  );
  const replaced = [...kept, ...scored];
  await time('store units', () =>
    db.write('detect/store-units', { merchants: [...scope], units: replaced.map(toRow) }),
  );
  const current = [
    ...stored.filter((unit) => !unit.merchants.some((merchant) => scope.has(merchant))),
    ...replaced,
  ];
  const rings = await time('score rings', () => ringsOfUnits(db, current, false));
  const written = await time('store rings', () => storeRings(db, rings, undefined, false));
  const pairs = [...byMerchant.values()].reduce((sum, list) => sum + list.length, 0);
  return { rings: written, pairs, merchantsScored: scoredMerchants.length, scope: scope.size };
}

/**
 * Detection: a full run the first time (or after the detector changed), afterwards only what
 * the loads since the last run touched. Either way the stored rings equal a full run's.
 */
export async function runDetection(
  db: Db,
  options: {
    full?: boolean;
    /** Above this share of merchants to re-score, an incremental run does one full pass instead. */
    fullPassShare?: number;
    progress?: DetectProgress;
  } = {},
): Promise<DetectionResult> {
  const started = Date.now();
  const steps: Record<string, number> = {};
  const time: Timer = async (step, work) => {
    const at = Date.now();
    try {
      return await work();
    } finally {
      steps[step] = (steps[step] ?? 0) + (Date.now() - at) / 1000;
    }
  };
  const [state] = await db.read<State>('detect/state');
  let mode: DetectionResult['mode'];
  let because: string;
  if (options.full) {
    mode = 'full';
    because = 'requested with --full';
  } else if (!state?.version) {
    mode = 'full';
    because = 'first run on this database';
  } else if (state.version !== DETECTOR_VERSION) {
    mode = 'full';
    because = `detector changed (${state.version} → ${DETECTOR_VERSION})`;
  } else if (state.unfinished) {
    mode = 'full';
    because = 'the previous run did not finish';
  } else if (state.touched === 0) {
    mode = 'unchanged';
    because = `nothing loaded since the last run (${state.ranAt})`;
  } else {
    mode = 'incremental';
    because = `${state.touched} orders, accounts and merchants loaded since the last run`;
  }
  let outcome: Outcome = { rings: [], pairs: 0, merchantsScored: 0 };
  if (mode !== 'unchanged') await db.write('detect/start-run');
  if (mode === 'incremental') {
    const share = options.fullPassShare ?? 0.3;
    const incremental = await incrementalRun(db, share, time, options.progress);
    if (incremental) {
      const { scope, ...rest } = incremental;
      outcome = rest;
      because += `; ${scope} merchants in scope, ${rest.merchantsScored} re-scored`;
    } else {
      mode = 'full';
      because += `; they affect more than ${Math.round(share * 100)}% of merchants, so one full pass is cheaper`;
    }
  }
  if (mode === 'full') outcome = await fullRun(db, time, options.progress);
  if (mode !== 'unchanged') {
    await time('untouch', () => db.autoCommit('detect/untouch'));
    await db.write('detect/save-state', { version: DETECTOR_VERSION, mode });
  }
  return { mode, because, seconds: (Date.now() - started) / 1000, steps, ...outcome };
}
