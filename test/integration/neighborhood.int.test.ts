import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectory } from '../../seed/load.ts';
import { QueryRegistry } from '../../server/db/queries.ts';
import { Db } from '../../server/db/run.ts';
import { runDetection } from '../../server/detect/run-detection.ts';
import { createTestServer, execute } from '../helpers/api.ts';
import { openTestDb, testConnection, wipe } from '../helpers/neo4j.ts';

const db = openTestDb();
const yoga = createTestServer(db);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-neighborhood-'));

/**
 * The typed two- and three-hop traversal's cap (cypher/api/neighborhood.cypher): nodes it reads
 * at most in one pass. A typed one-hop search has none.
 */
const TRAVERSAL_CAP = 20_000;

const ACCOUNTS = Array.from({ length: 40 }, (_, index) => `A${String(index + 1).padStart(2, '0')}`);
/** The accounts with a session on the NAT IP: the only accounts directly linked to it. */
const NAT_USERS = ACCOUNTS.slice(0, 12);
const IDENTIFIER_TYPES = ['Device', 'IP', 'Phone', 'Identity', 'Address', 'BankAccount'];

/**
 * One shop (M-HUB) where each of 40 accounts placed 5 orders, all through one carrier NAT IP
 * (NAT-1, 200 orders) that only A01..A12 logged in from. A01..A03 each placed one order from
 * DV-SHARED, a device only A01 and A02 logged in from. Only A01 pays later, so detection stores
 * BNPL_AT for A01 alone and has no ring to find; it links every actor of NAT-1 and DV-SHARED
 * to them with SHARES, which are not neighbours.
 */
function writeMarketplace(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const lines = (header: string, rows: string[]) => `${[header, ...rows].join('\n')}\n`;
  fs.writeFileSync(
    path.join(dir, 'accounts.csv'),
    lines(
      'account_id,created_at,phone,id_hash,bnpl_limit,kyc_level,city',
      ACCOUNTS.map(
        (id, index) =>
          `${id},2026-01-01T10:00:00+08:00,1390000${1000 + index},ID-${id},5000,1,上海`,
      ),
    ),
  );
  fs.writeFileSync(
    path.join(dir, 'merchants.csv'),
    lines('merchant_id,name,created_at,category,city,owner_id_hash,payout_account', [
      'M-HUB,Hub shop,2025-12-01T09:00:00+08:00,digital,上海,OWN-HUB,BANK-HUB',
    ]),
  );
  fs.writeFileSync(
    path.join(dir, 'orders.csv'),
    lines(
      'order_id,account_id,merchant_id,created_at,amount,payment_method,status,device_id,ip,bnpl_due_at,repayment_status',
      ACCOUNTS.flatMap((id, index) =>
        [1, 2, 3, 4, 5].map((n) => {
          const device = n === 1 && index < 3 ? 'DV-SHARED' : `DV-${id}`;
          const payment = id === 'A01' ? 'bnpl,delivered' : 'card,delivered';
          const due = id === 'A01' ? `2026-03-0${n}T10:00:00+08:00,open` : ',n/a';
          return `O-${id}-${n},${id},M-HUB,2026-02-0${n}T10:00:00+08:00,100,${payment},${device},NAT-1,${due}`;
        }),
      ),
    ),
  );
  fs.writeFileSync(
    path.join(dir, 'sessions.csv'),
    lines(
      'actor_type,actor_id,device_id,ip,at',
      NAT_USERS.map(
        (id, index) =>
          `account,${id},${index < 2 ? 'DV-SHARED' : `DV-${id}`},NAT-1,2026-01-05T10:00:00+08:00`,
      ),
    ),
  );
}

/**
 * Hubs of bare orders, each with one order more than the traversal cap: CAP-HUB (an IP, no
 * account linked) and BIG-SHOP (a shop with its owner, payout account and back-office IP), and
 * SMALL-HUB, an IP with three. Written directly: 40,000 orders through the loader would take
 * the best part of a minute.
 */
