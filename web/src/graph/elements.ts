import type { ElementDefinition } from 'cytoscape';
import type { EntityRef, GraphNodeData, Neighborhood, Order, RingDetail } from '../api/types.ts';

/**
 * API results → Cytoscape element definitions. Pure functions: no `cy`, no DOM, so they run
 * headless in unit tests. Element ids are the API's `Label:id`; BNPL edges that stand for a
 * buyer's orders at one merchant are `BNPL:account>merchant`.
 */

export type NodeData = GraphNodeData & {
  role?: string;
  createdAt?: string | null;
  amount?: number | null;
  repaymentStatus?: string | null;
};

export type EdgeData = {
  id: string;
  source: string;
  target: string;
  type: string;
  /** BNPL edges: number of orders, their total amount, their ids and UTC days. */
  weight?: number;
  amount?: number;
  orders?: string[];
  days?: string[];
};

/** The element id of an entity of a kind. */
export function elementId(type: string, entityId: string): string {
  return `${type}:${entityId}`;
}

/** The entity an element id names (`IP:1.2.3.4` → IP `1.2.3.4`). */
export function entityOf(elementId: string): EntityRef {
  const colon = elementId.indexOf(':');
  return { id: elementId.slice(colon + 1), type: elementId.slice(0, colon) };
}

/** The address of an entity's graph page, its kind in `?type=`. */
export function entityHref({ id, type }: EntityRef): string {
  return `/entity/${encodeURIComponent(id)}${type ? `?type=${encodeURIComponent(type)}` : ''}`;
}

/** UTC day (YYYY-MM-DD) of an ISO timestamp with any offset. */
export function utcDay(timestamp: string): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

function node(data: NodeData): ElementDefinition {
  return { group: 'nodes', data };
}

function edge(data: EdgeData): ElementDefinition {
  return { group: 'edges', data };
}

/** A ring's accounts and merchants, with their role and risk in the ring. */
export function memberElements(ring: RingDetail): ElementDefinition[] {
  return ring.members.map((member) => {
    const type = member.type === 'ACCOUNT' ? 'Account' : 'Merchant';
    return node({
      id: elementId(type, member.id),
      entityId: member.id,
      type,
      label: member.id,
      risk: member.risk,
      role: member.role,
    });
  });
}

/** Every node and edge of a neighbourhood (or a path), as the API shaped them. */
export function neighborhoodElements(hood: Neighborhood): ElementDefinition[] {
  return [
    // A null risk would still match the `[risk]` style selector; leave it out instead.
    ...hood.nodes.map(({ data: { risk, ...rest } }) =>
      node(risk === null || risk === undefined ? rest : { ...rest, risk }),
    ),
    ...hood.edges.map((entry) => edge({ ...entry.data })),
  ];
}

/**
 * The identifiers that tie `members` together: those linked to at least two of them, or named
 * as evidence. Identifiers only one member uses are noise at ring scale and are left out.
 */
export function sharedIdentifierElements(
  members: ReadonlySet<string>,
  hoods: readonly Neighborhood[],
  evidence: ReadonlySet<string>,
): ElementDefinition[] {
  const users = new Map<string, Set<string>>();
  const nodes = new Map<string, GraphNodeData>();
  const edges = new Map<string, EdgeData>();
  for (const hood of hoods) {
    for (const { data } of hood.nodes) if (!members.has(data.id)) nodes.set(data.id, data);
    for (const { data } of hood.edges) {
      const [member, identifier] = members.has(data.source)
        ? [data.source, data.target]
        : [data.target, data.source];
      if (!members.has(member) || members.has(identifier)) continue;
      users.set(identifier, (users.get(identifier) ?? new Set()).add(member));
      edges.set(data.id, data);
    }
  }
  const kept = new Set(
    [...nodes.values()]
      .filter((data) => (users.get(data.id)?.size ?? 0) >= 2 || evidence.has(data.entityId))
      .map((data) => data.id),
  );
  return [
    ...[...kept].map((id) => node({ ...(nodes.get(id) as GraphNodeData) })),
    ...[...edges.values()]
      .filter((data) => kept.has(data.source) || kept.has(data.target))
      .map((data) => edge({ ...data })),
  ];
}

