import crypto from 'node:crypto';
import { jaccard } from './jaccard.ts';
import { STABLE_ID_JACCARD } from './weights.ts';

export type PreviousRing = {
  id: string;
  members: string[];
  /** Stored rings only: the ring's content digest and the digest of its account memberships. */
  digest?: string | null;
  accountsDigest?: string | null;
};

/** A new ring's id: a digest of its sorted members, so identical runs give identical ids. */
export function ringIdFor(members: string[]): string {
  const digest = crypto
    .createHash('sha256')
    .update([...members].sort().join('\n'))
    .digest('hex');
  return `R-${digest.slice(0, 12)}`;
}

/**
 * Gives each new ring the id of the earlier ring it continues (best Jaccard of members, at least
 * STABLE_ID_JACCARD, each earlier ring used once), else a fresh digest id that is not one of
 * `reserved` (the ids of rings kept as they are). Returns the ids in the order of `rings` and
 * the earlier ids no ring continues.
 */
export function assignRingIds(
  rings: { members: string[] }[],
  previous: PreviousRing[],
  reserved: Iterable<string> = [],
): { ids: string[]; retired: string[] } {
  const candidates: { ring: number; previous: number; similarity: number }[] = [];
  const previousSets = previous.map((ring) => new Set(ring.members));
  rings.forEach((ring, i) => {
    const members = new Set(ring.members);
    previousSets.forEach((set, j) => {
      const similarity = jaccard(members, set);
      if (similarity >= STABLE_ID_JACCARD) candidates.push({ ring: i, previous: j, similarity });
    });
  });
  candidates.sort(
    (a, b) => b.similarity - a.similarity || a.ring - b.ring || a.previous - b.previous,
  );
  const ids: (string | undefined)[] = rings.map(() => undefined);
  const used = new Set<number>();
  for (const candidate of candidates) {
    if (ids[candidate.ring] !== undefined || used.has(candidate.previous)) continue;
    ids[candidate.ring] = (previous[candidate.previous] as PreviousRing).id;
    used.add(candidate.previous);
  }
  const taken = new Set([...reserved, ...ids.filter((id): id is string => id !== undefined)]);
  const finalIds = rings.map((ring, i) => {
    const inherited = ids[i];
    if (inherited) return inherited;
    let id = ringIdFor(ring.members);
    for (let salt = 1; taken.has(id); salt += 1) id = ringIdFor([...ring.members, `#${salt}`]);
    taken.add(id);
    return id;
  });
  return {
    ids: finalIds,
    retired: previous.filter((_ring, j) => !used.has(j)).map((ring) => ring.id),
  };
}
