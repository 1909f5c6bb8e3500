import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../../server/detect/evaluate.ts';
import {
  defineQuery,
  libraryQueries,
  type QueryRuntime,
  type SavedQuery,
} from '../../server/queries/library.ts';
import { checkParams } from '../../server/queries/params.ts';
import { type QueryResult, runQuery, runSavedQuery } from '../../server/queries/run-query.ts';
import { promoteQuery, type SaveQueryInput, saveQuery } from '../../server/queries/save.ts';
import { codes, createTestServer, execute, type GraphQLBody } from '../helpers/api.ts';
import { loadGeneratedMarketplace } from '../helpers/marketplace.ts';
import { openTestDb, testEnv } from '../helpers/neo4j.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const db = openTestDb();
const yoga = createTestServer(db);
const runtime: QueryRuntime = { db, timeoutMs: 60_000, rowLimit: 5000 };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-saved-'));
let truth: Truth;

const library = libraryQueries(db.queries);
const ringOf = (kind: string) => truth.rings.filter((ring) => ring.kind === kind);

/** Rows as objects keyed by column. */
function records(result: QueryResult): Record<string, unknown>[] {
  return result.rows.map((row) =>
    Object.fromEntries(result.columns.map((column, index) => [column, row[index]])),
  );
}

async function run(name: string, params: Record<string, unknown> = {}) {
  return records(await runSavedQuery(runtime, name, params));
}

async function nodeCount(): Promise<number> {
  const [row] = await db.read<{ nodes: number }>('stats/node-count');
  return row?.nodes ?? 0;
}

/** A query made on the spot (not in the library), to run through the same runner. */
function adhoc(name: string, cypher: string, params = ''): SavedQuery {
  return defineQuery(
    name,
    `// title: ${name}\n// name: ${name}\n// description: test query\n// returns: table\n${params}\n${cypher}`,
    { source: 'user', version: 1, author: 'test', updatedAt: null },
  );
}

async function failure(work: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await work();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the work to fail');
}

beforeAll(async () => {
  ({ truth } = await loadGeneratedMarketplace(db, tmp, { accounts: 2000, seed: 5 }));
}, 300_000);

afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the query library on a generated marketplace (2,000 accounts, seed 5)', () => {
  it('runs every library query with its defaults in a read transaction, within the limits', async () => {
    const [ring] = await db
      .readText(
        'MATCH (r:Ring {flagged: true})<-[:MEMBER_OF]-(m:Merchant) MATCH (r)<-[:MEMBER_OF]-(a:Account) RETURN r.id AS ring, m.id AS merchant, a.id AS account LIMIT 1',
        {},
        { timeoutMs: 10_000, maxRows: 1 },
      )
      .then((result) => result.rows);
    const required: Record<string, unknown> = {
      account_id: ring?.account,
      merchant_id: ring?.merchant,
      ring_id: ring?.ring,
    };
    for (const query of library) {
      const given = Object.fromEntries(
        query.parameters.filter((p) => p.required).map((p) => [p.name, required[p.name]]),
      );
      const result = await runSavedQuery(runtime, query.name, given);
      expect(result.columns.length, query.name).toBeGreaterThan(0);
      expect(result.truncated, query.name).toBe(false);
      if (query.returns === 'graph')
        expect(result.graph?.nodes.length, query.name).toBeGreaterThan(1);
    }
  });

  it('top-rings-by-exposure: flagged active rings, highest exposure first, capped by $limit', async () => {
    const rows = await run('top-rings-by-exposure', { limit: 5 });
    const [flagged] = await db
      .readText(
        'MATCH (r:Ring {active: true, flagged: true}) RETURN count(r) AS n',
        {},
        { timeoutMs: 10_000, maxRows: 1 },
      )
      .then((result) => result.rows);
    expect(rows.length).toBe(Math.min(5, Number(flagged?.n)));
    const exposures = rows.map((row) => row.exposure as number);
    expect(exposures).toEqual([...exposures].sort((a, b) => b - a));
    expect(rows.every((row) => row.flagged === true)).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
    const ringShops = new Set(truth.rings.flatMap((ring) => ring.merchants));
    expect(rows.some((row) => (row.merchants as string[]).some((m) => ringShops.has(m)))).toBe(
      true,
    );
  });

  it('ring-evidence-graph: a planted ring’s members and the identifiers they share', async () => {
    const [top] = await run('top-rings-by-exposure', { limit: 1 });
    if (!top) throw new Error('top-rings-by-exposure returned no ring');
    const graph = (await runSavedQuery(runtime, 'ring-evidence-graph', { ring_id: top.ring_id }))
      .graph;
    const nodes = graph?.nodes ?? [];
    const accounts = nodes.filter((node) => node.type === 'Account').map((node) => node.entityId);
    const planted = truth.rings.find((ring) => ring.accounts.some((id) => accounts.includes(id)));
    expect(planted, `ring ${top.ring_id}`).toBeDefined();
    const found = planted?.accounts.filter((id) => accounts.includes(id)) ?? [];
    expect(found.length).toBeGreaterThanOrEqual((planted?.accounts.length ?? 0) / 2);
    for (const merchant of top.merchants as string[]) {
      expect(nodes.some((node) => node.type === 'Merchant' && node.entityId === merchant)).toBe(
        true,
      );
    }
    const shared = nodes.filter((node) => !['Account', 'Merchant', 'Ring'].includes(node.type));
    expect(shared.length).toBeGreaterThan(0);
    expect(graph?.edges.length).toBeGreaterThan(accounts.length);
  });

  it('accounts-sharing-back-office: finds the device-farm buyers behind their shop', async () => {
    for (const ring of ringOf('device_farm')) {
      const [merchant] = ring.merchants;
      const rows = await run('accounts-sharing-back-office', { merchant_id: merchant });
      const found = new Set(rows.map((row) => row.account_id));
      const hits = ring.accounts.filter((id) => found.has(id)).length;
      expect(hits, `ring ${ring.ring_id}`).toBeGreaterThanOrEqual(ring.accounts.length / 2);
    }
  });

  it('tracking-numbers-reused and addresses-many-unrelated-accounts: show drop-address rings', async () => {
    const tracking = await run('tracking-numbers-reused', { min_accounts: 2 });
    expect(tracking.every((row) => (row.order_count as number) >= 2)).toBe(true);
    const reusers = new Set(tracking.flatMap((row) => row.accounts as string[]));
    const addresses = await run('addresses-many-unrelated-accounts', { min_accounts: 4 });
    const droppers = new Set(addresses.flatMap((row) => row.unrelated_accounts as string[]));
    for (const ring of ringOf('drop_address')) {
      expect(
        ring.accounts.some((id) => reusers.has(id)),
        `ring ${ring.ring_id}`,
      ).toBe(true);
      expect(
        ring.accounts.some((id) => droppers.has(id)),
        `ring ${ring.ring_id}`,
      ).toBe(true);
    }
  });

  it('identities-shared-owner-buyers: the insider ring owner buys at his own shop', async () => {
    const rows = await run('identities-shared-owner-buyers', { own_shop_only: true });
    for (const ring of ringOf('merchant_insider')) {
      const members = new Set(ring.accounts);
      const row = rows.find(
        (r) =>
          ring.merchants.includes(r.merchant_id as string) && members.has(r.account_id as string),
      );
      expect(row, `ring ${ring.ring_id}`).toBeDefined();
      expect(row?.orders_here).toBeGreaterThan(0);
    }
  });

  it('rings-touching-merchant: a ring merchant is a member of the ring its buyers form', async () => {
    const ring = ringOf('device_farm')[0];
    const merchant = ring?.merchants[0] as string;
    const rows = await run('rings-touching-merchant', { merchant_id: merchant });
    const own = rows.filter((row) => row.merchant_is_member);
    expect(own.length).toBeGreaterThan(0);
    expect(own[0]?.members_buying_here).toBeGreaterThan(0);
  });

  it('bnpl-bursts-linked-accounts: the largest bursts are a planted ring’s buyers', async () => {
    const rows = await run('bnpl-bursts-linked-accounts', { days: 365, limit: 5 });
    expect(rows.length).toBeGreaterThan(0);
    const ringAccounts = new Set(truth.rings.flatMap((ring) => ring.accounts));
    for (const row of rows) {
      const accounts = row.accounts as string[];
      expect(accounts.length).toBeGreaterThanOrEqual(3);
      const inRings = accounts.filter((id) => ringAccounts.has(id)).length;
      expect(inRings / accounts.length).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('merchants-defaulter-concentration: lifts meet the threshold and ring shops lead', async () => {
    const rows = await run('merchants-defaulter-concentration', { min_lift: 2 });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => (row.lift as number) >= 2)).toBe(true);
    const ringShops = new Set(truth.rings.flatMap((ring) => ring.merchants));
    expect(ringShops.has(rows[0]?.merchant_id as string)).toBe(true);
  });

  it('window queries honour their thresholds: share jump, near-limit orders, large first orders', async () => {
    const jumps = await run('merchants-bnpl-share-jump', { days: 30, min_jump: 0.2 });
    expect(jumps.length).toBeGreaterThan(0);
    for (const row of jumps) {
      const jump = (row.recent_bnpl_share as number) - (row.baseline_bnpl_share as number);
      expect(row.jump as number).toBeGreaterThanOrEqual(0.2);
      expect(Math.abs(jump - (row.jump as number))).toBeLessThan(0.002);
    }
    const nearLimit = await run('bnpl-near-limit-young-merchants', { days: 365 });
    expect(nearLimit.length).toBeGreaterThan(0);
    for (const row of nearLimit) {
      expect(row.limit_share as number).toBeGreaterThanOrEqual(0.9);
      expect(row.merchant_age_days as number).toBeLessThan(60);
    }
    const firsts = await run('new-accounts-large-first-bnpl', { days: 365 });
    expect(firsts.length).toBeGreaterThan(0);
    for (const row of firsts) {
      expect(row.limit_share as number).toBeGreaterThanOrEqual(0.8);
      expect(row.hours_after_signup as number).toBeLessThanOrEqual(7 * 24);
    }
  });

  it('account-neighbourhood: a graph around the account that grows with $hops', async () => {
    const account = ringOf('device_farm')[0]?.accounts[0] as string;
    const one = await runSavedQuery(runtime, 'account-neighbourhood', {
      account_id: account,
      hops: 1,
    });
    const two = await runSavedQuery(runtime, 'account-neighbourhood', {
      account_id: account,
      hops: 2,
    });
    const ids = (result: QueryResult) =>
      new Set(result.graph?.nodes.map((node) => `${node.type}:${node.entityId}`));
    expect(ids(one).has(`Account:${account}`)).toBe(true);
    expect([...ids(one)].some((id) => id.startsWith('Order:'))).toBe(true);
    expect(ids(two).size).toBeGreaterThan(ids(one).size);
    const edges = one.graph?.edges ?? [];
    expect(edges.length).toBeGreaterThan(0);
    for (const edge of edges) {
      expect(ids(one).has(`${edge.sourceType}:${edge.sourceId}`)).toBe(true);
      expect(ids(one).has(`${edge.targetType}:${edge.targetId}`)).toBe(true);
    }
  });
});

