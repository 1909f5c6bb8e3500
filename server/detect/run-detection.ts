import type { Db } from '../db/run.ts';
import { affectedDrafts } from './affected-drafts.ts';
import { isCoMerchantEdge, mergeCoMerchants, unitOf } from './co-merchants.ts';
import { connectedSets } from './components.ts';
import {
  type DetectProgress,
  LONG,
  type RingGroup,
  readPairs,
  ringGroups,
  ringsOfGroups,
  type ScoredUnit,
  type StoredUnit,
  scoreUnits,
  unitKey,
} from './find-rings.ts';
import { groupBy } from './group-by.ts';
import { planIncrementalQueries } from './plan-ahead.ts';
import type { RingEntry } from './rings.ts';
import { previousRings, storeRings } from './store-rings.ts';
import {
  CO_MERCHANT_MAX_SHOPS,
  CO_MERCHANT_MIN_SHARED,
  DETECTOR_VERSION,
  FRESH_ACCOUNT_DAYS,
  HIGH_DRAW_RATIO,
  MAX_IDENTIFIER_ACTORS,
  MAX_RING_BUYERS,
  NEAR_LIMIT_RATIO,
  SYNC_WINDOW_SECONDS,
} from './weights.ts';

/** What the stored rings add up to after a run (ring-totals.cypher). */
export type RingTotals = {
  rings: number;
  flagged: number;
  flaggedAccounts: number;
  exposure: number;
  /** The highest-scoring flagged rings. */
  top: {
    id: string;
    score: number;
    accounts: number;
    merchants: string[];
    reason: string | null;
  }[];
};

export type DetectionResult = {
  mode: 'full' | 'incremental' | 'unchanged';
  /** Why this mode ran, for the user. */
  because: string;
  seconds: number;
  pairs: number;
  merchantsScored: number;
  /** Rings drafted and scored in this run (an incremental run leaves the others as stored). */
  ringsScored: number;
  totals: RingTotals;
  /** Wall seconds per step, for the benchmark and `--json`. */
  steps: Record<string, number>;
};

type State = {
  version: string | null;
  ranAt: string | null;
  unfinished: boolean;
  touched: number;
};
type Outcome = { ringsScored: number; pairs: number; merchantsScored: number };
type Timer = <T>(step: string, work: () => Promise<T>) => Promise<T>;

type PairChange = {
  account: string;
  changed: string[];
  joined: string[];
  repeat: string[];
  high: string[];
};

/**
 * Refreshes shops' kept BNPL volumes, identifier rarity and pair features; touchedOnly returns
 * what changed. Also returns the shops a load touched.
 */
async function refreshFeatures(db: Db, touchedOnly: boolean, time: Timer) {
  const touched = await db.write<{ merchant: string }>('detect/advance-volumes', { touchedOnly });
  const identifiers = await time('identifier weights', () =>
    db.autoCommit<{ elementId: string; before: number; actors: number }>(
      'detect/identifier-actors',
      { touchedOnly, maxActors: MAX_IDENTIFIER_ACTORS },
    ),
  );
  const pairs = await time('pair features', () =>
    db.autoCommit<PairChange>('detect/pair-features', {
      touchedOnly,
      minRatio: NEAR_LIMIT_RATIO,
      freshDays: FRESH_ACCOUNT_DAYS,
      ratio: HIGH_DRAW_RATIO,
      maxShops: CO_MERCHANT_MAX_SHOPS,
    }),
  );
  return { identifiers, pairs, touchedMerchants: touched.map((row) => row.merchant) };
}

const toRow = (unit: ScoredUnit) => ({
  ...unit,
  members: unit.members ? JSON.stringify(unit.members) : null,
});

async function fullRun(db: Db, time: Timer, progress?: DetectProgress) {
  await refreshFeatures(db, false, time);
  const { byMerchant, accountAmounts } = await time('read pairs', () => readPairs(db, null));
  const units = await time('score merchants', () =>
    scoreUnits(db, mergeCoMerchants(byMerchant), accountAmounts, progress),
  );
  await time('store units', () =>
    db.write('detect/store-units', { all: true, merchants: [], units: units.map(toRow) }),
  );
  const rings = await time('score rings', () => ringsOfGroups(db, ringGroups(units), true));
  await time('store rings', async () =>
    storeRings(db, rings, { earlier: await previousRings(db), wholeGraph: true }),
  );
  const pairs = [...byMerchant.values()].reduce((sum, list) => sum + list.length, 0);
  return { ringsScored: rings.length, pairs, merchantsScored: byMerchant.size };
}

