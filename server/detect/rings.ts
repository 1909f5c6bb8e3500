import { jaccard } from './jaccard.ts';
import type { CandidateBuyer } from './merchant-group.ts';
import type { Reason, RingMember, ScoredRing } from './types.ts';
import {
  FLAG_THRESHOLD,
  MAX_RING_BUYERS,
  MERGE_JACCARD,
  MIN_RING_BUYERS,
  ONSET_HORIZON_DAYS,
} from './weights.ts';

const clamp = (value: number) => Math.max(0, Math.min(1, value));
const percent = (value: number) => `${Math.round(value * 100)}%`;
const yuan = (value: number) => `¥${Math.round(value).toLocaleString('en-US')}`;

/** What a ring needs of a group member (the member's behaviour is already in its reasons). */
export type RingEntry = Omit<CandidateBuyer, 'behaviour'>;

type Draft = { merchants: Set<string>; members: Map<string, RingEntry[]> };

/**
 * Groups of at least MIN_RING_BUYERS members, merged across merchants when they are mostly the
 * same buyers (one ring cashing out through two shops).
 */
export function draftRings(groups: { merchants: string[]; members: RingEntry[] }[]): Draft[] {
  const drafts: Draft[] = groups
    .filter(
      (group) => group.members.length >= MIN_RING_BUYERS && group.members.length <= MAX_RING_BUYERS,
    )
    .map((group) => ({
      merchants: new Set(group.merchants),
      members: new Map(group.members.map((member) => [member.account, [member]])),
    }));
  const buyers = drafts.map((draft) => new Set(draft.members.keys()));
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let i = 0; i < drafts.length; i += 1) {
      for (let j = i + 1; j < drafts.length; j += 1) {
        if (jaccard(buyers[i] as Set<string>, buyers[j] as Set<string>) >= MERGE_JACCARD) {
          const a = drafts[i] as Draft;
          const b = drafts[j] as Draft;
          for (const merchant of b.merchants) a.merchants.add(merchant);
          for (const [account, entries] of b.members) {
            a.members.set(account, [...(a.members.get(account) ?? []), ...entries]);
            (buyers[i] as Set<string>).add(account);
          }
          drafts.splice(j, 1);
          buyers.splice(j, 1);
          merged = true;
          break outer;
        }
      }
    }
  }
  return drafts;
}

function topEvidence(reasons: Reason[], limit = 30): string[] {
  return [...new Set(reasons.flatMap((reason) => reason.evidence))].slice(0, limit);
}

const HORIZON_SECONDS = ONSET_HORIZON_DAYS * 86_400;

/**
 * How much the members' first orders at the ring's shops bunch together in time: the shortest
 * window holding 80% of first orders, against ONSET_HORIZON_DAYS. Honest customers of a shop
 * start buying there over months; a ring's members start within weeks of each other.
 */
function onset(firstOrders: number[]): number {
  if (firstOrders.length < 3) return 0;
  const sorted = [...firstOrders].sort((a, b) => a - b);
  const k = Math.max(2, Math.ceil(sorted.length * 0.8));
  let window = Number.POSITIVE_INFINITY;
  for (let i = 0; i + k - 1 < sorted.length; i += 1) {
    window = Math.min(window, (sorted[i + k - 1] as number) - (sorted[i] as number));
  }
  return clamp(1 - window / HORIZON_SECONDS);
}

/**
 * Scores a drafted ring from four evidence families, each in [0, 1], and explains each with a
 * fact a person can check: identity links to the merchant and among buyers; structure (how much
 * of the shops' BNPL business the group is, repeat orders); behaviour (near-limit amounts, night
 * orders, logistics, synchrony); outcomes (overdue and defaulted orders), which help but are
 * not needed, so fresh rings are found too.
 */