describe('results holding paths', () => {
  it('draw a returned path like its nodes and relationships returned apart, and name its ends in the table', async () => {
    const account = ringOf('device_farm')[0]?.accounts[0] as string;
    const params = "// param: $account_id string - the account's id";
    const match =
      'MATCH p = (a:Account {id: $account_id})-[r:PLACED]->(o:Order) WITH p, a, r, o ORDER BY o.id LIMIT 3';
    const asPath = await runQuery(runtime, adhoc('as-path', `${match} RETURN p`, params), {
      account_id: account,
    });
    const apart = await runQuery(runtime, adhoc('apart', `${match} RETURN a, r, o`, params), {
      account_id: account,
    });
    expect(asPath.graph?.nodes.length).toBe(4);
    expect(asPath.graph).toEqual(apart.graph);
    const [path] = asPath.rows[0] as [{ type: string; id?: string; source?: string }[]];
    expect(path.map((element) => element.type)).toEqual(['Account', 'PLACED', 'Order']);
    expect(path[1]?.source).toBe(`Account:${account}`);
  });
});

describe('ringscope query', () => {
  const cli = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['server/cli/bin.mjs', 'query', ...args], {
      cwd: ROOT,
      env: testEnv(),
    });

  it('runs a query with --param values to JSON, and shows a query for Neo4j Browser', async () => {
    const { stdout, stderr } = await cli(
      'top-rings-by-exposure',
      '--param',
      'limit=2',
      '--param',
      'flagged_only=false',
      '--format',
      'json',
    );
    const printed = JSON.parse(stdout) as { columns: string[]; rows: { ring_id: string }[] };
    expect(printed.columns[0]).toBe('ring_id');
    expect(printed.rows.length).toBe(2);
    expect(stderr).toContain('2 rows in');
    const shown = await cli('show', 'rings-touching-merchant');
    expect(shown.stdout).toContain(':params {merchant_id: null, active_only: true}');
    expect(shown.stdout).toContain('// name: rings-touching-merchant');
  });

  it('names the parameter and what it expects when a value is wrong', async () => {
    const error = await failure(() => cli('top-rings-by-exposure', '--param', 'limit=lots'));
    expect((error as Error & { stderr: string }).stderr).toContain(
      'Query top-rings-by-exposure: parameter $limit expects an integer in 1..1000; got "lots".',
    );
  });
});