/**
 * The units of shops whose co-merchant edges may have changed (`moved`: a pair's high-draw
 * standing changed there), closed over the co-merchant rule: shops joined to them now, and
 * shops that were in one unit with them before.
 */
async function regroup(db: Db, moved: Set<string>, stored: StoredUnit[]) {
  const scope = new Set<string>();
  const edges: [string, string][] = [];
  let frontier = [...moved];
  while (frontier.length > 0) {
    for (const merchant of frontier) scope.add(merchant);
    const rows = await db.read<{
      merchant: string;
      highDraw: number;
      neighbours: { merchant: string; shared: number; highDraw: number }[];
    }>(
      'detect/co-merchant-edges',
      {
        merchants: frontier,
        ratio: HIGH_DRAW_RATIO,
        maxShops: CO_MERCHANT_MAX_SHOPS,
        minShared: CO_MERCHANT_MIN_SHARED,
      },
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
  return connectedSets(scope, edges);
}

type OrderTimes = { merchant: string; account: string; times: number[] };

const union = (sets: (Set<string> | undefined)[]) =>
  new Set(sets.flatMap((set) => [...(set ?? [])]));

/** Each merchant `pick` names for a row, with the accounts of those rows. */
function byMerchant<R extends { account: string }>(rows: R[], pick: (row: R) => string[]) {
  const map = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const merchant of pick(row)) {
      const set = map.get(merchant) ?? new Set<string>();
      set.add(row.account);
      map.set(merchant, set);
    }
  }
  return map;
}

/**
 * The buyers of a crowd unit whose lockstep with others a load may have changed: those whose
 * own orders or links changed (`changed`), and everyone who ordered within the sync window of
 * one of their orders.
 */
function lockstepNear(
  merchants: string[],
  changed: Set<string>,
  orderTimes: Map<string, OrderTimes[]>,
): Set<string> {
  const events = merchants
    .flatMap((merchant) => orderTimes.get(merchant) ?? [])
    .flatMap((row) => row.times.map((time) => ({ time, account: row.account })))
    .sort((a, b) => a.time - b.time);
  const near = new Set(changed);
  let start = 0;
  for (const event of events) {
    if (!changed.has(event.account)) continue;
    while ((events[start] as { time: number }).time < event.time - SYNC_WINDOW_SECONDS) start += 1;
    for (let i = start; i < events.length; i += 1) {
      const other = events[i] as { time: number; account: string };
      if (other.time > event.time + SYNC_WINDOW_SECONDS) break;
      near.add(other.account);
    }
  }
  return near;
}

type LoadChanges = {
  /** Per merchant, buyers whose own orders or totals changed. */
  changedBuyers: Map<string, Set<string>>;
  /** Per merchant, buyers that joined or left its candidates. */
  joinedBuyers: Map<string, Set<string>>;
  /** Accounts using an identifier whose rarity weight changed. */
  identifierUsers: string[];
};

/**
 * Splits the considered units into crowds kept as stored and units to re-score.
 *
 * A crowd unit (more than MAX_RING_BUYERS members) is kept when it keeps more than that many
 * members whatever the load changed. A member's score changes only when its own orders or
 * total changed (`own`), when it shares an identifier with a buyer that joined or left the
 * candidates or whose rarity changed (its links), or through lockstep with those (see
 * lockstepNear); steady members (see isSteadyMember) are not moved by lockstep at all, solid
 * ones (see isSolidMember) by neither. So at least max(solid - own, steady - changed,
 * size - near) members remain; each bound is worked out only for crowds the ones before it do
 * not keep, as each needs more reading (links, then order times).
 */
