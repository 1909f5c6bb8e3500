import { type PairBehaviour, pairBehaviour } from './pair-behaviour.ts';
import type { IdentifierUse, PairRow, Reason } from './types.ts';
import { LINK_WEIGHTS, MEMBER_THRESHOLD, SYNC_WINDOW_SECONDS } from './weights.ts';

export type CandidateBuyer = {
  account: string;
  pair: PairRow;
  behaviour: PairBehaviour;
  merchantLink: number;
  peerLink: number;
  sync: number;
  score: number;
  reasons: Reason[];
};

export type MerchantGroup = {
  merchants: string[];
  candidates: CandidateBuyer[];
  members: CandidateBuyer[];
};

const clamp = (value: number) => Math.max(0, Math.min(1, value));

const IDENTIFIER_NAMES: Record<string, string> = {
  Device: 'device',
  IP: 'IP',
  Address: 'shipping address',
  Phone: 'phone',
  Identity: 'identity',
  BankAccount: 'bank account',
  Tracking: 'tracking number',
};

type Shared = { kind: string; identifier: string; actors: number; users: Set<string> };

/**
 * Links inside one merchant's candidate group. A shared identifier counts by how concentrated its
 * users are in the group (group users / all its users): a device used by the back office and 20
 * of the shop's buyers and nobody else is strong evidence; a NAT IP shared with thousands of
 * strangers is not, and no hard degree cap cuts a real ring's hub.
 */
function links(merchants: Set<string>, buyers: Set<string>, uses: IdentifierUse[]) {
  // The shops of one unit count as one actor: their back offices are the ring's operator.
  const merchant = [...merchants].join('+');
  const shared = new Map<string, Shared>();
  for (const use of uses) {
    if (!merchants.has(use.actor) && !buyers.has(use.actor)) continue;
    const key = `${use.kind}:${use.identifier}`;
    const entry = shared.get(key) ?? {
      kind: use.kind,
      identifier: use.identifier,
      actors: use.actors,
      users: new Set<string>(),
    };
    entry.users.add(merchants.has(use.actor) ? merchant : use.actor);
    shared.set(key, entry);
  }
  const result = new Map<string, { merchant: number; peers: number; reasons: Reason[] }>();
  const of = (buyer: string) => {
    let entry = result.get(buyer);
    if (!entry) {
      entry = { merchant: 0, peers: 0, reasons: [] };
      result.set(buyer, entry);
    }
    return entry;
  };
  for (const entry of shared.values()) {
    if (entry.users.size < 2) continue;
    const concentration = entry.users.size / Math.max(entry.actors, entry.users.size);
    const buyerUsers = [...entry.users].filter((user) => user !== merchant);
    const withMerchant = entry.users.has(merchant);
    const name = IDENTIFIER_NAMES[entry.kind] ?? entry.kind;
    for (const buyer of buyerUsers) {
      const link = of(buyer);
      if (withMerchant) {
        link.merchant += concentration;
        link.reasons.push({
          kind: 'identity',
          text: `shares ${name} ${entry.identifier} with the merchant (${entry.actors} users in all)`,
          weight: LINK_WEIGHTS.merchant * concentration,
          evidence: [entry.identifier, ...merchants],
        });
      }
      if (buyerUsers.length >= 2) {
        const strength = concentration * clamp((buyerUsers.length - 1) / 2);
        link.peers += strength;
        link.reasons.push({
          kind: 'identity',
          text: `shares ${name} ${entry.identifier} with ${buyerUsers.length - 1} other buyers of this merchant`,
          weight: LINK_WEIGHTS.peers * strength,
          evidence: [entry.identifier, ...buyerUsers.filter((user) => user !== buyer).slice(0, 20)],
        });
      }
    }
  }
  return result;
}

/** For each buyer, how many other candidates ordered at this merchant within the sync window. */
function synchrony(pairs: PairRow[]): Map<string, number> {
  // One pair per buyer: partners are kept by pair index, which is cheaper to hash than ids.
  const events = pairs
    .flatMap((pair, index) => pair.times.map((time) => ({ time, index })))
    .sort((a, b) => a.time - b.time);
  const partners = pairs.map(() => new Set<number>());
  let start = 0;
  for (let end = 0; end < events.length; end += 1) {
    const current = events[end] as { time: number; index: number };
    while ((events[start] as { time: number }).time < current.time - SYNC_WINDOW_SECONDS)
      start += 1;
    for (let i = start; i < end; i += 1) {
      const other = (events[i] as { index: number }).index;
      if (other === current.index) continue;
      (partners[current.index] as Set<number>).add(other);
      (partners[other] as Set<number>).add(current.index);
    }
  }
  return new Map(
    pairs.flatMap((pair, index) => {
      const count = (partners[index] as Set<number>).size;
      return count > 0 ? [[pair.account, count] as const] : [];
    }),
  );
}