describe('saved-query safety', () => {
  it.each([
    ['a CREATE', 'CREATE (n:Hacked {id: 1}) RETURN n'],
    ['a MERGE', "MERGE (n:Account {id: 'HACKED'}) RETURN n"],
    ['a SET', "MATCH (r:Ring) SET r.status = 'dismissed' RETURN count(r)"],
    ['a DELETE', 'MATCH (n:Order) DETACH DELETE n RETURN count(*)'],
    [
      'a write procedure',
      'MATCH (n:Order) WITH collect(n)[..1] AS ns CALL apoc.nodes.delete(ns, 1) YIELD value RETURN value',
    ],
  ])(
    '%s is refused by the database, the graph unchanged, the error naming the query',
    async (_what, cypher) => {
      const before = await nodeCount();
      const error = await failure(() => runQuery(runtime, adhoc('sneaky-write', cypher), {}));
      expect(error.code).toBe('QUERY_WRITE_REFUSED');
      expect(error.message).toContain('Query sneaky-write');
      expect(await nodeCount()).toBe(before);
    },
  );

  it('a stored query with a write is refused when it runs, naming it (the store was tampered with)', async () => {
    const text = adhoc('tampered', 'MATCH (a:Account) SET a.bnpl_limit = 0 RETURN count(a)').text;
    await db.write('saved/save-query', { name: 'tampered', text, author: 'mallory' });
    const error = await failure(() => runSavedQuery(runtime, 'tampered', {}));
    expect(error.code).toBe('QUERY_WRITE_REFUSED');
    expect(error.message).toContain('Query tampered');
    const [changed] = await db
      .readText(
        'MATCH (a:Account {bnpl_limit: 0}) RETURN count(a) AS n',
        {},
        { timeoutMs: 10_000, maxRows: 1 },
      )
      .then((result) => result.rows);
    expect(changed?.n).toBe(0);
  });

  it('clauses a read transaction would let through are refused before Neo4j sees them', async () => {
    // SHOW TRANSACTIONS runs in a read transaction and would list other users' queries.
    for (const cypher of [
      'SHOW TRANSACTIONS YIELD transactionId RETURN transactionId',
      "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
      "CALL apoc.create.node(['Hacked'], {}) YIELD node RETURN node",
    ]) {
      const text = adhoc('sneaky-read', 'RETURN 1').text.replace('RETURN 1', cypher);
      await db.write('saved/save-query', { name: 'sneaky-read', text, author: 'mallory' });
      const error = await failure(() => runSavedQuery(runtime, 'sneaky-read', {}));
      expect(error.code).toBe('QUERY_INVALID');
      expect(error.message).toContain('Query sneaky-read: saved queries may not use');
    }
  });

  it.each([
    [
      'a backtick-quoted apoc.cypher.runTimeboxed write',
      "CALL `apoc`.`cypher`.`runTimeboxed`('MATCH (n) DETACH DELETE n', {}, 5000) YIELD value RETURN value",
    ],
    ['apoc.load.json', "CALL apoc.load.json('http://127.0.0.1:9/x.json') YIELD value RETURN value"],
    [
      'a function running Cypher text',
      "RETURN apoc.cypher.runFirstColumnMany('MATCH (n) DETACH DELETE n RETURN 1', {}) AS x",
    ],
  ])('%s is refused on save and when stored, the graph unchanged', async (_what, cypher) => {
    const before = await nodeCount();
    const saved = await failure(() =>
      saveQuery(runtime, { ...INPUT, name: 'procedure-escape', parameters: [], cypher }, 'mallory'),
    );
    expect(saved.code).toBe('QUERY_INVALID');
    expect(saved.message).toContain('Query procedure-escape: saved queries may not use');
    expect(await nodeCount()).toBe(before);
    // Stored behind the validation's back (a tampered store): refused when it runs.
    const text = adhoc('procedure-escape', 'RETURN 1').text.replace('RETURN 1', cypher);
    await db.write('saved/save-query', { name: 'procedure-escape', text, author: 'mallory' });
    const stored = await nodeCount();
    const ran = await failure(() => runSavedQuery(runtime, 'procedure-escape', {}));
    expect(ran.code).toBe('QUERY_INVALID');
    expect(ran.message).toContain('Query procedure-escape: saved queries may not use');
    expect(await nodeCount()).toBe(stored);
    expect(before).toBeGreaterThan(1000);
  });

  it('an injection attempt through a string parameter stays a literal', async () => {
    const before = await nodeCount();
    const merchant = ringOf('device_farm')[0]?.merchants[0] as string;
    for (const attack of [
      `${merchant}'}) MATCH (n) DETACH DELETE n //`,
      `${merchant}" OR 1=1 //`,
      "x'}) RETURN 1 UNION MATCH (n) RETURN n //",
    ]) {
      expect(await run('rings-touching-merchant', { merchant_id: attack })).toEqual([]);
      expect(await run('accounts-sharing-back-office', { merchant_id: attack })).toEqual([]);
    }
    expect(
      (await run('rings-touching-merchant', { merchant_id: merchant })).length,
    ).toBeGreaterThan(0);
    expect(await nodeCount()).toBe(before);
  });

  it('a slow query is cut at its time limit and reported as a timeout naming it', async () => {
    const slow = adhoc(
      'cartesian',
      'MATCH (a:Order), (b:Order), (c:Order) WHERE a.amount + b.amount + c.amount < $x RETURN count(*)',
      '// param: $x float = -1 - never reached',
    );
    const started = Date.now();
    const error = await failure(() =>
      runQuery({ ...runtime, timeoutMs: 500 }, slow, checkParams(slow, {})),
    );
    expect(error.code).toBe('QUERY_TIMEOUT');
    expect(error.message).toContain('Query cartesian ran past its 500 ms time limit');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('stops at the row limit and says it truncated', async () => {
    const cut = await runSavedQuery(runtime, 'tracking-numbers-reused', {}, { rowLimit: 3 });
    expect(cut.rows.length).toBe(3);
    expect(cut.truncated).toBe(true);
    expect(cut.rowLimit).toBe(3);
    const whole = await runSavedQuery(runtime, 'tracking-numbers-reused', {});
    expect(whole.truncated).toBe(false);
    expect(whole.rows.length).toBeGreaterThan(3);
    expect(whole.rows.slice(0, 3)).toEqual(cut.rows);
  });

  it('refuses parameters of the wrong type or range before the query runs', async () => {
    const error = await failure(() =>
      runSavedQuery(runtime, 'top-rings-by-exposure', { limit: 100_000 }),
    );
    expect(error.message).toBe(
      'Query top-rings-by-exposure: parameter $limit expects an integer in 1..1000; got 100000.',
    );
    const oversized = await failure(() =>
      runSavedQuery(runtime, 'rings-touching-merchant', { merchant_id: 'M'.repeat(1001) }),
    );
    expect(oversized.message).toContain(
      'Query rings-touching-merchant: parameter $merchant_id expects a string ≤ 1000 characters long',
    );
  });

  it('an explicit null parameter runs with the default, not with null', async () => {
    const withNull = await runSavedQuery(runtime, 'top-rings-by-exposure', { limit: null });
    const withDefault = await runSavedQuery(runtime, 'top-rings-by-exposure', {});
    expect(withNull.rows).toEqual(withDefault.rows);
    expect(withNull.rows.length).toBeGreaterThan(0);
  });
});

const INPUT: SaveQueryInput = {
  name: 'big-bnpl-orders',
  title: 'Big BNPL orders of the data set',
  description: 'BNPL orders above an amount, largest first.',
  returns: 'table',
  tags: ['bnpl'],
  parameters: [
    {
      name: 'min_amount',
      type: 'float',
      description: 'smallest amount',
      default: 5000,
      required: false,
      min: 0,
    },
  ],
  cypher:
    "MATCH (a:Account)-[:PLACED]->(o:Order {payment_method: 'bnpl'}) WHERE o.amount >= $min_amount RETURN a.id AS account_id, o.id AS order_id, o.amount AS amount ORDER BY amount DESC",
};

describe('user-saved queries', () => {
  it('are validated, stored with author and versions, runnable and promotable to a file', async () => {
    const first = await saveQuery(runtime, INPUT, 'ann');
    expect(first).toMatchObject({
      name: 'big-bnpl-orders',
      source: 'user',
      version: 1,
      author: 'ann',
    });
    const second = await saveQuery(runtime, { ...INPUT, description: 'Second take.' }, 'bob');
    expect(second).toMatchObject({ version: 2, author: 'bob', description: 'Second take.' });
    const versions = await db.read<{ version: number; author: string }>('saved/query-versions', {
      name: 'big-bnpl-orders',
    });
    expect(versions.map((v) => [v.version, v.author])).toEqual([
      [2, 'bob'],
      [1, 'ann'],
    ]);
    const rows = await run('big-bnpl-orders', { min_amount: 8000 });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => (row.amount as number) >= 8000)).toBe(true);

    const file = await promoteQuery(runtime, 'big-bnpl-orders', tmp);
    const promoted = defineQuery('big-bnpl-orders', fs.readFileSync(file, 'utf8'), second);
    expect(promoted.parameters).toEqual(second.parameters);
    expect(promoted.body).toBe(INPUT.cypher);
    await expect(promoteQuery(runtime, 'big-bnpl-orders', tmp)).rejects.toThrow('already exists');
  });

  it.each([
    [
      'an undeclared $parameter',
      { cypher: `${INPUT.cypher} LIMIT $n` },
      'uses $n without declaring it',
    ],
    ['Cypher that does not parse', { cypher: 'MATCH (a RETURN a, $min_amount' }, 'failed in Neo4j'],
    [
      'a write',
      { cypher: 'CREATE (o:Order {amount: $min_amount}) RETURN o' },
      'would change the database',
    ],
    ['a library name', { name: 'top-rings-by-exposure' }, 'library file'],
    ['a bad name', { name: 'Big Orders' }, 'kebab-case'],
  ])('refuses %s, naming the query', async (_what, change, message) => {
    const error = await failure(() => saveQuery(runtime, { ...INPUT, ...change }, 'ann'));
    expect(error.message).toContain('Query ');
    expect(error.message).toContain(message);
  });
});