async function sortCrowds(
  db: Db,
  considered: Map<string, string[]>,
  storedByKey: Map<string, StoredUnit>,
  { changedBuyers, joinedBuyers, identifierUsers }: LoadChanges,
): Promise<{ kept: ScoredUnit[]; toScore: string[][] }> {
  const kept: ScoredUnit[] = [];
  const toScore: string[][] = [];
  const crowds = new Map<string, { before: StoredUnit; own: Set<string> }>();
  const solidKept = new Set<string>();
  for (const [key, merchants] of considered) {
    const before = storedByKey.get(key);
    const own = union(merchants.map((merchant) => changedBuyers.get(merchant)));
    if (!before || before.accounts !== null || before.size - own.size <= MAX_RING_BUYERS) continue;
    const solid = before.solid - own.size;
    if (solid > MAX_RING_BUYERS) {
      kept.push({ ...before, size: solid, steady: solid, solid, members: null });
      solidKept.add(key);
    } else crowds.set(key, { before, own });
  }
  const merchantsOf = (keys: string[]) => keys.flatMap((key) => considered.get(key) ?? []);
  const crowdMerchants = merchantsOf([...crowds.keys()]);
  const links =
    crowds.size === 0
      ? []
      : await db.read<{ account: string; merchants: string[] }>(
          'detect/unit-link-changes',
          {
            merchants: crowdMerchants,
            accounts: [...union(crowdMerchants.map((merchant) => joinedBuyers.get(merchant)))],
            users: identifierUsers,
          },
          LONG,
        );
  const relinked = byMerchant(links, (row) => row.merchants);
  const changedIn = new Map(
    [...crowds].map(([key, crowd]) => [
      key,
      union([crowd.own, ...(considered.get(key) ?? []).map((merchant) => relinked.get(merchant))]),
    ]),
  );
  const timed = [...crowds].flatMap(([key, { before }]) => {
    const changed = changedIn.get(key)?.size ?? 0;
    return before.steady - changed <= MAX_RING_BUYERS && before.size - changed > MAX_RING_BUYERS
      ? [key]
      : [];
  });
  const times =
    timed.length === 0
      ? []
      : await db.read<OrderTimes>(
          'detect/unit-order-times',
          { merchants: merchantsOf(timed) },
          LONG,
        );
  const orderTimes = groupBy(times, (row) => row.merchant);
  const timedKeys = new Set(timed);
  for (const [key, merchants] of considered) {
    if (solidKept.has(key)) continue;
    const crowd = crowds.get(key);
    const changed = changedIn.get(key);
    if (!crowd || !changed) {
      toScore.push(merchants);
      continue;
    }
    const steady = crowd.before.steady - changed.size;
    const size = timedKeys.has(key)
      ? Math.max(steady, crowd.before.size - lockstepNear(merchants, changed, orderTimes).size)
      : steady;
    const solid = Math.min(steady, crowd.before.solid - crowd.own.size);
    if (size > MAX_RING_BUYERS) kept.push({ ...crowd.before, size, steady, solid, members: null });
    else toScore.push(merchants);
  }
  return { kept, toScore };
}

/**
 * Re-scores only the units a load could have changed: shops of pairs whose features changed,
 * shops where a buyer whose total BNPL spending changed ordered repeatedly (exclusivity), and
 * shops of users of identifiers whose rarity changed, each as its whole co-merchant unit. A
 * busy shop's crowd is skipped when its steady members minus every buyer whose own orders or
 * links may have changed still exceed MAX_RING_BUYERS (it cannot become a ring). Rings are then
 * re-drafted from all stored units, so the result equals a full run.
 */
async function incrementalRun(
  db: Db,
  fullPassShare: number,
  time: Timer,
  progress?: DetectProgress,
) {
  // The units stored by the last run, read on Neo4j's other core while the features refresh.
  const storedUnits = time('read units', () =>
    db.read<StoredUnit>('detect/units-stored', {}, LONG),
  );
  storedUnits.catch(() => undefined);
  const changes = await refreshFeatures(db, true, time);
  const changedBuyers = byMerchant(changes.pairs, (row) => [...row.changed, ...row.repeat]);
  const joinedBuyers = byMerchant(changes.pairs, (row) => row.joined);
  const moved = new Set(changes.pairs.flatMap((row) => row.high));
  const weighed = (count: number) => count >= 2 && count <= MAX_IDENTIFIER_ACTORS;
  const identifiers = changes.identifiers
    .filter((row) => weighed(row.before) || weighed(row.actors))
    .map((row) => row.elementId);
  // Read alongside the regrouping, which does not need it (the steps' times overlap); when no
  // identifier's weight changed there is nothing to read.
  const usersRead =
    identifiers.length === 0
      ? Promise.resolve([])
      : time('identifier users', () =>
          db.read<{ accounts: string[]; merchants: string[] }>(
            'detect/identifier-users',
            { identifiers },
            LONG,
          ),
        );
  usersRead.catch(() => undefined);
  const stored = await storedUnits;
  const regrouped = await time('regroup', () => regroup(db, moved, stored));
  const [identifierUsers = { accounts: [], merchants: [] }] = await usersRead;
  const dirty = new Set([...changedBuyers.keys(), ...identifierUsers.merchants]);
  const unitOfMerchant = new Map(
    stored.flatMap((unit) => unit.merchants.map((merchant) => [merchant, unit.merchants])),
  );
  const considered = new Map(regrouped.map((merchants) => [unitKey(merchants), merchants]));
  const regroupedScope = new Set(regrouped.flat());
  for (const merchant of dirty) {
    if (regroupedScope.has(merchant)) continue;
    const merchants = unitOfMerchant.get(merchant) ?? [merchant];
    considered.set(unitKey(merchants), merchants);
  }
  const storedByKey = new Map(stored.map((unit) => [unit.key, unit]));
  const { kept, toScore } = await time('crowds', () =>
    sortCrowds(db, considered, storedByKey, {
      changedBuyers,
      joinedBuyers,
      identifierUsers: identifierUsers.accounts,
    }),
  );
  const scoredMerchants = toScore.flat();
  const [count] = await db.read<{ merchants: number }>('detect/merchant-count');
  if (scoredMerchants.length > fullPassShare * (count?.merchants ?? 0)) return undefined;
  const pairs = await time('read pairs', () => readPairs(db, scoredMerchants));
  const scored = await time('score merchants', () =>
    scoreUnits(
      db,
      toScore.map((merchants) => unitOf(merchants, pairs.byMerchant)),
      pairs.accountAmounts,
      progress,
    ),
  );
  const scope = new Set([...considered.values()].flat());
  const replaced = [...kept, ...scored];
  await time('store units', () =>
    db.write('detect/store-units', {
      all: false,
      merchants: [...scope],
      units: replaced.map(toRow),
    }),
  );
  const before: StoredUnit[] = [];
  const untouched: StoredUnit[] = [];
  for (const unit of stored) {
    (unit.merchants.some((merchant) => scope.has(merchant)) ? before : untouched).push(unit);
  }
  const ringsScored = await redraft(db, time, {
    current: [...untouched, ...replaced],
    replaced,
    before,
    touchedMerchants: changes.touchedMerchants,
  });
  return {
    ringsScored,
    pairs: [...pairs.byMerchant.values()].reduce((sum, list) => sum + list.length, 0),
    merchantsScored: scoredMerchants.length,
    scope: scope.size,
  };
}

