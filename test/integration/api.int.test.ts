import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_KEY_CHARS } from '../../seed/contract.ts';
import { loadDirectory } from '../../seed/load.ts';
import { CYPHER_DIR, QueryRegistry } from '../../server/db/queries.ts';
import { Db } from '../../server/db/run.ts';
import { storeRings } from '../../server/detect/store-rings.ts';
import type { Reason, RingMember, ScoredRing } from '../../server/detect/types.ts';
import { LIMITS } from '../../server/yoga.ts';
import { codes, createTestServer, execute, type GraphQLBody, KEYS } from '../helpers/api.ts';
import { FIXTURES, openTestDb, testConnection, wipe } from '../helpers/neo4j.ts';

const db = openTestDb();
const yoga = createTestServer(db);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-api-'));

const reason = (kind: Reason['kind'], text: string, evidence: string[]): Reason => ({
  kind,
  text,
  weight: 0.5,
  evidence,
});
const member = (id: string, role: RingMember['role'], risk: number): RingMember => ({
  id,
  role,
  risk,
  reasons: [reason('identity', `${id} shares an identity`, [id, 'ID1'])],
});
const at = (iso: string) => Date.parse(iso) / 1000;

/** Three hand-made rings over the small fixture: scores 0.9, 0.7, 0.5. */
const RINGS: ScoredRing[] = [
  {
    accounts: [
      member('A1', 'buyer', 0.8),
      member('A2', 'buyer', 0.6),
      member('A3', 'insider', 0.9),
    ],
    merchants: [member('M1', 'merchant', 0.85)],
    score: 0.9,
    flagged: true,
    exposure: 12_999,
    firstOrderAt: at('2026-01-31T17:10:00Z'),
    lastOrderAt: at('2026-01-31T17:20:00Z'),
    orders: 2,
    reasons: [
      reason('structure', 'two buyers drew near their limit at one shop', ['O1', 'O2']),
      reason('identity', 'the merchant owner is a buyer', ['ID1', 'A3', 'M1']),
    ],
  },
  {
    accounts: [member('A1', 'buyer', 0.4)],
    merchants: [member('M2', 'merchant', 0.3)],
    score: 0.7,
    flagged: true,
    exposure: 50_000,
    firstOrderAt: at('2026-02-03T07:00:00Z'),
    lastOrderAt: at('2026-02-03T07:00:00Z'),
    orders: 1,
    reasons: [reason('behaviour', 'night orders', ['O4'])],
  },
  {
    accounts: [member('A3', 'buyer', 0.2)],
    // M2's riskiest membership is in the lower-scored ring: membership lists it first.
    merchants: [member('M2', 'merchant', 0.35)],
    score: 0.5,
    flagged: false,
    exposure: 120,
    firstOrderAt: at('2026-02-02T07:00:00Z'),
    lastOrderAt: at('2026-02-05T07:00:00Z'),
    orders: 1,
    reasons: [reason('outcome', 'no repayments yet', ['O3'])],
  },
];
let ringIds: string[] = [];

beforeAll(async () => {
  await wipe(db);
  await loadDirectory(db, path.join(FIXTURES, 'small'), {
    batchSize: 2,
    interactive: false,
    rejectsPath: path.join(tmp, 'rejects.csv'),
  });
  const stored = await storeRings(db, RINGS, { earlier: [], wholeGraph: true });
  ringIds = stored.map((ring) => ring.id as string);
});

afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Fails with the errors in the message when the body has any. */
function dataOf(body: GraphQLBody): Record<string, unknown> {
  expect(body.errors).toBeUndefined();
  return body.data as Record<string, unknown>;
}

/** Runs `work` against the test server listening on a real loopback socket, then closes it. */
async function overSocket(work: (port: number) => Promise<void>): Promise<void> {
  const server = http.createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await work((server.address() as AddressInfo).port);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const MEMBERSHIP = /* GraphQL */ `
  query ($ids: [ID!]!) {
    ringMembership(accountIds: $ids) {
      id
      found
      risk
      rings { id score flagged status }
      reasons { kind text weight evidence }
    }
  }
`;

describe('ringMembership and merchantMembership', () => {
  it('answers one result per id in request order, unknown ids found: false', async () => {
    const { status, body } = await execute(
      yoga,
      MEMBERSHIP,
      { ids: ['NOPE', 'A3', 'A1', 'A2', 'A1'] },
      'service',
    );
    expect(status).toBe(200);
    const results = dataOf(body).ringMembership as {
      id: string;
      found: boolean;
      risk: number | null;
      rings: { id: string; score: number }[];
      reasons: { evidence: string[] }[];
    }[];
    expect(results.map((r) => [r.id, r.found, r.risk])).toEqual([
      ['NOPE', false, null],
      ['A3', true, 0.9],
      ['A1', true, 0.8],
      ['A2', true, 0.6],
      ['A1', true, 0.8],
    ]);
    expect(results[0]?.rings).toEqual([]);
    expect(results[2]?.rings).toEqual([
      { id: ringIds[0], score: 0.9, flagged: true, status: 'OPEN' },
      { id: ringIds[1], score: 0.7, flagged: true, status: 'OPEN' },
    ]);
    expect(results[1]?.reasons).toEqual([
      { kind: 'identity', text: 'A3 shares an identity', weight: 0.5, evidence: ['A3', 'ID1'] },
    ]);
  });

  it('answers merchants the same way, the riskiest membership first (the ring risk describes), not the highest ring score', async () => {
    const { body } = await execute(
      yoga,
      /* GraphQL */ `query ($ids: [ID!]!) { merchantMembership(merchantIds: $ids) { id found risk rings { id } } }`,
      { ids: ['M2', 'A1', 'M1'] },
      'service',
    );
    expect(dataOf(body).merchantMembership).toEqual([
      { id: 'M2', found: true, risk: 0.35, rings: [{ id: ringIds[2] }, { id: ringIds[1] }] },
      { id: 'A1', found: false, risk: null, rings: [] },
      { id: 'M1', found: true, risk: 0.85, rings: [{ id: ringIds[0] }] },
    ]);
  });

  it('takes 1,000 ids in one call and refuses 1,001 with BAD_USER_INPUT', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `X${i}` : 'A1'));
    const ok = await execute(yoga, MEMBERSHIP, { ids }, 'service');
    expect((dataOf(ok.body).ringMembership as unknown[]).length).toBe(1000);
    const tooMany = await execute(yoga, MEMBERSHIP, { ids: [...ids, 'A2'] }, 'service');
    expect(codes(tooMany.body)).toEqual(['BAD_USER_INPUT']);
    expect(tooMany.body.errors?.[0]?.message).toMatch(/at most 1000 ids/);
    expect(tooMany.body.data).toBeNull();
  });

  it('answers found: false in place for an empty or overlong id instead of failing the batch', async () => {
    const long = 'A'.repeat(201);
    const accounts = await execute(yoga, MEMBERSHIP, { ids: ['', 'A1', long, 'A2'] }, 'service');
    expect(
      (dataOf(accounts.body).ringMembership as { id: string; found: boolean }[]).map((r) => [
        r.id,
        r.found,
      ]),
    ).toEqual([
      ['', false],
      ['A1', true],
      [long, false],
      ['A2', true],
    ]);
    const merchants = await execute(
      yoga,
      /* GraphQL */ `query ($ids: [ID!]!) { merchantMembership(merchantIds: $ids) { id found } }`,
      { ids: ['M1', 'M'.repeat(5000), ''] },
      'service',
    );
    expect(dataOf(merchants.body).merchantMembership).toEqual([
      { id: 'M1', found: true },
      { id: 'M'.repeat(5000), found: false },
      { id: '', found: false },
    ]);
  });
});

