import type { Db } from '../db/run.ts';
import { assignRingIds, type PreviousRing } from './stable-ids.ts';
import type { Reason, RingMember, ScoredRing } from './types.ts';
import { DETECTOR_VERSION } from './weights.ts';

const membersOf = (ring: ScoredRing) => [
  ...ring.accounts.map((member) => member.id),
  ...ring.merchants.map((member) => member.id),
];

/** An entity's risk is its highest risk in any ring; its reasons come from that ring. */
function riskRows(rings: ScoredRing[], pick: (ring: ScoredRing) => RingMember[]) {
  const best = new Map<string, { risk: number; reasons: Reason[] }>();
  for (const ring of rings) {
    for (const member of pick(ring)) {
      const current = best.get(member.id);
      if (!current || member.risk > current.risk) best.set(member.id, member);
    }
  }
  return [...best].map(([id, { risk, reasons }]) => ({
    id,
    risk,
    reasons: JSON.stringify(reasons.map(({ kind, text, weight, evidence }) => ({ kind, text, weight, evidence }))),
  }));
}

/**
 * Replaces the rings of the scope (all rings, or those of the given merchants in an incremental
 * run) with the new ones, keeping ids and analyst status of rings whose members barely changed.
 */
export async function storeRings(
  db: Db,
  rings: ScoredRing[],
  scope: { previous: PreviousRing[]; accounts: string[] | null; merchants: string[] | null },
): Promise<ScoredRing[]> {
  const { ids, retired } = assignRingIds(rings.map((ring) => ({ members: membersOf(ring) })), scope.previous);
  const stored = rings.map((ring, i) => ({ ...ring, id: ids[i] as string }));
  await db.writeTx(async (tx) => {
    await tx.run('detect/clear-risk', { accounts: scope.accounts, merchants: scope.merchants });
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
          accounts: ring.accounts.map(({ id, role, risk }) => ({ id, role, risk })),
          merchants: ring.merchants.map(({ id, role, risk }) => ({ id, role, risk })),
          reasons: ring.reasons,
        })),
      });
    }
    await tx.run('detect/write-risk', {
      accounts: riskRows(stored, (ring) => ring.accounts),
      merchants: riskRows(stored, (ring) => ring.merchants),
    });
  });
  return stored;
}
