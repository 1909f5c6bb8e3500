import type { Db } from '../db/run.ts';
import { sha256 } from '../digest.ts';
import { LONG } from './find-rings.ts';
import { assignRingIds, type PreviousRing } from './stable-ids.ts';
import type { RingMember, ScoredRing } from './types.ts';
import { DETECTOR_VERSION } from './weights.ts';

/** The active rings of earlier runs, with members and digests. */
export const previousRings = (db: Db) => db.read<PreviousRing>('detect/previous-rings', {}, LONG);

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
 * Replaces the `earlier` rings (stored, active) with the new ones, keeping ids and analyst
 * status of rings whose members barely changed; stored rings not among `earlier` stay as they
 * are, and their ids (`reserved`) are not given to new rings. Only rings whose content changed
 * are rewritten; then the risk of every account and merchant involved (of all when
 * `wholeGraph`) is refreshed.
 */
export async function storeRings(
  db: Db,
  rings: ScoredRing[],
  {
    earlier,
    wholeGraph,
    reserved = [],
  }: { earlier: PreviousRing[]; wholeGraph: boolean; reserved?: string[] },
): Promise<ScoredRing[]> {
  const { ids, retired } = assignRingIds(
    rings.map((ring) => ({ members: membersOf(ring) })),
    earlier,
    reserved,
  );
  const stored = rings.map((ring, i) => ({ ...ring, id: ids[i] as string }));
  const earlierById = new Map(earlier.map((ring) => [ring.id, ring]));
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
      const before = earlierById.get(ring.id);
      const accountsDigest = sha256(JSON.stringify(row.accounts));
      // A new batch moves every ring's timing scores a little; the account memberships of a
      // ring whose members kept their scores need no rewrite.
      const sameAccounts = before?.accountsDigest === accountsDigest;
      return {
        ...row,
        accounts: sameAccounts ? null : row.accounts,
        id: ring.id,
        digest: sha256(JSON.stringify(row)),
        accountsDigest,
      };
    })
    .filter((row) => earlierById.get(row.id)?.digest !== row.digest);
  const retiredSet = new Set(retired);
  const byId = new Map(stored.map((ring) => [ring.id, ring]));
  // Whose risk may have changed: every member, old and new, of rings retired or whose accounts
  // changed; the merchants of rings rewritten with the same accounts.
  const involved = new Set([
    ...earlier.filter((ring) => retiredSet.has(ring.id)).flatMap((ring) => ring.members),
    ...rows.flatMap((row) => {
      const ring = byId.get(row.id) as ScoredRing;
      const before = earlierById.get(row.id)?.members ?? [];
      if (row.accounts !== null) return [...before, ...membersOf(ring)];
      const accounts = new Set(ring.accounts.map((member) => member.id));
      return [
        ...before.filter((member) => !accounts.has(member)),
        ...ring.merchants.map((member) => member.id),
      ];
    }),
  ]);
  if (retired.length === 0 && rows.length === 0) return stored;
  await db.writeTx(async (tx) => {
    if (retired.length > 0) await tx.run('detect/retire-rings', { ids: retired });
    if (rows.length > 0) {
      await tx.run('detect/write-rings', { version: DETECTOR_VERSION, rings: rows });
    }
    const listed = wholeGraph ? [] : [...involved];
    await tx.run('detect/refresh-risk', { all: wholeGraph, accounts: listed, merchants: listed });
  });
  return stored;
}
