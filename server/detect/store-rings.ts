import type { Db } from '../db/run.ts';
import { assignRingIds, type PreviousRing } from './stable-ids.ts';
import type { RingMember, ScoredRing } from './types.ts';
import { DETECTOR_VERSION } from './weights.ts';

const membersOf = (ring: { accounts: { id: string }[]; merchants: { id: string }[] }) => [
  ...ring.accounts.map((member) => member.id),
  ...ring.merchants.map((member) => member.id),
];

function memberRow({ id, role, risk, reasons }: RingMember) {
  return {
    id,
    role,
    risk,
    reasons: JSON.stringify(
      reasons.map(({ kind, text, weight, evidence }) => ({ kind, text, weight, evidence })),
    ),
  };
}

/**
 * Replaces the rings in scope (`previous`: every active ring, or in an incremental run those of
 * the re-scored merchants) with the new ones, keeping ids and analyst status of rings whose
 * members barely changed, then refreshes the risk of every account and merchant involved.
 */
export async function storeRings(
  db: Db,
  rings: ScoredRing[],
  previous: PreviousRing[],
  wholeGraph: boolean,
): Promise<ScoredRing[]> {
  const { ids, retired } = assignRingIds(
    rings.map((ring) => ({ members: membersOf(ring) })),
    previous,
  );
  const stored = rings.map((ring, i) => ({ ...ring, id: ids[i] as string }));
  const involved = new Set([
    ...previous.flatMap((ring) => ring.members),
    ...stored.flatMap(membersOf),
  ]);
  await db.writeTx(async (tx) => {
    if (retired.length > 0) await tx.run('detect/retire-rings', { ids: retired });
    if (stored.length > 0) {
      await tx.run('detect/write-rings', {
        version: DETECTOR_VERSION,
        rings: stored.map((ring) => ({
          id: ring.id,
          score: ring.score,
          flagged: ring.flagged,
          size: ring.accounts.length + ring.merchants.length,
          exposure: ring.exposure,
          orders: ring.orders,
          firstOrderAt: ring.firstOrderAt,
          lastOrderAt: ring.lastOrderAt,
          accounts: ring.accounts.map(memberRow),
          merchants: ring.merchants.map(memberRow),
          reasons: ring.reasons,
        })),
      });
    }
    await tx.run('detect/refresh-risk', {
      accounts: wholeGraph ? null : [...involved],
      merchants: wholeGraph ? null : [...involved],
    });
  });
  return stored;
}