const HUBS = /* Cypher */ `// Test-only: IPs whose only neighbours are orders, $big and 3 of them, a shop of $big,
// and a device named like an account.
UNWIND [{id: 'CAP-HUB', orders: $big}, {id: 'SMALL-HUB', orders: 3}] AS hub
CREATE (ip:IP {id: hub.id})
WITH ip, hub
CALL (ip, hub) {
  UNWIND range(1, hub.orders) AS n
  CREATE (:Order {id: hub.id + '-' + toString(n)})-[:FROM_IP]->(ip)
}
WITH count(*) AS hubs
CREATE (shop:Merchant {id: 'BIG-SHOP', name: 'Big shop'})
CREATE (shop)-[:OWNED_BY]->(:Identity {id: 'OWN-BIG'})
CREATE (shop)-[:PAID_TO]->(:BankAccount {id: 'BANK-BIG'})
CREATE (shop)-[:USES_IP]->(:IP {id: 'IP-BIG'})
// A device whose id is also an account's, as when two systems number their ids alike.
CREATE (:Order {id: 'TWIN-ORDER'})-[:FROM_DEVICE]->(:Device {id: 'A05'})
WITH shop
UNWIND range(1, $big) AS n
CREATE (:Order {id: 'BIG-SHOP-' + toString(n)})-[:AT]->(shop)
`;

beforeAll(async () => {
  await wipe(db);
  const market = path.join(tmp, 'market');
  writeMarketplace(market);
  const loaded = await loadDirectory(db, market, {
    batchSize: 100,
    interactive: false,
    rejectsPath: path.join(tmp, 'rejects.csv'),
  });
  expect(loaded.rejectsFile).toBeUndefined();
  await runDetection(db);
  // Db runs only registry queries, so the hub writer gets a registry of its own.
  const root = path.join(tmp, 'cypher');
  fs.mkdirSync(path.join(root, 'test'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test', 'ip-hubs.cypher'), HUBS);
  const writer = new Db(testConnection(), { queries: new QueryRegistry([root]) });
  try {
    await writer.write('test/ip-hubs', { big: TRAVERSAL_CAP + 1 }, 120_000);
  } finally {
    await writer.close();
  }
});

afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

type Graph = {
  truncated: boolean;
  counts: { type: string; count: number }[];
  nodes: { data: { id: string; entityId: string; type: string; hop: number } }[];
  edges: { data: { id: string; source: string; target: string; type: string } }[];
};

const NEIGHBORHOOD = /* GraphQL */ `
  query ($id: ID!, $hops: Int, $limit: Int, $types: [EntityType!]) {
    neighborhood(id: $id, hops: $hops, limit: $limit, types: $types) {
      truncated
      counts { type count }
      nodes { data { id entityId type hop } }
      edges { data { id source target type } }
    }
  }
`;

async function neighborhood(variables: {
  id: string;
  hops?: number;
  limit?: number;
  types?: string[];
}): Promise<Graph> {
  const { body } = await execute(yoga, NEIGHBORHOOD, variables, 'analyst');
  expect(body.errors).toBeUndefined();
  const graph = (body.data as { neighborhood: Graph | null }).neighborhood;
  if (!graph) throw new Error(`No neighbourhood for ${variables.id}`);
  return graph;
}

/** Returned nodes per type, the start node left out, in the shape of `counts`. */
function typeCounts(graph: Graph): { type: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const { data } of graph.nodes.slice(1)) {
    counts.set(data.type, (counts.get(data.type) ?? 0) + 1);
  }
  return (
    [...counts]
      .map(([type, count]) => ({ type, count }))
      // Code-point order, as Cypher sorts `counts` ('IP' before 'Identity').
      .sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))
  );
}

const entityIds = (graph: Graph, type: string) =>
  graph.nodes
    .filter(({ data }) => data.type === type && data.hop > 0)
    .map(({ data }) => data.entityId)
    .sort();

/**
 * What the web app needs to draw the graph: every edge between returned nodes, no node twice,
 * and every node reachable from the start over the returned edges (it draws no others).
 */