// A one-off order is a ring member only with a link to the shop, to other members or in
// lockstep with them: one big purchase is what honest customers do too.
const linked = (candidate: CandidateBuyer) =>
  candidate.pair.orders >= 2 || candidate.merchantLink >= 0.25 || candidate.peerLink >= 0.25;

type Scored = { behaviour: PairBehaviour; merchantLink: number; peerLink: number };

/** A candidate's score from its own behaviour and its links, before lockstep with others. */
const scoreWithoutSync = (candidate: Scored) =>
  candidate.behaviour.score +
  LINK_WEIGHTS.merchant * candidate.merchantLink +
  LINK_WEIGHTS.peers * candidate.peerLink;

/** Whether a candidate takes part in lockstep (see synchrony). */
const isLockstepCandidate = (candidate: Scored) =>
  scoreWithoutSync(candidate) >= MEMBER_THRESHOLD / 2;

/**
 * A member that stays one whatever happens to its lockstep with other buyers: the rest of its
 * score depends only on its own orders and links.
 */
export function isSteadyMember(candidate: CandidateBuyer): boolean {
  return scoreWithoutSync(candidate) >= MEMBER_THRESHOLD && linked(candidate);
}

/**
 * A member whatever happens to its links and its lockstep with others: its behaviour at the shop
 * alone reaches the member threshold and it ordered repeatedly (links and lockstep only add to
 * a score), so only a change of its own orders or BNPL total can move it.
 */
export function isSolidMember(candidate: CandidateBuyer): boolean {
  return candidate.behaviour.score >= MEMBER_THRESHOLD && candidate.pair.orders >= 2;
}

/**
 * Scores every candidate buyer of one merchant from its own behaviour there plus its links to the
 * merchant, to the other candidates, and its synchrony with them; members are those at or above
 * the member threshold.
 */
export function scoreMerchantGroup(
  merchants: string[],
  pairs: PairRow[],
  /** Each buyer's BNPL amount at all merchants. */
  accountAmounts: Map<string, number>,
  uses: IdentifierUse[],
): MerchantGroup {
  const buyers = new Set(pairs.map((pair) => pair.account));
  const linkMap = links(new Set(merchants), buyers, uses);
  const preliminary = pairs.map((pair) => {
    const behaviour = pairBehaviour(pair, accountAmounts.get(pair.account));
    const link = linkMap.get(pair.account);
    const merchantLink = clamp(link?.merchant ?? 0);
    const peerLink = clamp(link?.peers ?? 0);
    return { pair, behaviour, link, merchantLink, peerLink };
  });
  // Synchrony only among buyers already half-way suspicious: at a busy shop honest orders
  // fall within an hour of each other all the time.
  const sync = synchrony(preliminary.filter(isLockstepCandidate).map((p) => p.pair));
  const candidates = preliminary.map(
    ({ pair, behaviour, link, merchantLink, peerLink }): CandidateBuyer => {
      const partners = sync.get(pair.account) ?? 0;
      const syncScore = clamp(partners / 3);
      const reasons = [...behaviour.reasons, ...(link?.reasons ?? [])];
      if (syncScore > 0) {
        reasons.push({
          kind: 'behaviour',
          text: `ordered here within an hour of ${partners} other suspicious buyers`,
          weight: LINK_WEIGHTS.sync * syncScore,
          evidence: pair.orderIds,
        });
      }
      const score =
        scoreWithoutSync({ behaviour, merchantLink, peerLink }) + LINK_WEIGHTS.sync * syncScore;
      return {
        account: pair.account,
        pair,
        behaviour,
        merchantLink,
        peerLink,
        sync: syncScore,
        score,
        reasons: reasons.sort((a, b) => b.weight - a.weight),
      };
    },
  );
  return {
    merchants,
    candidates,
    members: candidates.filter(
      (candidate) =>
        candidate.score >= MEMBER_THRESHOLD && (linked(candidate) || candidate.sync > 0),
    ),
  };
}
