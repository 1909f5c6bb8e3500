/**
 * Backing models of the GraphQL API: the plain rows `cypher/api/*.cypher` return. `kind`
 * tells the `Node` interface which object type a row is.
 */

/** Analyst status as stored on `Ring.status`. */
export type RingStatusValue = 'open' | 'confirmed' | 'dismissed';

export type ReasonRecord = { kind: string; text: string; weight: number; evidence: string[] };

export type RingRecord = {
  kind: 'Ring';
  id: string;
  score: number;
  flagged: boolean;
  status: RingStatusValue;
  active: boolean;
  size: number;
  exposure: number;
  orders: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  detectorVersion: string | null;
};

export type RingSummaryRecord = {
  id: string;
  score: number;
  flagged: boolean;
  status: RingStatusValue;
};

export type MembershipRecord = {
  ring: RingRecord;
  role: string;
  risk: number;
  /** JSON text as stored on MEMBER_OF. */
  reasons: string | null;
};

export type AccountRecord = {
  kind: 'Account';
  id: string;
  createdAt: string | null;
  bnplLimit: number | null;
  kycLevel: number | null;
  city: string | null;
  risk: number | null;
  /** JSON text as stored in `risk_reasons`. */
  riskReasons: string | null;
};

export type MerchantRecord = {
  kind: 'Merchant';
  id: string;
  name: string | null;
  createdAt: string | null;
  category: string | null;
  city: string | null;
  risk: number | null;
  riskReasons: string | null;
};

export type RingMemberRecord = {
  id: string;
  type: 'Account' | 'Merchant';
  role: string;
  risk: number;
  reasons: string | null;
};

export type RingReasonRecord = ReasonRecord & { rank: number };

export type OrderRecord = {
  id: string;
  account: string;
  merchant: string;
  createdAt: string | null;
  amount: number | null;
  paymentMethod: string | null;
  status: string | null;
  repaymentStatus: string | null;
};

export type TimelineRecord = {
  day: string;
  repaymentStatus: string | null;
  orders: number;
  amount: number;
};

export type MembershipResultRecord = {
  id: string;
  found: boolean;
  risk: number | null;
  rings: RingSummaryRecord[];
  reasons: string | null;
};

export type AuditEntryRecord = {
  id: string;
  action: 'NOTE' | 'STATUS_CHANGE';
  targetId: string;
  author: string;
  role: string;
  at: string;
  text: string | null;
  fromStatus: RingStatusValue | null;
  toStatus: RingStatusValue | null;
};

/** A page of an audit trail (`audit-log`), and whether its `before` entry is the target's. */
export type AuditPageRecord = { beforeKnown: boolean; entries: AuditEntryRecord[] };

export type SearchHitRecord = { id: string; type: string; label: string };

export type GraphNodeRecord = {
  entityId: string;
  type: string;
  label: string;
  risk: number | null;
  hop: number;
};

export type GraphEdgeRecord = {
  id: string;
  sourceType: string;
  sourceId: string;
  targetType: string;
  targetId: string;
  type: string;
};

export type NeighborhoodRecord = {
  found: boolean;
  nodes: GraphNodeRecord[];
  edges: GraphEdgeRecord[];
  truncated: boolean;
  counts: { type: string; count: number }[];
};

export type PathRecord = {
  length: number;
  nodes: GraphNodeRecord[];
  edges: GraphEdgeRecord[];
};

export type NodeRecord = AccountRecord | MerchantRecord | RingRecord;

/** Member and risk reasons are stored as JSON text (properties cannot hold maps). */
export function parseReasons(json: string | null | undefined): ReasonRecord[] {
  if (!json) return [];
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? (parsed as ReasonRecord[]) : [];
}

/** An early-warning alert: one per rule and subject (`cypher/alerts/list-alerts.cypher`). */
export type AlertRecord = {
  id: string;
  rule: string;
  ruleTitle: string;
  createdAt: string;
  subjectType: string;
  subjectId: string;
  evidenceIds: string[];
  summary: string;
};

/** One stored version of an analyst's saved query (`cypher/saved/query-versions.cypher`). */
export type SavedQueryVersionRecord = {
  version: number;
  author: string;
  text: string;
  savedAt: string;
};