function expectConnected(graph: Graph): void {
  const ids = graph.nodes.map(({ data }) => data.id);
  expect(new Set(ids).size).toBe(ids.length);
  const links = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const { data } of graph.edges) {
    expect(links.has(data.source) && links.has(data.target), data.id).toBe(true);
    links.get(data.source)?.push(data.target);
    links.get(data.target)?.push(data.source);
  }
  const reached = new Set([ids[0]]);
  const queue = [ids[0] as string];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const other of links.get(next) ?? []) {
      if (!reached.has(other)) {
        reached.add(other);
        queue.push(other);
      }
    }
  }
  expect(ids.filter((id) => !reached.has(id))).toEqual([]);
}

describe('neighborhood counts', () => {
  it('has detection links beside the data, so the counts below are tested with them present', async () => {
    const { rows } = await db.readText(
      `MATCH (a:Account)-[:SHARES]->(x) WHERE x.id IN ['NAT-1', 'DV-SHARED']
       RETURN x.id AS id, count(a) AS accounts ORDER BY id`,
      {},
      { timeoutMs: 10_000, maxRows: 10 },
    );
    expect(rows).toEqual([
      { id: 'DV-SHARED', accounts: 3 },
      { id: 'NAT-1', accounts: ACCOUNTS.length },
    ]);
  });

  it("counts each distinct direct neighbour once, over data relationships only (not detection's SHARES)", async () => {
    expect((await neighborhood({ id: 'DV-SHARED' })).counts).toEqual([
      { type: 'Order', count: 3 },
      { type: 'Account', count: 2 },
    ]);
    expect((await neighborhood({ id: 'NAT-1' })).counts).toEqual([
      { type: 'Order', count: 200 },
      { type: 'Account', count: NAT_USERS.length },
    ]);
    // A01's SHARES links to its device and IP and its BNPL_AT link to the shop add nothing.
    expect((await neighborhood({ id: 'A01' })).counts).toEqual([
      { type: 'Order', count: 5 },
      { type: 'Device', count: 1 },
      { type: 'IP', count: 1 },
      { type: 'Identity', count: 1 },
      { type: 'Phone', count: 1 },
    ]);
  });

  it('agrees with the nodes a one-hop traversal returns when the limit does not cut it', async () => {
    for (const id of ['DV-SHARED', 'NAT-1', 'A01', 'A07', 'M-HUB']) {
      const graph = await neighborhood({ id, limit: 1000 });
      expect(graph.truncated, id).toBe(false);
      expect(typeCounts(graph), id).toEqual(graph.counts);
    }
  });

  it('are read only when asked for, through a fragment too, and leave the other fields as they are', async () => {
    const withCounts = await neighborhood({ id: 'NAT-1', limit: 50 });
    const { body } = await execute(
      yoga,
      /* GraphQL */ `query ($id: ID!) {
        plain: neighborhood(id: $id, limit: 50) { truncated nodes { data { id entityId type hop } } edges { data { id source target type } } }
        spread: neighborhood(id: $id, limit: 50) { ...Counted }
      }
      fragment Counted on Neighborhood { counts { type count } }`,
      { id: 'NAT-1' },
      'analyst',
    );
    expect(body.errors).toBeUndefined();
    const { plain, spread } = body.data as { plain: Graph; spread: Pick<Graph, 'counts'> };
    expect(plain).toEqual({ ...withCounts, counts: undefined });
    expect(spread.counts).toEqual(withCounts.counts);
  });
});

