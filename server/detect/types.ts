/** Rows the detection queries return (cypher/detect/*.cypher), already plain values. */

export type PairRow = {
  account: string;
  merchant: string;
  orders: number;
  amount: number;
  meanRatio: number;
  nearLimit: number;
  nightOrders: number;
  untracked: number;
  reusedTracking: number;
  badOutcome: number;
  openAmount: number;
  badAmount: number;
  times: number[];
  orderIds: string[];
  accountAgeDays: number;
};

/** A stored pair feature row: the pair and its buyer's total BNPL amount. */
export type StoredPairRow = PairRow & { accountAmount: number | null };

export type IdentifierUse = {
  actor: string;
  kind: string;
  identifier: string;
  actors: number;
};

export type ReasonKind = 'identity' | 'structure' | 'behaviour' | 'outcome';

/** A plain-language reason with the ids of the nodes that are its evidence. */
export type Reason = { kind: ReasonKind; text: string; weight: number; evidence: string[] };

export type MemberRole = 'buyer' | 'insider' | 'merchant';

export type RingMember = { id: string; role: MemberRole; risk: number; reasons: Reason[] };

export type ScoredRing = {
  /** Assigned when stored: inherited from a matching earlier ring or new. */
  id?: string;
  accounts: RingMember[];
  merchants: RingMember[];
  score: number;
  flagged: boolean;
  exposure: number;
  firstOrderAt: number;
  lastOrderAt: number;
  orders: number;
  reasons: Reason[];
};
