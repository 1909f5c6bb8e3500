import { graphql } from './client.ts';
import type {
  Alert,
  AuditEntry,
  EntityRef,
  Neighborhood,
  Order,
  RingDetail,
  RingStatus,
  RingSummary,
  SavedQuery,
  SavedQueryResult,
  SearchHit,
} from './types.ts';

/**
 * Every GraphQL document of the app, one function each. Documents stay small: the API's cost
 * limit counts fields by depth, so ring details, orders and neighbourhoods are separate calls.
 */

const RINGS_PAGE = 50;

/** All active rings (the queue sorts and filters them in the browser), at most `cap`. */
export async function fetchRings(cap = 1000): Promise<RingSummary[]> {
  const rings: RingSummary[] = [];
  let after: string | null = null;
  do {
    const data: {
      rings: {
        edges: { node: RingSummary }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } = await graphql(
      /* GraphQL */ `query Rings($first: Int!, $after: String) {
        rings(first: $first, after: $after, orderBy: LAST_ACTIVITY) {
          edges { node { id score flagged status size exposure orderCount lastOrderAt members { type } } }
          pageInfo { hasNextPage endCursor }
        }
      }`,
      { first: RINGS_PAGE, after },
    );
    rings.push(...data.rings.edges.map((edge) => edge.node));
    after = data.rings.pageInfo.hasNextPage ? data.rings.pageInfo.endCursor : null;
  } while (after !== null && rings.length < cap);
  return rings;
}

export async function fetchRing(id: string): Promise<RingDetail | null> {
  const data = await graphql<{ ring: RingDetail | null }>(
    /* GraphQL */ `query Ring($id: ID!) {
      ring(id: $id) {
        id score flagged status size exposure orderCount firstOrderAt lastOrderAt active
        members { id type role risk }
        reasons { kind text weight evidence }
        timeline { day orders amount repaymentStatus }
      }
    }`,
    { id },
  );
  return data.ring;
}

const ORDERS_PAGE = 100;

/** A ring's BNPL orders, oldest first, at most `cap` (pages of 100). */
export async function fetchRingOrders(id: string, cap = 5000): Promise<Order[]> {
  const orders: Order[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { ring: { orders: { edges: { cursor: string; node: Order }[] } } | null } =
      await graphql(
        /* GraphQL */ `query RingOrders($id: ID!, $first: Int!, $after: String) {
          ring(id: $id) {
            orders(first: $first, after: $after) {
              edges { cursor node { id accountId merchantId createdAt amount repaymentStatus } }
            }
          }
        }`,
        { id, first: ORDERS_PAGE, after },
      );
    const edges = data.ring?.orders.edges ?? [];
    orders.push(...edges.map((edge) => edge.node));
    if (edges.length < ORDERS_PAGE || orders.length >= cap) return orders;
    after = edges[edges.length - 1]?.cursor ?? null;
  }
}

/** Identifier kinds whose sharing makes a ring visible. */
export const IDENTIFIER_TYPES = ['Device', 'IP', 'Phone', 'Identity', 'Address', 'BankAccount'];

const PER_REQUEST = 12;

/**
 * The direct identifiers of many entities, several aliases per request (the API allows 15);
 * requests run two at a time. `limit` caps each entity's identifiers (its orders do not count).
 */
export async function fetchIdentifiers(ids: string[], limit: number): Promise<Neighborhood[]> {
  const chunks: string[][] = [];
  for (let index = 0; index < ids.length; index += PER_REQUEST) {
    chunks.push(ids.slice(index, index + PER_REQUEST));
  }
  const results: Neighborhood[] = [];
  const run = async (chunk: string[]) => {
    const fields = chunk
      .map(
        (
          _id,
          index,
        ) => `n${index}: neighborhood(id: $id${index}, hops: 1, limit: $limit, types: $types) {
          nodes { data { id entityId type label } } edges { data { id source target type } } }`,
      )
      .join('\n');
    const declarations = chunk.map((_id, index) => `$id${index}: ID!`).join(', ');
    const variables: Record<string, unknown> = { types: IDENTIFIER_TYPES, limit };
    chunk.forEach((id, index) => {
      variables[`id${index}`] = id;
    });
    const data = await graphql<Record<string, Neighborhood | null>>(
      `query Identifiers(${declarations}, $types: [EntityType!], $limit: Int!) { ${fields} }`,
      variables,
    );
    for (const hood of Object.values(data)) if (hood) results.push(hood);
  };
  for (let index = 0; index < chunks.length; index += 2) {
    await Promise.all(chunks.slice(index, index + 2).map(run));
  }
  return results;
}

export async function fetchNeighborhood(
  { id, type }: EntityRef,
  hops = 1,
  limit = 200,
): Promise<Neighborhood | null> {
  const data = await graphql<{ neighborhood: Neighborhood | null }>(
    /* GraphQL */ `query Neighborhood($id: ID!, $type: EntityType, $hops: Int!, $limit: Int!) {
      neighborhood(id: $id, type: $type, hops: $hops, limit: $limit) {
        truncated counts { type count }
        nodes { data { id entityId type label risk hop } }
        edges { data { id source target type } }
      }
    }`,
    { id, type, hops, limit },
  );
  return data.neighborhood;
}

export async function fetchPath(from: EntityRef, to: EntityRef): Promise<Neighborhood | null> {
  const data = await graphql<{ path: Neighborhood | null }>(
    /* GraphQL */ `query Path($from: ID!, $fromType: EntityType, $to: ID!, $toType: EntityType) {
      path(from: $from, fromType: $fromType, to: $to, toType: $toType, maxHops: 6) {
        nodes { data { id entityId type label risk hop } }
        edges { data { id source target type } }
      }
    }`,
    { from: from.id, fromType: from.type, to: to.id, toType: to.type },
  );
  return data.path;
}

/** Half the API's page limit: a ring's whole trail usually fits, a long one stays quick to draw. */
export const AUDIT_PAGE = 50;

/** A page of an audit trail, newest first; `before` is the last entry of the previous page. */
export async function fetchAuditLog(targetId: string, before?: string): Promise<AuditEntry[]> {
  const data = await graphql<{ auditLog: AuditEntry[] }>(
    /* GraphQL */ `query Audit($id: ID!, $first: Int!, $before: ID) {
      auditLog(targetId: $id, first: $first, before: $before) {
        id action at author role text fromStatus toStatus
      }
    }`,
    { id: targetId, first: AUDIT_PAGE, before: before ?? null },
  );
  return data.auditLog;
}

export async function setRingStatus(id: string, status: RingStatus, note: string): Promise<void> {
  await graphql(
    /* GraphQL */ `mutation SetStatus($id: ID!, $status: RingStatus!, $note: String) {
      setRingStatus(id: $id, status: $status, note: $note) { id status }
    }`,
    { id, status, note: note.trim() === '' ? null : note },
  );
}

export async function addNote(targetId: string, text: string): Promise<void> {
  await graphql(
    /* GraphQL */ `mutation AddNote($id: ID!, $text: String!) {
      addNote(targetId: $id, text: $text) { id }
    }`,
    { id: targetId, text },
  );
}

export async function search(text: string): Promise<SearchHit[]> {
  const data = await graphql<{ search: SearchHit[] }>(
    /* GraphQL */ `query Search($text: String!) { search(text: $text, first: 20) { id type label } }`,
    { text },
  );
  return data.search;
}

/** Properties of an account or merchant for the details panel. */
export async function fetchEntity(
  type: 'Account' | 'Merchant',
  id: string,
): Promise<Record<string, unknown> | null> {
  const data = await graphql<{ entity: Record<string, unknown> | null }>(
    type === 'Account'
      ? /* GraphQL */ `query Account($id: ID!) {
          entity: account(id: $id) { id createdAt bnplLimit kycLevel city risk
            rings { role risk ring { id score status } } }
        }`
      : /* GraphQL */ `query Merchant($id: ID!) {
          entity: merchant(id: $id) { id name category city createdAt risk
            rings { role risk ring { id score status } } }
        }`,
    { id },
  );
  return data.entity;
}

export async function fetchSavedQueries(): Promise<SavedQuery[]> {
  const data = await graphql<{ savedQueries: SavedQuery[] }>(
    /* GraphQL */ `query SavedQueries {
      savedQueries {
        name title description returns tags
        parameters { name type description default required min max }
      }
    }`,
  );
  return data.savedQueries;
}

export async function runSavedQuery(
  name: string,
  params: Record<string, unknown>,
): Promise<SavedQueryResult> {
  const data = await graphql<{ runSavedQuery: SavedQueryResult }>(
    /* GraphQL */ `query RunSavedQuery($name: ID!, $params: JSON) {
      runSavedQuery(name: $name, params: $params) {
        columns rows truncated rowLimit elapsedMs
        graph { nodes { data { id entityId type label risk } } edges { data { id source target type } } }
      }
    }`,
    { name, params },
  );
  return data.runSavedQuery;
}

export async function fetchAlerts(first = 100): Promise<Alert[]> {
  const data = await graphql<{ alerts: { edges: { node: Alert }[] } }>(
    /* GraphQL */ `query Alerts($first: Int) {
      alerts(first: $first) {
        edges { node { id rule ruleTitle createdAt subjectType subjectId evidenceIds summary } }
      }
    }`,
    { first },
  );
  return data.alerts.edges.map((edge) => edge.node);
}
