import type { Db } from '../db/run.ts';
import { type DetectProgress, findRings, LONG, refreshIdentifierActors } from './find-rings.ts';
import type { PreviousRing } from './stable-ids.ts';
import { storeRings } from './store-rings.ts';
import type { ScoredRing } from './types.ts';
import { DETECTOR_VERSION, HIGH_DRAW_RATIO, MAX_IDENTIFIER_ACTORS } from './weights.ts';

export type DetectionResult = {
  mode: 'full' | 'incremental' | 'unchanged';
  /** Why this mode ran, for the user. */
  because: string;
  seconds: number;
  pairs: number;
  merchantsScored: number;
  rings: ScoredRing[];
};

type State = { version: string | null; ranAt: string | null; touched: number };

async function fullRun(db: Db, progress?: DetectProgress) {
  progress?.('identifier weights', 0, 1);
  await refreshIdentifierActors(db);
  const previous = await db.read<PreviousRing>('detect/previous-rings', {}, LONG);
  const found = await findRings(db, undefined, progress);
  const rings = await storeRings(db, found.rings, previous, true);
  return { rings, pairs: found.pairs.length, merchantsScored: found.groups.length };
}

/**
 * Re-scores only the merchants a load could have changed (see dirty-merchants.cypher), widened
 * to whole rings and to shops that may share a scoring unit with them until nothing straddles
 * the boundary, so the result equals a full run.
 */
async function incrementalRun(db: Db, fullPassShare: number, progress?: DetectProgress) {
  const changed = await db.write<{ elementId: string }>('detect/identifier-actors-touched');
  const [dirty] = await db.read<{ merchants: string[] }>(
    'detect/dirty-merchants',
    { identifiers: changed.map((row) => row.elementId), maxActors: MAX_IDENTIFIER_ACTORS },
    LONG,
  );
  const scope = new Set(dirty?.merchants ?? []);
  const [count] = await db.read<{ merchants: number }>('detect/merchant-count');
  if (scope.size > fullPassShare * (count?.merchants ?? 0)) {
    // Re-scoring most shops piecewise costs more than one full pass with the same result.
    return { ...(await fullRun(db, progress)), widened: scope.size };
  }
  let members: string[] = [];
  let highDraw: string[] = [];
  let found: Awaited<ReturnType<typeof findRings>> | undefined;
  for (;;) {
    const [rings] = await db.read<{ merchants: string[] }>(
      'detect/ring-closure',
      { merchants: [...scope], accounts: members },
      LONG,
    );
    const [shops] = await db.read<{ merchants: string[] }>(
      'detect/co-merchant-closure',
      { accounts: highDraw, ratio: HIGH_DRAW_RATIO },
      LONG,
    );
    const before = scope.size;
    for (const merchant of [...(rings?.merchants ?? []), ...(shops?.merchants ?? [])]) {
      scope.add(merchant);
    }
    if (found && scope.size === before) break;
    found = await findRings(db, scope, progress);
    members = found.rings.flatMap((ring) => ring.accounts.map((member) => member.id));
    highDraw = [
      ...new Set(
        found.pairs
          .filter((pair) => (pair.meanRatio ?? 0) >= HIGH_DRAW_RATIO)
          .map((pair) => pair.account),
      ),
    ];
  }
  const previous = await db.read<PreviousRing>(
    'detect/rings-of-merchants',
    { merchants: [...scope] },
    LONG,
  );
  const rings = await storeRings(db, found.rings, previous, false);
  return { rings, pairs: found.pairs.length, merchantsScored: scope.size, widened: 0 };
}

/**
 * Detection: a full run the first time (or after the detector changed), afterwards only what
 * the loads since the last run touched. Either way the stored rings equal a full run's.
 */
export async function runDetection(
  db: Db,
  options: {
    full?: boolean;
    /** Above this share of merchants affected, an incremental run does one full pass instead. */
    fullPassShare?: number;
    progress?: DetectProgress;
  } = {},
): Promise<DetectionResult> {
  const started = Date.now();
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
  } else if (state.touched === 0) {
    mode = 'unchanged';
    because = `nothing loaded since the last run (${state.ranAt})`;
  } else {
    mode = 'incremental';
    because = `${state.touched} orders, accounts and merchants loaded since the last run`;
  }
  let outcome: { rings: ScoredRing[]; pairs: number; merchantsScored: number } = {
    rings: [],
    pairs: 0,
    merchantsScored: 0,
  };
  if (mode === 'full') outcome = await fullRun(db, options.progress);
  if (mode === 'incremental') {
    const { widened, ...rest } = await incrementalRun(
      db,
      options.fullPassShare ?? 0.1,
      options.progress,
    );
    outcome = rest;
    if (widened > 0) {
      mode = 'full';
      because += `; they affect ${widened} merchants, so one full pass is cheaper`;
    }
  }
  if (mode !== 'unchanged') {
    await db.autoCommit('detect/untouch');
    await db.write('detect/save-state', { version: DETECTOR_VERSION, mode });
  }
  return { mode, because, seconds: (Date.now() - started) / 1000, ...outcome };
}
