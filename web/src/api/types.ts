/** Shapes of the GraphQL results the app asks for (see schema.graphql). */

export type RingStatus = 'OPEN' | 'CONFIRMED' | 'DISMISSED';

export type GraphNodeData = {
  id: string;
  entityId: string;
  type: string;
  label: string;
  risk?: number | null;
  hop?: number;
};

export type GraphEdgeData = { id: string; source: string; target: string; type: string };

export type Neighborhood = {
  truncated?: boolean;
  counts?: { type: string; count: number }[];
  nodes: { data: GraphNodeData }[];
  edges: { data: GraphEdgeData }[];
};

export type Reason = { kind: string; text: string; weight: number; evidence: string[] };

export type RingMember = { id: string; type: 'ACCOUNT' | 'MERCHANT'; role: string; risk: number };

export type TimelineBucket = {
  day: string;
  orders: number;
  amount: number;
  repaymentStatus: string | null;
};

export type RingSummary = {
  id: string;
  score: number;
  flagged: boolean;
  status: RingStatus;
  size: number;
  exposure: number;
  orderCount: number;
  lastOrderAt: string | null;
  members: { type: 'ACCOUNT' | 'MERCHANT' }[];
};

export type RingDetail = Omit<RingSummary, 'members'> & {
  active: boolean;
  firstOrderAt: string | null;
  members: RingMember[];
  reasons: Reason[];
  timeline: TimelineBucket[];
};

export type Order = {
  id: string;
  accountId: string;
  merchantId: string;
  createdAt: string | null;
  amount: number | null;
  repaymentStatus: string | null;
};

export type AuditEntry = {
  id: string;
  action: 'NOTE' | 'STATUS_CHANGE';
  at: string;
  author: string;
  role: string;
  text: string | null;
  fromStatus: RingStatus | null;
  toStatus: RingStatus | null;
};

/** An entity as the API names it: its id, and its kind, since ids of two kinds may be equal. */
export type EntityRef = { id: string; type: string | null };

export type SearchHit = { id: string; type: string; label: string };

export type SavedQueryParameter = {
  name: string;
  type: 'STRING' | 'INTEGER' | 'FLOAT' | 'BOOLEAN' | 'DATETIME' | 'STRING_LIST';
  description: string;
  default: unknown;
  required: boolean;
  min: number | null;
  max: number | null;
};

export type SavedQuery = {
  name: string;
  title: string;
  description: string;
  returns: 'TABLE' | 'GRAPH';
  tags: string[];
  parameters: SavedQueryParameter[];
};

export type SavedQueryResult = {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
  rowLimit: number;
  elapsedMs: number;
  graph: Neighborhood | null;
};

export type Alert = {
  id: string;
  rule: string;
  ruleTitle: string;
  createdAt: string;
  subjectType: string;
  subjectId: string;
  evidenceIds: string[];
  summary: string;
};

export type Session = { name: string; role: 'investigator' | 'analyst' | 'service' };