describe('account, merchant, ring and node', () => {
  it('returns an account with its rings, roles and risk', async () => {
    const { body } = await execute(
      yoga,
      /* GraphQL */ `{ account(id: "A3") { id city kycLevel bnplLimit risk reasons { evidence }
        rings { role risk ring { id score } } } }`,
    );
    expect(dataOf(body).account).toEqual({
      id: 'A3',
      city: '深圳',
      kycLevel: 1,
      bnplLimit: 3000,
      risk: 0.9,
      reasons: [{ evidence: ['A3', 'ID1'] }],
      rings: [
        { role: 'insider', risk: 0.9, ring: { id: ringIds[0], score: 0.9 } },
        { role: 'buyer', risk: 0.2, ring: { id: ringIds[2], score: 0.5 } },
      ],
    });
  });

  it('returns a merchant, and null for unknown ids', async () => {
    const { body } = await execute(
      yoga,
      /* GraphQL */ `{ merchant(id: "M1") { id name category risk } none: merchant(id: "M9") { id }
        nobody: account(id: "A9") { id } noRing: ring(id: "R-0") { id } }`,
      {},
      'analyst',
    );
    expect(dataOf(body)).toEqual({
      merchant: { id: 'M1', name: '鑫源数码专营店', category: 'digital', risk: 0.85 },
      none: null,
      nobody: null,
      noRing: null,
    });
  });

  it('returns a ring with members, reasons with evidence, orders and timeline', async () => {
    const { body } = await execute(
      yoga,
      /* GraphQL */ `query ($id: ID!) { ring(id: $id) { id score flagged status active size exposure
        orderCount members { id type role risk } reasons { kind evidence }
        orders(first: 1) { edges { node { id accountId merchantId amount repaymentStatus } }
          pageInfo { hasNextPage endCursor } }
        timeline { day repaymentStatus orders amount } } }`,
      { id: ringIds[0] },
    );
    const ring = dataOf(body).ring as Record<string, unknown>;
    expect(ring).toMatchObject({
      id: ringIds[0],
      score: 0.9,
      flagged: true,
      status: 'OPEN',
      active: true,
      size: 4,
      exposure: 12_999,
      orderCount: 2,
      members: [
        { id: 'A3', type: 'ACCOUNT', role: 'insider', risk: 0.9 },
        { id: 'M1', type: 'MERCHANT', role: 'merchant', risk: 0.85 },
        { id: 'A1', type: 'ACCOUNT', role: 'buyer', risk: 0.8 },
        { id: 'A2', type: 'ACCOUNT', role: 'buyer', risk: 0.6 },
      ],
      reasons: [
        { kind: 'structure', evidence: ['O1', 'O2'] },
        { kind: 'identity', evidence: ['ID1', 'A3', 'M1'] },
      ],
      orders: {
        edges: [
          {
            node: {
              id: 'O1',
              accountId: 'A1',
              merchantId: 'M1',
              amount: 4999,
              repaymentStatus: 'defaulted',
            },
          },
        ],
        pageInfo: { hasNextPage: true },
      },
      timeline: [
        { day: '2026-01-31', repaymentStatus: 'defaulted', orders: 1, amount: 4999 },
        { day: '2026-01-31', repaymentStatus: 'overdue', orders: 1, amount: 7999.99 },
      ],
    });
    const cursor = (ring.orders as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    const next = await execute(
      yoga,
      /* GraphQL */ `query ($id: ID!, $after: String) { ring(id: $id) { orders(first: 5, after: $after) {
        edges { node { id } } pageInfo { hasNextPage } } } }`,
      { id: ringIds[0], after: cursor },
    );
    expect((dataOf(next.body).ring as { orders: unknown }).orders).toEqual({
      edges: [{ node: { id: 'O2' } }],
      pageInfo: { hasNextPage: false },
    });
  });

  it('resolves node(id) to the right type for accounts, merchants and rings', async () => {
    const { body } = await execute(
      yoga,
      /* GraphQL */ `query ($ring: ID!) {
        a: node(id: "A1") { __typename id ... on Account { city } }
        m: node(id: "M2") { __typename id ... on Merchant { name } }
        r: node(id: $ring) { __typename id ... on Ring { score } }
        x: node(id: "nothing") { id } }`,
      { ring: ringIds[2] },
    );
    expect(dataOf(body)).toEqual({
      a: { __typename: 'Account', id: 'A1', city: '上海' },
      m: { __typename: 'Merchant', id: 'M2', name: 'Shop, "Best"' },
      r: { __typename: 'Ring', id: ringIds[2], score: 0.5 },
      x: null,
    });
  });
});

const RINGS_PAGE = /* GraphQL */ `
  query ($first: Int, $after: String, $orderBy: RingOrderBy, $minScore: Float, $flagged: Boolean, $status: RingStatus) {
    rings(first: $first, after: $after, orderBy: $orderBy, minScore: $minScore, flagged: $flagged, status: $status) {
      edges { cursor node { id score } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
type RingsPage = {
  rings: {
    edges: { node: { id: string; score: number } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

describe('rings', () => {
  it('pages through every ring by score with first/after', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const { body } = await execute(yoga, RINGS_PAGE, { first: 2, after }, 'service');
      const { rings } = dataOf(body) as RingsPage;
      seen.push(...rings.edges.map((edge) => edge.node.id));
      if (!rings.pageInfo.hasNextPage) break;
      after = rings.pageInfo.endCursor;
    }
    expect(seen).toEqual(ringIds);
  });

  it('orders by exposure, size and last activity, and filters', async () => {
    const ids = async (variables: Record<string, unknown>) => {
      const { body } = await execute(yoga, RINGS_PAGE, { first: 10, ...variables });
      return (dataOf(body) as RingsPage).rings.edges.map((edge) => edge.node.id);
    };
    const [r0, r1, r2] = ringIds;
    expect(await ids({ orderBy: 'EXPOSURE' })).toEqual([r1, r0, r2]);
    expect(await ids({ orderBy: 'SIZE' })).toEqual([r0, ...[r1, r2].sort()]);
    expect(await ids({ orderBy: 'LAST_ACTIVITY' })).toEqual([r2, r1, r0]);
    expect(await ids({ minScore: 0.6 })).toEqual([r0, r1]);
    expect(await ids({ flagged: false })).toEqual([r2]);
    expect(await ids({ status: 'CONFIRMED' })).toEqual([]);
  });

  it('refuses a page above 100 with BAD_USER_INPUT', async () => {
    const { body } = await execute(yoga, RINGS_PAGE, { first: 101 });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.message).toMatch(/first: 101 is outside 0–100/);
  });

  it('counts every ring passing the filters in totalCount, whatever the page', async () => {
    const total = async (variables: Record<string, unknown>) => {
      const { body } = await execute(
        yoga,
        /* GraphQL */ `query ($minScore: Float, $flagged: Boolean) {
          rings(first: 1, minScore: $minScore, flagged: $flagged) { totalCount edges { node { id } } } }`,
        variables,
        'service',
      );
      const { rings } = dataOf(body) as { rings: { totalCount: number; edges: unknown[] } };
      expect(rings.edges.length).toBeLessThanOrEqual(1);
      return rings.totalCount;
    };
    expect(await total({})).toBe(3);
    expect(await total({ minScore: 0.6 })).toBe(2);
    expect(await total({ minScore: 0.6, flagged: true })).toBe(2);
    expect(await total({ flagged: false })).toBe(1);
    expect(await total({ minScore: 0.95 })).toBe(0);
  });

  it('runs the count query only when totalCount is selected', async () => {
    // The real queries except rings-count: asking for the count fails, a page without it does not.
    const root = path.join(tmp, 'no-count');
    fs.mkdirSync(path.join(root, 'api'), { recursive: true });
    const api = path.join(CYPHER_DIR, 'api');
    for (const file of fs.readdirSync(api).filter((name) => name !== 'rings-count.cypher')) {
      fs.copyFileSync(path.join(api, file), path.join(root, 'api', file));
    }
    const countless = new Db(testConnection(), { queries: new QueryRegistry([root]) });
    try {
      const server = createTestServer(countless);
      const page = await execute(server, '{ rings(first: 2) { edges { node { id } } } }');
      expect((dataOf(page.body) as RingsPage).rings.edges).toHaveLength(2);
      const counted = await execute(server, '{ rings(first: 2) { totalCount } }');
      expect(counted.body.errors?.map((error) => [error.message, error.path])).toEqual([
        ['Unexpected error.', ['rings', 'totalCount']],
      ]);
    } finally {
      await countless.close();
    }
  });

  it('refuses cursors it did not issue with BAD_USER_INPUT before any query', async () => {
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    const forged = [
      'garbage',
      base64('OffsetConnection:-5'),
      base64('OffsetConnection:abc'),
      base64('OffsetConnection:1.5'),
      base64('OffsetConnection:1e3'),
      base64('OffsetConnection:99999999999999999999'),
      base64('ArrayConnection:1'),
      // Unpadded base64, which the relay plugin's decoder refuses.
      base64('OffsetConnection:10').replace(/=+$/, ''),
    ];
    // A server without cypher/api/: a query reaching the database would be "Unexpected error.".
    const testCypher = fileURLToPath(new URL('../cypher/', import.meta.url));
    const queryless = new Db(testConnection(), { queries: new QueryRegistry([testCypher]) });
    try {
      const server = createTestServer(queryless);
      for (const cursor of forged) {
        const after = await execute(server, RINGS_PAGE, { first: 2, after: cursor });
        expect(codes(after.body), cursor).toEqual(['BAD_USER_INPUT']);
        expect(after.body.errors?.[0]?.message).toMatch(
          /^after: ".*" is not a cursor of this list/,
        );
        const before = await execute(
          server,
          'query ($c: String) { rings(last: 1, before: $c) { edges { cursor } } }',
          { c: cursor },
        );
        expect(codes(before.body), cursor).toEqual(['BAD_USER_INPUT']);
      }
    } finally {
      await queryless.close();
    }
    const orders = await execute(
      yoga,
      'query ($id: ID!) { ring(id: $id) { orders(first: 1, after: "garbage") { edges { cursor } } } }',
      { id: ringIds[0] },
    );
    expect(codes(orders.body)).toEqual(['BAD_USER_INPUT']);
    expect(orders.body.errors?.[0]?.path).toEqual(['ring', 'orders']);
    const alerts = await execute(yoga, '{ alerts(after: "T3RoZXI6MQ==") { totalCount } }');
    expect(codes(alerts.body)).toEqual(['BAD_USER_INPUT']);
    // An empty page has no cursors to follow; passed back, its null endCursor pages from the start.
    const empty = await execute(yoga, RINGS_PAGE, { first: 0 });
    const emptyEnd = (dataOf(empty.body) as RingsPage).rings.pageInfo.endCursor;
    expect(emptyEnd).toBeNull();
    const fromEmpty = await execute(yoga, RINGS_PAGE, { first: 1, after: emptyEnd });
    expect((dataOf(fromEmpty.body) as RingsPage).rings.edges.map((e) => e.node.id)).toEqual([
      ringIds[0],
    ]);
    // So does the -1 cursor earlier versions gave an empty first page.
    const fromOld = await execute(yoga, RINGS_PAGE, {
      first: 1,
      after: base64('OffsetConnection:-1'),
    });
    expect((dataOf(fromOld.body) as RingsPage).rings.edges.map((e) => e.node.id)).toEqual([
      ringIds[0],
    ]);
    // Past the end, backwards or forwards, an empty page gives no cursor a pager could follow on.
    const pastEnd = await execute(
      yoga,
      `query ($before: String, $after: String) {
        back: rings(last: 100, before: $before) { edges { cursor } pageInfo { startCursor endCursor } }
        forth: rings(first: 5, after: $after) { edges { cursor } pageInfo { startCursor endCursor hasNextPage } } }`,
      { before: base64('OffsetConnection:999999999999999'), after: base64('OffsetConnection:2') },
    );
    expect(dataOf(pastEnd.body)).toEqual({
      back: { edges: [], pageInfo: { startCursor: null, endCursor: null } },
      forth: { edges: [], pageInfo: { startCursor: null, endCursor: null, hasNextPage: false } },
    });
    // A cursor the API issued still pages.
    const issued = await execute(yoga, RINGS_PAGE, {
      first: 1,
      after: base64('OffsetConnection:1'),
    });
    expect((dataOf(issued.body) as RingsPage).rings.edges.map((e) => e.node.id)).toEqual([
      ringIds[2],
    ]);
  });
});

describe('mutations and audit log', () => {
  it('sets a ring status with a note and records both in the audit log with author and time', async () => {
    const id = ringIds[2] as string;
    const set = await execute(
      yoga,
      /* GraphQL */ `mutation ($id: ID!) { setRingStatus(id: $id, status: CONFIRMED, note: "seen it") { id status } }`,
      { id },
    );
    expect(dataOf(set.body).setRingStatus).toEqual({ id, status: 'CONFIRMED' });
    const note = await execute(
      yoga,
      /* GraphQL */ `mutation ($id: ID!) { addNote(targetId: $id, text: "called the merchant") { action author role text } }`,
      { id },
    );
    expect(dataOf(note.body).addNote).toEqual({
      action: 'NOTE',
      author: 'alice',
      role: 'investigator',
      text: 'called the merchant',
    });
    const log = await execute(
      yoga,
      /* GraphQL */ `query ($id: ID!) { auditLog(targetId: $id) { action targetId author text fromStatus toStatus at } }`,
      { id },
      'analyst',
    );
    const entries = dataOf(log.body).auditLog as Record<string, unknown>[];
    expect(entries.map(({ at: _at, ...rest }) => rest)).toEqual([
      {
        action: 'NOTE',
        targetId: id,
        author: 'alice',
        text: 'called the merchant',
        fromStatus: null,
        toStatus: null,
      },
      {
        action: 'STATUS_CHANGE',
        targetId: id,
        author: 'alice',
        text: 'seen it',
        fromStatus: 'OPEN',
        toStatus: 'CONFIRMED',
      },
    ]);
    for (const entry of entries)
      expect(Date.parse(entry.at as string)).toBeGreaterThan(Date.parse('2026-01-01'));
    const filtered = await execute(yoga, RINGS_PAGE, { status: 'CONFIRMED' });
    expect((dataOf(filtered.body) as RingsPage).rings.edges.map((e) => e.node.id)).toEqual([id]);
  });

  it('keeps the status trail a chain under concurrent status changes, the newest entry being the status', async () => {
    const id = ringIds[2] as string;
    const statuses = ['OPEN', 'CONFIRMED', 'DISMISSED'];
    const SET = /* GraphQL */ `mutation ($id: ID!, $status: RingStatus!, $note: String) {
      setRingStatus(id: $id, status: $status, note: $note) { status } }`;
    const changes = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        execute(yoga, SET, { id, status: statuses[i % 3], note: `race ${i}` }),
      ),
    );
    for (const change of changes) expect(change.body.errors).toBeUndefined();
    const { body } = await execute(
      yoga,
      /* GraphQL */ `query ($id: ID!) { ring(id: $id) { status }
        auditLog(targetId: $id, first: 100) { action text fromStatus toStatus } }`,
      { id },
    );
    const { ring, auditLog } = dataOf(body) as {
      ring: { status: string };
      auditLog: { action: string; text: string | null; fromStatus: string; toStatus: string }[];
    };
    const trail = auditLog.filter((entry) => entry.action === 'STATUS_CHANGE').reverse();
    expect(trail.filter((entry) => entry.text?.startsWith('race '))).toHaveLength(24);
    for (let i = 1; i < trail.length; i += 1) {
      expect(trail[i]?.fromStatus).toBe(trail[i - 1]?.toStatus);
    }
    expect(trail.at(-1)?.toStatus).toBe(ring.status);
    const blank = await execute(yoga, SET, { id, status: 'CONFIRMED', note: '  ' });
    expect(blank.body.errors).toBeUndefined();
    const newest = await execute(
      yoga,
      'query ($id: ID!) { auditLog(targetId: $id, first: 1) { text } }',
      {
        id,
      },
    );
    expect(dataOf(newest.body).auditLog).toEqual([{ text: null }]);
  });

  it('answers NOT_FOUND for an unknown ring or note target', async () => {
    const status = await execute(
      yoga,
      'mutation { setRingStatus(id: "R-nope", status: DISMISSED) { id } }',
    );
    expect(codes(status.body)).toEqual(['NOT_FOUND']);
    expect(status.body.errors?.[0]?.message).toBe('No ring has the id "R-nope".');
    const note = await execute(yoga, 'mutation { addNote(targetId: "Z1", text: "x") { id } }');
    expect(codes(note.body)).toEqual(['NOT_FOUND']);
  });

  it('refuses an empty note with BAD_USER_INPUT', async () => {
    const { body } = await execute(
      yoga,
      'mutation { addNote(targetId: "A1", text: "   ") { id } }',
    );
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
  });

  it('pages the audit log by `before` (the last entry of the previous page) without gaps or repeats, even as notes are added', async () => {
    const AUDIT_PAGE = /* GraphQL */ `query ($id: ID!, $first: Int, $before: ID) {
      auditLog(targetId: $id, first: $first, before: $before) { id text } }`;
    const addNote = (text: string) =>
      execute(yoga, 'mutation ($text: String!) { addNote(targetId: "M1", text: $text) { id } }', {
        text,
      });
    for (const text of ['n1', 'n2', 'n3', 'n4', 'n5']) await addNote(text);
    const pageOf = async (before: string | null) => {
      const { body } = await execute(yoga, AUDIT_PAGE, { id: 'M1', first: 2, before });
      return dataOf(body).auditLog as { id: string; text: string }[];
    };
    const first = await pageOf(null);
    expect(first.map((entry) => entry.text)).toEqual(['n5', 'n4']);
    // A note added between pages lands on the first page, not at the seam of the next.
    await addNote('n6');
    const second = await pageOf(first[1]?.id as string);
    expect(second.map((entry) => entry.text)).toEqual(['n3', 'n2']);
    const third = await pageOf(second[1]?.id as string);
    expect(third.map((entry) => entry.text)).toEqual(['n1']);
    expect(await pageOf(third[0]?.id as string)).toEqual([]);
  });

  it('pages entries that share one time by their id, without gaps or repeats', async () => {
    const ids = ['t-e', 't-a', 't-d', 't-b', 't-c'];
    await db.write('same-time-notes', { targetId: 'A3', ids, at: '2026-03-01T10:00:00Z' });
    const seen: string[] = [];
    let before: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const { body } = await execute(
        yoga,
        'query ($before: ID) { auditLog(targetId: "A3", first: 2, before: $before) { id } }',
        { before },
      );
      const entries = dataOf(body).auditLog as { id: string }[];
      if (entries.length === 0) break;
      seen.push(...entries.map((entry) => entry.id));
      before = entries.at(-1)?.id ?? null;
    }
    expect(seen).toEqual(['t-a', 't-b', 't-c', 't-d', 't-e']);
  });

  it('refuses a `before` that is not an entry of the target with BAD_USER_INPUT', async () => {
    const note = await execute(yoga, 'mutation { addNote(targetId: "A2", text: "x") { id } }');
    const otherTargets = (dataOf(note.body).addNote as { id: string }).id;
    for (const before of ['no-such-entry', otherTargets]) {
      const { body } = await execute(
        yoga,
        'query ($before: ID) { auditLog(targetId: "M1", before: $before) { id } }',
        { before },
      );
      expect(codes(body), before).toEqual(['BAD_USER_INPUT']);
      expect(body.errors?.[0]?.message).toBe(
        `before: "${before}" is not an audit entry of "M1"; pass the id of the last entry of the previous page.`,
      );
    }
  });
});

describe('search and neighborhood', () => {
  it('finds entities by id prefix and merchants by name prefix', async () => {
    const { body } = await execute(
      yoga,
      /* GraphQL */ `{ m: search(text: "M") { id type label } name: search(text: "鑫源") { id type }
        tracking: search(text: "SF") { id type } device: search(text: "D", first: 1) { id type }
        none: search(text: "zz") { id } }`,
      {},
      'analyst',
    );
    expect(dataOf(body)).toEqual({
      m: [
        { id: 'M1', type: 'Merchant', label: '鑫源数码专营店' },
        { id: 'M2', type: 'Merchant', label: 'Shop, "Best"' },
      ],
      name: [{ id: 'M1', type: 'Merchant' }],
      tracking: [{ id: 'SF100', type: 'Tracking' }],
      device: [{ id: 'D1', type: 'Device' }],
      none: [],
    });
  });

  type Graph = {
    truncated: boolean;
    counts: { type: string; count: number }[];
    nodes: { data: { id: string; entityId: string; type: string; hop: number } }[];
    edges: { data: { source: string; target: string; type: string } }[];
  };
  const NEIGHBORHOOD = /* GraphQL */ `
    query ($id: ID!, $hops: Int, $limit: Int, $types: [EntityType!]) {
      neighborhood(id: $id, hops: $hops, limit: $limit, types: $types) {
        truncated
        counts { type count }
        nodes { data { id entityId type hop } }
        edges { data { source target type } }
      }
    }
  `;

  it('returns Cytoscape elements around an entity with per-type counts', async () => {
    const { body } = await execute(yoga, NEIGHBORHOOD, { id: 'D1' });
    const graph = dataOf(body).neighborhood as Graph;
    expect(graph.truncated).toBe(false);
    expect(graph.counts).toEqual([
      { type: 'Order', count: 3 },
      { type: 'Account', count: 2 },
      { type: 'Merchant', count: 1 },
    ]);
    expect(graph.nodes[0]?.data).toEqual({
      id: 'Device:D1',
      entityId: 'D1',
      type: 'Device',
      hop: 0,
    });
    expect(graph.nodes.map((node) => node.data.id).sort()).toEqual([
      'Account:A1',
      'Account:A2',
      'Device:D1',
      'Merchant:M1',
      'Order:O1',
      'Order:O2',
      'Order:O4',
    ]);
    expect(graph.edges).toContainEqual({
      data: { source: 'Order:O1', target: 'Device:D1', type: 'FROM_DEVICE' },
    });
    const ids = new Set(graph.nodes.map((node) => node.data.id));
    for (const { data } of graph.edges) {
      expect(ids.has(data.source) && ids.has(data.target)).toBe(true);
    }
  });

  it('stops at limit and says so, and narrows to the asked types', async () => {
    const capped = await execute(yoga, NEIGHBORHOOD, { id: 'D1', hops: 3, limit: 2 });
    const graph = dataOf(capped.body).neighborhood as Graph;
    expect(graph.truncated).toBe(true);
    expect(graph.nodes).toHaveLength(3);
    const typed = await execute(yoga, NEIGHBORHOOD, { id: 'A1', hops: 2, types: ['Merchant'] });
    const merchants = dataOf(typed.body).neighborhood as Graph;
    const returned = new Set(merchants.nodes.map((node) => node.data.id));
    // The merchants two hops out, and the nodes between them and A1 (which ones depends on the search).
    expect(
      merchants.nodes.filter((node) => node.data.type === 'Merchant').map((node) => node.data.id),
    ).toEqual(expect.arrayContaining(['Merchant:M1', 'Merchant:M2']));
    for (const edge of merchants.edges) {
      expect(returned.has(edge.data.source) && returned.has(edge.data.target)).toBe(true);
    }
    const none = await execute(yoga, NEIGHBORHOOD, { id: 'nothing' });
    expect(dataOf(none.body).neighborhood).toBeNull();
    const tooFar = await execute(yoga, NEIGHBORHOOD, { id: 'A1', hops: 4 });
    expect(codes(tooFar.body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('path', () => {
  const PATH = /* GraphQL */ `
    query ($from: ID!, $to: ID!, $maxHops: Int) {
      path(from: $from, to: $to, maxHops: $maxHops) {
        length
        nodes { data { id hop } }
        edges { data { source target type } }
      }
    }
  `;
  type PathResult = {
    length: number;
    nodes: { data: { id: string; hop: number } }[];
    edges: { data: { source: string; target: string } }[];
  } | null;

  it('finds the shortest connection between two entities within maxHops', async () => {
    const { body } = await execute(yoga, PATH, { from: 'A1', to: 'A3' });
    const found = dataOf(body).path as PathResult;
    expect(found?.length).toBe(2);
    expect(found?.nodes.map((node) => node.data.hop)).toEqual([0, 1, 2]);
    expect(found?.nodes[0]?.data.id).toBe('Account:A1');
    expect(found?.nodes[2]?.data.id).toBe('Account:A3');
    expect(found?.edges).toHaveLength(2);
    const near = await execute(yoga, PATH, { from: 'A1', to: 'A3', maxHops: 1 });
    expect(dataOf(near.body).path).toBeNull();
    const unknown = await execute(yoga, PATH, { from: 'A1', to: 'nothing' });
    expect(dataOf(unknown.body).path).toBeNull();
    const tooFar = await execute(yoga, PATH, { from: 'A1', to: 'A3', maxHops: 7 });
    expect(codes(tooFar.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers a zero-length path of the one node from an entity to itself', async () => {
    const self = await execute(yoga, PATH, { from: 'A1', to: 'A1', maxHops: 1 });
    expect(dataOf(self.body).path).toEqual({
      length: 0,
      nodes: [{ data: { id: 'Account:A1', hop: 0 } }],
      edges: [],
    });
    const ring = await execute(yoga, PATH, { from: ringIds[0], to: ringIds[0] });
    expect(dataOf(ring.body).path).toEqual({
      length: 0,
      nodes: [{ data: { id: `Ring:${ringIds[0]}`, hop: 0 } }],
      edges: [],
    });
    const unknown = await execute(yoga, PATH, { from: 'nothing', to: 'nothing' });
    expect(dataOf(unknown.body).path).toBeNull();
  });
});

describe('authentication and roles', () => {
  const summary = /* GraphQL */ `{ rings(first: 1) { edges { node { id score status } } } }`;

  it('answers UNAUTHENTICATED (401) without a key, with an unknown key or with an empty Bearer header', async () => {
    const missing = await execute(yoga, summary, {}, null);
    expect(missing.status).toBe(401);
    expect(codes(missing.body)).toEqual(['UNAUTHENTICATED']);
    expect(missing.body.data).toBeUndefined();
    const wrong = await execute(yoga, summary, {}, null, {
      authorization: 'Bearer not-a-key-at-all-00',
    });
    expect(wrong.status).toBe(401);
    expect(codes(wrong.body)).toEqual(['UNAUTHENTICATED']);
    const empty = await execute(yoga, summary, {}, null, { authorization: 'Bearer' });
    expect(empty.status).toBe(401);
    expect(codes(empty.body)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers over a real HTTP socket too', async () => {
    await overSocket(async (port) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.service}` },
        body: JSON.stringify({ query: '{ ringMembership(accountIds: ["A2"]) { id found } }' }),
      });
      expect(await response.json()).toEqual({
        data: { ringMembership: [{ id: 'A2', found: true }] },
      });
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    });
  });

  it('serves /health without a key', async () => {
    const response = await yoga.fetch('http://yoga/health');
    expect(response.status).toBe(200);
  });

  it('lets service read membership and ring summaries but nothing else', async () => {
    expect((await execute(yoga, summary, {}, 'service')).body.errors).toBeUndefined();
    const forbidden = [
      '{ account(id: "A1") { id } }',
      '{ merchant(id: "M1") { id } }',
      '{ node(id: "A1") { id } }',
      '{ auditLog(targetId: "A1") { id } }',
      '{ search(text: "A") { id } }',
      '{ neighborhood(id: "A1") { truncated } }',
      '{ path(from: "A1", to: "A2") { length } }',
      '{ rings(first: 1) { edges { node { members { id } } } } }',
      '{ rings(first: 1) { edges { node { reasons { text } } } } }',
      'mutation { addNote(targetId: "A1", text: "x") { id } }',
      'mutation { setRingStatus(id: "R-x", status: OPEN) { id } }',
    ];
    for (const query of forbidden) {
      const { body } = await execute(yoga, query, {}, 'service');
      expect(codes(body), query).toEqual(['FORBIDDEN']);
    }
  });

  it('lets analyst read everything but not write', async () => {
    const read = await execute(yoga, '{ account(id: "A1") { id rings { role } } }', {}, 'analyst');
    expect(read.body.errors).toBeUndefined();
    const write = await execute(
      yoga,
      'mutation { addNote(targetId: "A1", text: "x") { id } }',
      {},
      'analyst',
    );
    expect(codes(write.body)).toEqual(['FORBIDDEN']);
    expect(write.body.errors?.[0]?.message).toBe('The analyst role may not read Mutation.addNote.');
  });
});

