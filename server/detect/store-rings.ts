import crypto from 'node:crypto';
import type { Db } from '../db/run.ts';
import { LONG } from './find-rings.ts';
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
 * Replaces the stored rings with the new ones (`previous`: the stored rings, read when not
 * given), keeping ids and analyst status of rings whose members barely changed. Only rings whose
 * content changed are rewritten; then the risk of every account and merchant involved (of all
 * when `wholeGraph`) is refreshed.
 */
export async function storeRings(
  db: Db,
  rings: ScoredRing[],
  previous: PreviousRing[] | undefined,
  wholeGraph: boolean,
): Promise<ScoredRing[]> {
  const earlier = previous ?? (await db.read<PreviousRing>('detect/previous-rings', {}, LONG));
  const { ids, retired } = assignRingIds(
    rings.map((ring) => ({ members: membersOf(ring) })),
    earlier,
  );
  const stored = rings.map((ring, i) => ({ ...ring, id: ids[i] as string }));
  const unchanged = new Set(
    earlier.filter((ring) => ring.active).map((ring) => `${ring.id} ${ring.digest}`),
  );
  const rows = stored
    .map((ring) => {
      const row = {
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
      };
      const digest = crypto.createHash('sha256').update(JSON.stringify(row)).digest('hex');
      return { ...row, id: ring.id, digest };
    })
    .filter((row) => !unchanged.has(`${row.id} ${row.digest}`));
  const written = new Set(rows.map((row) => row.id));
  const retiredSet = new Set(retired);
  const involved = new Set([
    ...earlier
      .filter((ring) => written.has(ring.id) || retiredSet.has(ring.id))
      .flatMap((ring) => ring.members),
    ...stored.filter((ring) => written.has(ring.id)).flatMap(membersOf),
  ]);
  if (retired.length === 0 && rows.length === 0) return stored;
  await db.writeTx(async (tx) => {
    if (retired.length > 0) await tx.run('detect/retire-rings', { ids: retired });
    if (rows.length > 0) {
      await tx.run('detect/write-rings', { version: DETECTOR_VERSION, rings: rows });
    }
    await tx.run('detect/refresh-risk', {
      accounts: wholeGraph ? null : [...involved],
      merchants: wholeGraph ? null : [...involved],
    });
  });
  return stored;
}
