import type { Db } from '../db/run.ts';
import { type DetectProgress, findRings, refreshIdentifierActors } from './find-rings.ts';
import type { PreviousRing } from './stable-ids.ts';
import { storeRings } from './store-rings.ts';
import type { ScoredRing } from './types.ts';

export type DetectionResult = {
  mode: 'full';
  seconds: number;
  pairs: number;
  merchantsScored: number;
  rings: ScoredRing[];
};

/** Full detection: rarity weights, candidate rings, scoring, storage with stable ids. */
export async function runDetection(db: Db, progress?: DetectProgress): Promise<DetectionResult> {
  const started = Date.now();
  progress?.('identifier weights', 0, 1);
  await refreshIdentifierActors(db);
  const previous = await db.read<PreviousRing>('detect/previous-rings');
  const found = await findRings(db, undefined, progress);
  const rings = await storeRings(db, found.rings, { previous, accounts: null, merchants: null });
  return {
    mode: 'full',
    seconds: (Date.now() - started) / 1000,
    pairs: found.pairs,
    merchantsScored: found.groups.length,
    rings,
  };
}