/**
 * Drafts and scores again only the rings a run can have changed (see affectedDrafts), from the
 * units it scored and the stored members of units linked to them, and replaces the stored rings
 * with accounts whose rings may have changed; every other stored ring stays as it is. Returns how many rings
 * it scored.
 */
async function redraft(
  db: Db,
  time: Timer,
  {
    current,
    replaced,
    before,
    touchedMerchants,
  }: {
    /** Every unit after this run. */
    current: StoredUnit[];
    /** The units this run scored or kept. */
    replaced: ScoredUnit[];
    /** The stored units they replace. */
    before: StoredUnit[];
    touchedMerchants: string[];
  },
): Promise<number> {
  const affected = affectedDrafts(current, {
    units: new Set(replaced.flatMap((unit) => (unit.accounts ? [unit.key] : []))),
    accounts: new Set(before.flatMap((unit) => unit.accounts ?? [])),
    merchants: new Set(touchedMerchants),
  });
  const scored = ringGroups(replaced);
  const scoredKeys = new Set(scored.map((group) => group.key));
  const keys = [...affected.units].filter((key) => !scoredKeys.has(key));
  const rings = await time('score rings', async () => {
    const read = await db.read<{ key: string; merchants: string[]; members: string }>(
      'detect/unit-members',
      { keys },
      LONG,
    );
    const groups: RingGroup[] = [
      ...scored,
      ...read.map((row) => ({ ...row, members: JSON.parse(row.members) as RingEntry[] })),
    ];
    return ringsOfGroups(db, groups, false);
  });
  await time('store rings', async () => {
    const reached = (ring: { members: string[] }) =>
      ring.members.some((member) => affected.accounts.has(member));
    const earlier = await previousRings(db);
    await storeRings(db, rings, {
      earlier: earlier.filter(reached),
      wholeGraph: false,
      reserved: earlier.filter((ring) => !reached(ring)).map((ring) => ring.id),
    });
  });
  return rings.length;
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
  let outcome: Outcome = { ringsScored: 0, pairs: 0, merchantsScored: 0 };
  if (mode !== 'unchanged') await db.write('detect/start-run');
  // Beside the run, so that this one (after a server start) and the next incremental run find
  // their plans cached.
  const planning = mode === 'unchanged' ? undefined : planIncrementalQueries(db);
  planning?.catch(() => undefined);
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
    await planning;
    await time('untouch', () => db.autoCommit('detect/untouch'));
    await db.write('detect/save-state', { version: DETECTOR_VERSION, mode });
  }
  const [totals] = await db.read<RingTotals>('detect/ring-totals', { top: 5 }, LONG);
  return {
    mode,
    because,
    seconds: (Date.now() - started) / 1000,
    steps,
    ...outcome,
    totals: totals as RingTotals,
  };
}