describe('neighborhood types', () => {
  it('spends the limit on the asked types: the accounts of a NAT IP behind its 200 orders', async () => {
    const all = await neighborhood({ id: 'NAT-1', limit: NAT_USERS.length, types: ['Account'] });
    expect(entityIds(all, 'Account')).toEqual(NAT_USERS);
    expect(all.nodes).toHaveLength(1 + NAT_USERS.length);
    expect(all.truncated).toBe(false);
    expectConnected(all);
  });

  it("reaches a shop's buyers two hops out, past its 200 orders at hop 1, keeping only the orders on their paths", async () => {
    const graph = await neighborhood({ id: 'M-HUB', hops: 2, limit: 5, types: ['Account'] });
    const accounts = graph.nodes.filter(({ data }) => data.type === 'Account');
    expect(accounts).toHaveLength(5);
    expect(accounts.every(({ data }) => data.hop === 2)).toBe(true);
    // Each account hangs off the one order that reached it: no other order is returned.
    expect(typeCounts(graph)).toEqual([
      { type: 'Account', count: 5 },
      { type: 'Order', count: 5 },
    ]);
    expect(graph.nodes.map(({ data }) => data.hop)).toEqual([0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect(graph.edges.map(({ data }) => data.type).sort()).toEqual([
      ...Array(5).fill('AT'),
      ...Array(5).fill('PLACED'),
    ]);
    expectConnected(graph);
  });

  it("returns a shop's identifiers, not crowded out by its orders (the ring view asks for them so)", async () => {
    const graph = await neighborhood({ id: 'M-HUB', limit: 2, types: IDENTIFIER_TYPES });
    expect(graph.nodes.map(({ data }) => data.id).sort()).toEqual([
      'BankAccount:BANK-HUB',
      'Identity:OWN-HUB',
      'Merchant:M-HUB',
    ]);
    expect(graph.truncated).toBe(false);
    expectConnected(graph);
  });

  it('keeps the identifier between an account and the accounts two hops away, with its edges (no orphans)', async () => {
    const graph = await neighborhood({ id: 'A05', hops: 2, types: ['Account'] });
    expect(entityIds(graph, 'Account')).toEqual(NAT_USERS.filter((id) => id !== 'A05'));
    expect(graph.nodes.filter(({ data }) => data.type !== 'Account')).toEqual([
      { data: { id: 'IP:NAT-1', entityId: 'NAT-1', type: 'IP', hop: 1 } },
    ]);
    expect(graph.edges).toHaveLength(NAT_USERS.length);
    expect(graph.truncated).toBe(false);
    expectConnected(graph);
  });

  it('returns connected graphs for any types and hops', async () => {
    const cases: [string, string[]][] = [
      ['A01', ['Account']],
      ['A01', ['Merchant']],
      ['A01', ['Device', 'Account']],
      ['DV-SHARED', ['IP']],
      ['M-HUB', ['Device']],
    ];
    for (const [id, types] of cases) {
      for (const hops of [1, 2, 3]) {
        const graph = await neighborhood({ id, hops, limit: 7, types });
        const wanted = graph.nodes.filter(({ data }) => data.hop > 0 && types.includes(data.type));
        expect(wanted.length, `${id} ${hops}`).toBeLessThanOrEqual(7);
        expectConnected(graph);
      }
    }
  });
});

describe('neighborhood truncated', () => {
  it('says whether more nodes of the asked types were reachable than the limit', async () => {
    const cut = await neighborhood({ id: 'NAT-1', limit: 5, types: ['Account'] });
    expect(cut.truncated).toBe(true);
    expect(entityIds(cut, 'Account')).toHaveLength(5);
    const shop = await neighborhood({ id: 'M-HUB', hops: 2, limit: 40, types: ['Account'] });
    expect(shop.truncated).toBe(false);
    expect(entityIds(shop, 'Account')).toEqual(ACCOUNTS);
    const none = await neighborhood({ id: 'SMALL-HUB', types: ['Account'] });
    expect(none.truncated).toBe(false);
    expect(none.nodes).toHaveLength(1);
  });

  it('counts every kind against the limit when no types are asked for', async () => {
    const graph = await neighborhood({ id: 'NAT-1', limit: 10 });
    expect(graph.truncated).toBe(true);
    expect(graph.nodes).toHaveLength(11);
    expectConnected(graph);
  });

  it('is true when a two-hop traversal stops at its cap before finding what was asked for', async () => {
    const graph = await neighborhood({ id: 'CAP-HUB', hops: 2, types: ['Account'] });
    expect(graph.nodes.map(({ data }) => data.id)).toEqual(['IP:CAP-HUB']);
    expect(graph.truncated).toBe(true);
    expect(graph.counts).toEqual([{ type: 'Order', count: TRAVERSAL_CAP + 1 }]);
    // At one hop only relationships that can lead to an account are read, and none is there.
    const near = await neighborhood({ id: 'CAP-HUB', types: ['Account'] });
    expect(near.nodes.map(({ data }) => data.id)).toEqual(['IP:CAP-HUB']);
    expect(near.truncated).toBe(false);
  });

  it('is false when a two-hop traversal reads everything reachable without finding enough', async () => {
    const graph = await neighborhood({ id: 'SMALL-HUB', hops: 2, types: ['Account'] });
    expect(graph.nodes.map(({ data }) => data.id)).toEqual(['IP:SMALL-HUB']);
    expect(graph.truncated).toBe(false);
    const orders = await neighborhood({ id: 'CAP-HUB', hops: 3, limit: 5, types: ['Order'] });
    expect(entityIds(orders, 'Order')).toHaveLength(5);
    expect(orders.truncated).toBe(true);
  });

  it("returns a shop's identifiers at one hop behind more orders than the cap, not truncated", async () => {
    const graph = await neighborhood({ id: 'BIG-SHOP', limit: 1000, types: IDENTIFIER_TYPES });
    expect(graph.nodes.map(({ data }) => data.id).sort()).toEqual([
      'BankAccount:BANK-BIG',
      'IP:IP-BIG',
      'Identity:OWN-BIG',
      'Merchant:BIG-SHOP',
    ]);
    expect(graph.edges.map(({ data }) => data.type).sort()).toEqual([
      'OWNED_BY',
      'PAID_TO',
      'USES_IP',
    ]);
    expect(graph.truncated).toBe(false);
    expectConnected(graph);
    expect(graph.counts).toEqual([
      { type: 'Order', count: TRAVERSAL_CAP + 1 },
      { type: 'BankAccount', count: 1 },
      { type: 'IP', count: 1 },
      { type: 'Identity', count: 1 },
    ]);
    const cut = await neighborhood({ id: 'BIG-SHOP', limit: 2, types: IDENTIFIER_TYPES });
    expect(cut.nodes).toHaveLength(3);
    expect(cut.truncated).toBe(true);
  });
});

describe('neighborhood with types: []', () => {
  it('returns the start node alone, with its counts, at any hops', async () => {
    for (const hops of [1, 2, 3]) {
      const graph = await neighborhood({ id: 'BIG-SHOP', hops, types: [] });
      expect(graph.nodes.map(({ data }) => data.id)).toEqual(['Merchant:BIG-SHOP']);
      expect(graph.edges).toEqual([]);
      expect(graph.truncated).toBe(false);
      expect(graph.counts[0]).toEqual({ type: 'Order', count: TRAVERSAL_CAP + 1 });
    }
  });
});

describe('an id two kinds share', () => {
  it('starts from the kind asked for, an account by default', async () => {
    const account = await neighborhood({ id: 'A05' });
    expect(account.nodes[0]?.data.id).toBe('Account:A05');
    const { body } = await execute(
      yoga,
      /* GraphQL */ `{
        device: neighborhood(id: "A05", type: Device) { nodes { data { id } } }
        path(from: "A05", fromType: Device, to: "TWIN-ORDER", toType: Order) { length nodes { data { id } } }
        missing: neighborhood(id: "A05", type: Phone) { truncated }
      }`,
      {},
      'analyst',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      device: { nodes: [{ data: { id: 'Device:A05' } }, { data: { id: 'Order:TWIN-ORDER' } }] },
      path: {
        length: 1,
        nodes: [{ data: { id: 'Device:A05' } }, { data: { id: 'Order:TWIN-ORDER' } }],
      },
      missing: null,
    });
  });
});