type Data<T> = GraphQLBody & { data: T };

describe('GraphQL: saved queries', () => {
  const RUN = /* GraphQL */ `query ($name: ID!, $params: JSON) {
    runSavedQuery(name: $name, params: $params) { name columns rows truncated rowLimit elapsedMs
      graph { nodes { data { id type } } edges { data { source target type } } } }
  }`;

  it('lists the library to analysts and investigators, not to services', async () => {
    const query =
      '{ savedQueries { name title returns source isRule parameters { name type default required min max } } }';
    const { body } = await execute(yoga, query, {}, 'analyst');
    const typed = body as Data<{ savedQueries: { name: string; isRule: boolean }[] }>;
    expect(typed.errors).toBeUndefined();
    expect(typed.data.savedQueries.map((q) => q.name)).toEqual(
      expect.arrayContaining(library.map((q) => q.name)),
    );
    expect((await execute(yoga, query, {}, 'investigator')).body.errors).toBeUndefined();
    expect(codes((await execute(yoga, query, {}, 'service')).body)).toEqual(['FORBIDDEN']);
  });

  it('runs a query for analysts only, with rows, columns and limits', async () => {
    const { body } = await execute(
      yoga,
      RUN,
      { name: 'top-rings-by-exposure', params: { limit: 2 } },
      'analyst',
    );
    const typed = body as Data<{
      runSavedQuery: { columns: string[]; rows: unknown[][]; rowLimit: number };
    }>;
    expect(typed.errors).toBeUndefined();
    expect(typed.data.runSavedQuery.columns[0]).toBe('ring_id');
    expect(typed.data.runSavedQuery.rows.length).toBe(2);
    expect(typed.data.runSavedQuery.rowLimit).toBe(1000);
    for (const role of ['investigator', 'service'] as const) {
      const denied = await execute(yoga, RUN, { name: 'top-rings-by-exposure' }, role);
      expect(codes(denied.body)).toEqual(['FORBIDDEN']);
    }
  });

  it('returns Cytoscape elements for graph queries', async () => {
    const account = ringOf('device_farm')[0]?.accounts[0] as string;
    const { body } = await execute(
      yoga,
      RUN,
      { name: 'account-neighbourhood', params: { account_id: account, hops: 1 } },
      'analyst',
    );
    const typed = body as Data<{ runSavedQuery: { graph: { nodes: { data: { id: string } }[] } } }>;
    expect(typed.errors).toBeUndefined();
    expect(typed.data.runSavedQuery.graph.nodes.map((n) => n.data.id)).toContain(
      `Account:${account}`,
    );
  });

  it('answers BAD_USER_INPUT naming the parameter, and NOT_FOUND for an unknown query', async () => {
    const bad = await execute(
      yoga,
      RUN,
      { name: 'top-rings-by-exposure', params: { limit: 'ten' } },
      'analyst',
    );
    expect(codes(bad.body)).toEqual(['BAD_USER_INPUT']);
    expect(bad.body.errors?.[0]?.message).toContain('parameter $limit expects an integer');
    const missing = await execute(yoga, RUN, { name: 'no-such-query' }, 'analyst');
    expect(codes(missing.body)).toEqual(['NOT_FOUND']);
  });

  it('saves a query for analysts (author = key name), refuses investigators', async () => {
    const SAVE = /* GraphQL */ `mutation ($input: SaveQueryInput!) {
      saveQuery(input: $input) { name version author source parameters { name type default } versions { version } }
    }`;
    const input = {
      ...INPUT,
      name: 'big-bnpl-orders-api',
      returns: 'TABLE',
      parameters: [{ ...INPUT.parameters?.[0], type: 'FLOAT' }],
    };
    const saved = await execute(yoga, SAVE, { input }, 'analyst');
    expect(saved.body.errors).toBeUndefined();
    expect((saved.body as Data<{ saveQuery: unknown }>).data.saveQuery).toEqual({
      name: 'big-bnpl-orders-api',
      version: 1,
      author: 'analyst-2',
      source: 'USER',
      parameters: [{ name: 'min_amount', type: 'FLOAT', default: 5000 }],
      versions: [{ version: 1 }],
    });
    const denied = await execute(yoga, SAVE, { input }, 'investigator');
    expect(codes(denied.body)).toEqual(['FORBIDDEN']);
    const invalid = await execute(
      yoga,
      SAVE,
      { input: { ...input, cypher: 'MATCH (n) DELETE n RETURN 1' } },
      'analyst',
    );
    expect(codes(invalid.body)).toEqual(['BAD_USER_INPUT']);
  });
});