/**
 * Orders as elements: each order a node between its buyer and merchant, or (collapsed) one
 * weighted BNPL edge per buyer→merchant pair carrying the order ids, days, count and amount.
 */
export function orderElements(orders: readonly Order[], collapsed: boolean): ElementDefinition[] {
  if (!collapsed) {
    return orders.flatMap((order) => {
      const id = elementId('Order', order.id);
      const account = elementId('Account', order.accountId);
      const merchant = elementId('Merchant', order.merchantId);
      return [
        node({
          id,
          entityId: order.id,
          type: 'Order',
          label: order.amount === null ? order.id : `¥${Math.round(order.amount)}`,
          createdAt: order.createdAt,
          amount: order.amount,
          repaymentStatus: order.repaymentStatus,
        }),
        edge({ id: `PLACED:${order.id}`, source: account, target: id, type: 'PLACED' }),
        edge({ id: `AT:${order.id}`, source: id, target: merchant, type: 'AT' }),
      ];
    });
  }
  const pairs = new Map<string, Required<EdgeData>>();
  for (const order of orders) {
    const source = elementId('Account', order.accountId);
    const target = elementId('Merchant', order.merchantId);
    const id = `BNPL:${order.accountId}>${order.merchantId}`;
    const pair = pairs.get(id) ?? {
      id,
      source,
      target,
      type: 'BNPL',
      weight: 0,
      amount: 0,
      orders: [],
      days: [],
    };
    pair.weight += 1;
    pair.amount += order.amount ?? 0;
    pair.orders.push(order.id);
    if (order.createdAt) {
      const day = utcDay(order.createdAt);
      if (!pair.days.includes(day)) pair.days.push(day);
    }
    pairs.set(id, pair);
  }
  return [...pairs.values()].map((data) => edge({ ...data, amount: Math.round(data.amount) }));
}

/**
 * One list without repeats: nodes by id, edges by id and by (source, type, target), so the
 * same relationship reached by two queries is drawn once; edges whose ends are missing go.
 */
export function mergeElements(...lists: readonly ElementDefinition[][]): ElementDefinition[] {
  const nodes = new Map<string, ElementDefinition>();
  const edges = new Map<string, ElementDefinition>();
  const seen = new Set<string>();
  for (const list of lists) {
    for (const element of list) {
      const data = element.data as NodeData & EdgeData;
      if (element.group === 'nodes') {
        const known = nodes.get(data.id);
        // Keep the richer data: a ring member's role/risk wins over a neighbourhood's bare node.
        nodes.set(data.id, known ? { ...element, data: { ...data, ...known.data } } : element);
        continue;
      }
      const key = `${data.source}|${data.type}|${data.target}`;
      if (edges.has(data.id) || seen.has(key)) continue;
      seen.add(key);
      edges.set(data.id, element);
    }
  }
  const kept = [...edges.values()].filter((element) => {
    const data = element.data as EdgeData;
    return nodes.has(data.source) && nodes.has(data.target);
  });
  return [...nodes.values(), ...kept];
}

export type RingGraph = {
  ring: RingDetail;
  identifiers: readonly Neighborhood[];
  orders: readonly Order[];
  /** Expanded neighbourhoods and shortest paths the investigator added. */
  extra: readonly Neighborhood[];
};

/** The canvas of a ring: members, shared identifiers, orders (collapsed or not), additions. */
export function ringElements(graph: RingGraph, collapseOrders: boolean): ElementDefinition[] {
  const members = memberElements(graph.ring);
  const memberIds = new Set(members.map((element) => element.data.id as string));
  const evidence = new Set(graph.ring.reasons.flatMap((reason) => reason.evidence));
  return mergeElements(
    members,
    sharedIdentifierElements(memberIds, graph.identifiers, evidence),
    orderElements(graph.orders, collapseOrders),
    ...graph.extra.map(neighborhoodElements),
  );
}