describe('safety', () => {
  it('keeps injection attempts in string arguments literal', async () => {
    const attacks = ["A1' OR 1=1 //", 'A1"}) MATCH (n) DETACH DELETE n //', '`A1` RETURN 1', '$id'];
    for (const id of attacks) {
      const { body } = await execute(
        yoga,
        /* GraphQL */ `query ($id: ID!, $text: String!) { account(id: $id) { id } merchant(id: $id) { id } node(id: $id) { id }
          ring(id: $id) { id } ringMembership(accountIds: [$id]) { id found } auditLog(targetId: $id) { id }
          search(text: $text) { id } neighborhood(id: $id) { truncated } }`,
        { id, text: id },
      );
      expect(dataOf(body)).toEqual({
        account: null,
        merchant: null,
        node: null,
        ring: null,
        ringMembership: [{ id, found: false }],
        auditLog: [],
        search: [],
        neighborhood: null,
      });
    }
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    for (const id of [...attacks, base64('OffsetConnection:0 MATCH (n) DETACH DELETE n')]) {
      const reads = await execute(
        yoga,
        /* GraphQL */ `query ($id: ID!) { merchantMembership(merchantIds: [$id]) { id found }
          from: path(from: $id, to: "A1") { length } to: path(from: "A1", to: $id) { length } }`,
        { id },
      );
      expect(dataOf(reads.body)).toEqual({
        merchantMembership: [{ id, found: false }],
        from: null,
        to: null,
      });
      const cursors = [
        ['query ($c: String) { rings(first: 1, after: $c) { totalCount } }', {}],
        ['query ($c: String) { rings(last: 1, before: $c) { totalCount } }', {}],
        [
          'query ($c: String, $r: ID!) { ring(id: $r) { orders(first: 1, after: $c) { edges { cursor } } } }',
          { r: ringIds[0] },
        ],
        ['query ($c: ID) { auditLog(targetId: "M1", before: $c) { id } }', {}],
      ] as const;
      for (const [query, variables] of cursors) {
        const { body } = await execute(yoga, query, { c: id, ...variables });
        expect(codes(body), `${query} ${id}`).toEqual(['BAD_USER_INPUT']);
      }
      const status = await execute(
        yoga,
        /* GraphQL */ `mutation ($id: ID!, $note: String) { setRingStatus(id: $id, status: DISMISSED, note: $note) { id } }`,
        { id, note: id },
      );
      expect(codes(status.body)).toEqual(['NOT_FOUND']);
      const target = await execute(
        yoga,
        /* GraphQL */ `mutation ($id: ID!) { addNote(targetId: $id, text: "x") { id } }`,
        { id },
      );
      expect(codes(target.body)).toEqual(['NOT_FOUND']);
    }
    const ring = ringIds[1] as string;
    const verdict = await execute(
      yoga,
      /* GraphQL */ `mutation ($id: ID!, $note: String) { setRingStatus(id: $id, status: OPEN, note: $note) { id status } }`,
      { id: ring, note: attacks[1] },
    );
    expect(dataOf(verdict.body).setRingStatus).toEqual({ id: ring, status: 'OPEN' });
    const log = await execute(yoga, 'query ($id: ID!) { auditLog(targetId: $id) { text } }', {
      id: ring,
    });
    expect(dataOf(log.body).auditLog).toContainEqual({ text: attacks[1] });
    const text = "x'}) WITH 1 AS x MATCH (n) DETACH DELETE n //";
    const note = await execute(
      yoga,
      /* GraphQL */ `mutation ($text: String!) { addNote(targetId: "A2", text: $text) { text } }`,
      { text },
    );
    expect(dataOf(note.body).addNote).toEqual({ text });
    const still = await execute(
      yoga,
      '{ account(id: "A2") { id } merchant(id: "M1") { id } rings { totalCount } }',
    );
    expect(dataOf(still.body)).toEqual({
      account: { id: 'A2' },
      merchant: { id: 'M1' },
      rings: { totalCount: 3 },
    });
  });

  it('rejects documents past the depth limit and too many aliases', async () => {
    let deep = 'id';
    for (let i = 0; i < 8; i += 1) deep = `rings { ring { ${deep} } }`;
    const tooDeep = await execute(yoga, `{ account(id: "A1") { ${deep} } }`);
    expect(tooDeep.status).toBe(400);
    expect(codes(tooDeep.body)[0]).toBe('BAD_USER_INPUT');
    expect(tooDeep.body.errors?.[0]?.message).toMatch(/depth/i);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: ring(id: "R") { id }`).join(' ');
    const tooWide = await execute(yoga, `{ ${aliases} }`);
    expect(codes(tooWide.body)[0]).toBe('BAD_USER_INPUT');
    expect(tooWide.status).toBe(400);
    expect(tooWide.body.errors?.[0]?.message).toBe('Aliases limit of 15 exceeded, found 20.');
  });

  it('answers the full ring-detail document and refuses a page of pages by cost', async () => {
    const full = await execute(
      yoga,
      /* GraphQL */ `query ($id: ID!) { ring(id: $id) { id score flagged status active size exposure
        orderCount firstOrderAt lastOrderAt detectorVersion
        members { id type role risk reasons { kind text weight evidence } }
        reasons { kind text weight evidence }
        orders(first: 100) {
          edges { cursor node { id accountId merchantId createdAt amount paymentMethod status repaymentStatus } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
        timeline { day repaymentStatus orders amount } } }`,
      { id: ringIds[0] },
    );
    expect(full.status).toBe(200);
    const ring = dataOf(full.body).ring as {
      members: { reasons: unknown[] }[];
      orders: { edges: { cursor: string; node: { id: string } }[] };
      timeline: unknown[];
    };
    expect(ring.members).toHaveLength(4);
    expect(ring.members[0]?.reasons).toHaveLength(1);
    expect(ring.orders.edges.map((edge) => edge.node.id)).toEqual(['O1', 'O2']);
    expect(ring.timeline).toHaveLength(2);
    const abusive = await execute(
      yoga,
      /* GraphQL */ `{ rings(first: 100) { edges { node { id
        orders(first: 100) { edges { node { id amount status repaymentStatus } } } } } } }`,
    );
    expect(abusive.status).toBe(400);
    expect(codes(abusive.body)).toEqual(['BAD_USER_INPUT']);
    expect(abusive.body.errors?.[0]?.message).toMatch(
      new RegExp(`^Query Cost limit of ${LIMITS.cost} exceeded, found \\d+`),
    );
    expect(abusive.body.data).toBeUndefined();
  });

  it('prices page sizes given as variables like literal ones, before anything runs', async () => {
    const pageOfPages = /* GraphQL */ `query ($rings: Int, $orders: Int) { rings(first: $rings) {
      edges { node { id orders(first: $orders) { edges { node { id amount } } } } } } }`;
    const abusive = await execute(yoga, pageOfPages, { rings: 100, orders: 100 });
    expect(abusive.status).toBe(400);
    expect(codes(abusive.body)).toEqual(['BAD_USER_INPUT']);
    expect(abusive.body.errors?.[0]?.message).toMatch(
      new RegExp(`^Query Cost limit of ${LIMITS.cost} exceeded, found \\d+`),
    );
    expect(abusive.body.data).toBeUndefined();
    const modest = await execute(yoga, pageOfPages, { rings: 3, orders: 2 });
    expect(modest.status).toBe(200);
    expect((dataOf(modest.body).rings as { edges: unknown[] }).edges).toHaveLength(3);
    // A variable's default is the page size it asks for when the request leaves it out.
    const defaulted = await execute(
      yoga,
      /* GraphQL */ `query ($n: Int = 100) { rings(first: $n) {
        edges { node { id orders(first: $n) { edges { node { id amount } } } } } } }`,
    );
    expect(defaulted.status).toBe(400);
    expect(codes(defaulted.body)).toEqual(['BAD_USER_INPUT']);
    // Only the operation that runs is priced, not another one of the same document.
    const twoOperations = `query Cheap { rings(first: 1) { edges { node { id } } } }
      ${pageOfPages.replace('query (', 'query Dear (')}`;
    const cheap = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.investigator}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        query: twoOperations,
        operationName: 'Cheap',
        variables: { rings: 100, orders: 100 },
      }),
    });
    expect(cheap.status).toBe(200);
    expect(((await cheap.json()) as GraphQLBody).errors).toBeUndefined();
  });

  it('counts the 1,000 membership ids per request, across aliases and both membership fields', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => `X${i}`);
    const twice = await execute(
      yoga,
      /* GraphQL */ `query ($ids: [ID!]!) { a: ringMembership(accountIds: $ids) { found }
        b: merchantMembership(merchantIds: $ids) { found } }`,
      { ids },
      'service',
    );
    expect(codes(twice.body)).toEqual(['BAD_USER_INPUT']);
    expect(twice.body.errors?.[0]?.message).toMatch(
      /at most 1000 ids per request .* asks for 1200/,
    );
    expect(twice.body.data).toBeNull();
    const split = await execute(
      yoga,
      /* GraphQL */ `query ($a: [ID!]!, $b: [ID!]!) { a: ringMembership(accountIds: $a) { found }
        b: ringMembership(accountIds: $b) { found } }`,
      { a: ids.slice(0, 500), b: ids.slice(0, 500) },
      'service',
    );
    expect(dataOf(split.body).b).toHaveLength(500);
  });

  it('answers a body that is not JSON with 415 and a JSON error saying what to send', async () => {
    for (const contentType of ['text/plain', undefined]) {
      const response = await yoga.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${KEYS.service}`,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        body: JSON.stringify({ query: '{ rings { totalCount } }' }),
      });
      expect(response.status).toBe(415);
      const body = (await response.json()) as GraphQLBody;
      expect(codes(body)).toEqual(['BAD_REQUEST']);
      expect(body.errors?.[0]?.message).toMatch(/Content-Type: application\/json/);
    }
  });

  it('refuses bodies over LIMITS.bodyBytes (413) and bodies without a Content-Length (411)', async () => {
    const post = (port: number, chunks: string[], length?: number) =>
      new Promise<{ status: number; body: GraphQLBody }>((resolve, reject) => {
        const request = http.request({
          port,
          host: '127.0.0.1',
          path: '/graphql',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${KEYS.service}`,
            // Without a length, node:http sends the chunks with Transfer-Encoding: chunked.
            ...(length === undefined ? {} : { 'content-length': length }),
          },
        });
        request.on('error', reject);
        request.on('response', (response) => {
          let text = '';
          response.on('data', (chunk) => {
            text += chunk;
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as GraphQLBody }),
          );
        });
        for (const chunk of chunks) request.write(chunk);
        request.end();
      });
    await overSocket(async (port) => {
      const query = JSON.stringify({ query: '{ ringMembership(accountIds: ["A2"]) { found } }' });
      const padded = `${query}${' '.repeat(LIMITS.bodyBytes + 1 - query.length)}`;
      const tooLarge = await post(port, [padded], Buffer.byteLength(padded));
      expect(tooLarge.status).toBe(413);
      expect(codes(tooLarge.body)).toEqual(['BAD_USER_INPUT']);
      expect(tooLarge.body.errors?.[0]?.message).toMatch(/at most 1000000 are accepted/);
      const chunked = await post(port, [query.slice(0, 10), query.slice(10)]);
      expect(chunked.status).toBe(411);
      expect(chunked.body.errors?.[0]?.message).toMatch(/Content-Length/);
      const exact = await post(port, [query], Buffer.byteLength(query));
      expect(exact).toEqual({ status: 200, body: { data: { ringMembership: [{ found: true }] } } });
    });
  });

  it('masks unexpected errors: no stack trace, no Cypher, no file names', async () => {
    // A registry without cypher/api/: every resolver fails with an internal error.
    const testCypher = fileURLToPath(new URL('../cypher/', import.meta.url));
    const crippled = new Db(testConnection(), { queries: new QueryRegistry([testCypher]) });
    try {
      const { body } = await execute(createTestServer(crippled), '{ account(id: "A1") { id } }');
      expect(body.errors).toEqual([
        {
          message: 'Unexpected error.',
          locations: [{ line: 1, column: 3 }],
          path: ['account'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      expect(JSON.stringify(body)).not.toMatch(/cypher|stack|MATCH/i);
    } finally {
      await crippled.close();
    }
  });

  it('gives variable errors and malformed cursors BAD_USER_INPUT, no stack or Cypher', async () => {
    const enumValue = await execute(yoga, RINGS_PAGE, { first: 1, status: 'NOPE' });
    const nullId = await execute(yoga, MEMBERSHIP, { ids: ['A1', null] }, 'service');
    const missing = await execute(yoga, MEMBERSHIP, {}, 'service');
    const wrongType = await execute(yoga, RINGS_PAGE, { first: 'ten' });
    for (const { status, body } of [enumValue, nullId, missing, wrongType]) {
      expect(status).toBe(400);
      expect(codes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.data).toBeUndefined();
    }
    expect(nullId.body.errors?.[0]?.message).toMatch(
      /"\$ids" got invalid value null at "ids\[1\]"/,
    );
    const cursor = await execute(yoga, '{ rings(first: 1, after: "garbage") { totalCount } }');
    expect(cursor.body.errors).toEqual([
      {
        message:
          'after: "garbage" is not a cursor of this list; pass back an edge\'s `cursor` or `pageInfo.endCursor` unchanged.',
        locations: [{ line: 1, column: 3 }],
        path: ['rings'],
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
    for (const { body } of [enumValue, nullId, missing, wrongType, cursor]) {
      expect(JSON.stringify(body)).not.toMatch(/stack|MATCH|\.ts\b|at [A-Za-z.]+ \(/);
    }
  });

  it('gives parse and validation errors a code', async () => {
    const invalid = await execute(yoga, '{ account(id: "A1") { nope } }');
    expect(codes(invalid.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const broken = await execute(yoga, '{ ring(id: 5 }');
    expect(codes(broken.body)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });
});

describe('ids as long as the loader takes', () => {
  it("opens an account whose id has the loader's 1,000 characters, and refuses one character more", async () => {
    const id = `L${'x'.repeat(MAX_KEY_CHARS - 1)}`;
    const dir = path.join(tmp, 'long-id');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'accounts.csv'),
      `account_id,created_at,phone\n${id},2026-01-05T10:00:00+08:00,13800000099\n`,
    );
    const load = await loadDirectory(db, dir, { batchSize: 10, interactive: false });
    expect(load.rejectsFile).toBeUndefined();
    const { body } = await execute(
      yoga,
      /* GraphQL */ `query ($id: ID!) {
        account(id: $id) { id }
        node(id: $id) { __typename }
        neighborhood(id: $id) { nodes { data { type } } }
        auditLog(targetId: $id) { id }
      }`,
      { id },
    );
    expect(dataOf(body)).toEqual({
      account: { id },
      node: { __typename: 'Account' },
      neighborhood: { nodes: [{ data: { type: 'Account' } }, { data: { type: 'Phone' } }] },
      auditLog: [],
    });
    const longer = await execute(yoga, 'query ($id: ID!) { account(id: $id) { id } }', {
      id: `${id}x`,
    });
    expect(codes(longer.body)).toEqual(['BAD_USER_INPUT']);
  });
});