export function scoreRing(
  draft: Draft,
  /** Each merchant's BNPL volume. */
  merchantVolumes: Map<string, number>,
): ScoredRing {
  const entries = [...draft.members.values()].flat();
  const buyers = [...draft.members.keys()];
  const n = buyers.length;
  const perBuyer = [...draft.members.values()].map((list) => ({
    account: (list[0] as RingEntry).account,
    score: Math.max(...list.map((entry) => entry.score)),
    merchantLink: Math.max(...list.map((entry) => entry.merchantLink)),
    peerLink: Math.max(...list.map((entry) => entry.peerLink)),
    reasons: list.flatMap((entry) => entry.reasons),
  }));
  const orders = entries.reduce((sum, entry) => sum + entry.pair.orders, 0);
  const amount = entries.reduce((sum, entry) => sum + entry.pair.amount, 0);
  const merchantAmount = [...draft.merchants].reduce(
    (sum, merchant) => sum + (merchantVolumes.get(merchant) ?? 0),
    0,
  );
  const count = (pick: (entry: RingEntry) => number) =>
    entries.reduce((sum, entry) => sum + pick(entry), 0);
  const nearLimit = count((entry) => entry.pair.nearLimit);
  const night = count((entry) => entry.pair.nightOrders);
  const reused = count((entry) => entry.pair.reusedTracking);
  const untracked = count((entry) => entry.pair.untracked);
  const bad = count((entry) => entry.pair.badOutcome);
  const badAmount = count((entry) => entry.pair.badAmount);
  const exposure = count((entry) => entry.pair.openAmount + entry.pair.badAmount);
  // A link counts when the shared identifier is concentrated in the group (see merchant-group).
  const linkedToMerchant = perBuyer.filter((buyer) => buyer.merchantLink >= 0.25).length;
  const linkedToPeers = perBuyer.filter((buyer) => buyer.peerLink >= 0.25).length;
  const linkStrength =
    perBuyer.reduce((sum, buyer) => sum + buyer.merchantLink + 0.5 * buyer.peerLink, 0) / n;
  const synced = entries.filter((entry) => entry.sync > 0).length;
  const share = merchantAmount > 0 ? amount / merchantAmount : 0;

  const identity = clamp(linkStrength);
  const repeatHighDraw =
    entries.filter((entry) => entry.pair.orders >= 2 && entry.pair.meanRatio >= 0.5).length /
    entries.length;
  const firstOrders = [...draft.members.values()].map((list) =>
    Math.min(...list.flatMap((entry) => entry.pair.times)),
  );
  const lockstep = onset(firstOrders);
  const structure = clamp(
    0.3 * share + 0.2 * clamp((orders / n - 1) / 2) + 0.25 * repeatHighDraw + 0.25 * lockstep,
  );
  const meanDraw = entries.reduce((sum, entry) => sum + entry.pair.meanRatio, 0) / entries.length;
  const behaviour = clamp(
    0.5 * clamp((meanDraw - 0.3) / 0.5) +
      (0.5 * nearLimit + 0.5 * night + reused + untracked) / orders +
      0.3 * (synced / entries.length),
  );
  const outcome = clamp(bad / orders);
  const meanMember = perBuyer.reduce((sum, buyer) => sum + buyer.score, 0) / n;
  const weights = { identity: 0.3, structure: 0.3, behaviour: 0.25, outcome: 0.15 };
  const base =
    weights.identity * identity +
    weights.structure * structure +
    weights.behaviour * behaviour +
    weights.outcome * outcome;
  const score = clamp(base * clamp(meanMember / 3 + 0.4) * clamp(0.6 + n / 10));

  const memberEvidence = perBuyer.flatMap((buyer) => buyer.reasons);
  const reasons: Reason[] = [];
  if (linkedToMerchant > 0 || linkedToPeers > 0) {
    reasons.push({
      kind: 'identity',
      text: `${linkedToMerchant} of ${n} buyers share devices, IPs, phones or identities with the merchant's back office; ${linkedToPeers} share rare identifiers with each other`,
      weight: weights.identity * identity,
      evidence: topEvidence(memberEvidence.filter((reason) => reason.kind === 'identity')),
    });
  }
  reasons.push({
    kind: 'structure',
    text: `${n} buyers placed ${orders} BNPL orders (${yuan(amount)}), ${percent(share)} of the merchant's BNPL volume; ${percent(repeatHighDraw)} of them ordered repeatedly at ≥50% of their credit limit${lockstep > 0 ? `; 80% of them started buying here within ${Math.round((1 - lockstep) * ONSET_HORIZON_DAYS)} days` : ''}`,
    weight: weights.structure * structure,
    evidence: [...draft.merchants, ...buyers.slice(0, 30)],
  });
  const behaviourFacts = [
    `orders draw on average ${percent(meanDraw)} of the buyer's credit limit`,
    nearLimit > 0 ? `${nearLimit} of ${orders} orders at ≥80% of the buyer's credit limit` : '',
    night > 0 ? `${night} placed between 00:00 and 06:00` : '',
    reused > 0 ? `${reused} with a tracking number reused across accounts` : '',
    untracked > 0 ? `${untracked} shipped without a tracking number` : '',
    synced > 0 ? `${synced} buyers ordered within an hour of each other` : '',
  ].filter(Boolean);
  if (behaviourFacts.length > 0) {
    reasons.push({
      kind: 'behaviour',
      text: behaviourFacts.join('; '),
      weight: weights.behaviour * behaviour,
      evidence: entries.flatMap((entry) => entry.pair.orderIds).slice(0, 50),
    });
  }
  if (bad > 0) {
    reasons.push({
      kind: 'outcome',
      text: `${bad} of ${orders} orders overdue or defaulted (${yuan(badAmount)})`,
      weight: weights.outcome * outcome,
      evidence: entries
        .filter((entry) => entry.pair.badOutcome > 0)
        .map((entry) => entry.account)
        .slice(0, 30),
    });
  }

  const accounts: RingMember[] = perBuyer
    .map((buyer) => ({
      id: buyer.account,
      role: buyer.merchantLink > 0 ? ('insider' as const) : ('buyer' as const),
      risk: clamp(buyer.score / 4),
      reasons: buyer.reasons.sort((a, b) => b.weight - a.weight).slice(0, 6),
    }))
    .sort((a, b) => b.risk - a.risk || a.id.localeCompare(b.id));
  const merchants: RingMember[] = [...draft.merchants].sort().map((merchant) => ({
    id: merchant,
    role: 'merchant',
    risk: score,
    reasons: reasons.slice(0, 3),
  }));
  const times = entries.flatMap((entry) => entry.pair.times);
  return {
    accounts,
    merchants,
    score,
    flagged: score >= FLAG_THRESHOLD,
    exposure,
    firstOrderAt: Math.min(...times),
    lastOrderAt: Math.max(...times),
    orders,
    reasons: reasons.sort((a, b) => b.weight - a.weight),
  };
}
