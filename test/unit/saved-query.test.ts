import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';
import { QueryRegistry } from '../../server/db/queries.ts';
import { Db } from '../../server/db/run.ts';
import { forbiddenClauses, usedParameters } from '../../server/queries/cypher-text.ts';
import { formatCsv, formatTable } from '../../server/queries/format.ts';
import { bodyOf, parseHeader, renderHeader } from '../../server/queries/header.ts';
import { createQueryRuntime, defineQuery, libraryQueries } from '../../server/queries/library.ts';
import { checkParams } from '../../server/queries/params.ts';
import { toCells, toGraph } from '../../server/queries/result.ts';
import { queryError } from '../../server/queries/run-query.ts';

const HEADER = `// title: Orders of one account in a window
// name: account-orders
// description: Every order the account placed,
//   newest first.
// returns: table
// tags: accounts, orders
// param: $account_id string - the account's id
// param: $limit integer = 50 range 1..500 - rows
// param: $min_amount float = 0 range 0.. - smallest amount
// param: $methods string_list = ["bnpl"] range 1..5 - payment methods
// param: $night boolean = false - only 00:00-06:00
// param: $since datetime = null - first order time; null: all

MATCH (a:Account {id: $account_id})-[:PLACED]->(o:Order)
WHERE o.amount >= $min_amount AND o.payment_method IN $methods
  AND ($since IS NULL OR o.created_at >= datetime($since))
  AND (NOT $night OR o.created_at.hour < 6)
RETURN o.id AS order_id ORDER BY o.created_at DESC LIMIT $limit
`;

const origin = { source: 'user', version: 1, author: 'ann', updatedAt: null } as const;

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('saved-query header', () => {
  it('parses name, title, continued description, returns, tags and typed parameters', () => {
    const header = parseHeader(HEADER, 'account-orders');
    expect(header).toMatchObject({
      name: 'account-orders',
      title: 'Orders of one account in a window',
      description: 'Every order the account placed, newest first.',
      returns: 'table',
      tags: ['accounts', 'orders'],
      rule: null,
    });
    expect(header.parameters).toEqual([
      {
        name: 'account_id',
        type: 'string',
        description: "the account's id",
        default: null,
        required: true,
        min: null,
        max: null,
      },
      {
        name: 'limit',
        type: 'integer',
        description: 'rows',
        default: 50,
        required: false,
        min: 1,
        max: 500,
      },
      {
        name: 'min_amount',
        type: 'float',
        description: 'smallest amount',
        default: 0,
        required: false,
        min: 0,
        max: null,
      },
      {
        name: 'methods',
        type: 'string_list',
        description: 'payment methods',
        default: ['bnpl'],
        required: false,
        min: 1,
        max: 5,
      },
      {
        name: 'night',
        type: 'boolean',
        description: 'only 00:00-06:00',
        default: false,
        required: false,
        min: null,
        max: null,
      },
      {
        name: 'since',
        type: 'datetime',
        description: 'first order time; null: all',
        default: null,
        required: false,
        min: null,
        max: null,
      },
    ]);
    expect(bodyOf(HEADER)).toMatch(/^MATCH \(a:Account/);
  });

  it('renders a header that parses back to the same metadata, rules included', () => {
    const rule = `${HEADER.replace('// param: $account_id string', '// param: $account_id string = "A1"').split('\n\n')[0]}
// rule: on-new-orders
// subject: Order order_id
// evidence: order_id
// key: order_id
// summary: Order {order_id} matched`;
    const header = parseHeader(`${rule}\n\nRETURN 1`, 'account-orders');
    expect(header.rule).toEqual({
      trigger: { kind: 'on-new-orders' },
      subject: { type: 'Order', column: 'order_id' },
      evidence: ['order_id'],
      key: ['order_id'],
      summary: 'Order {order_id} matched',
    });
    expect(parseHeader(`${renderHeader(header)}\n\nRETURN 1`, 'account-orders')).toEqual(header);
  });

  it.each([
    [
      'a missing name line',
      HEADER.replace('// name: account-orders\n', ''),
      'needs a `name:` line',
    ],
    ['a name that is not the file name', HEADER, 'does not match'],
    ['an unknown key', HEADER.replace('// tags:', '// labels:'), 'expected `// key: value`'],
    ['an unknown parameter type', HEADER.replace('$limit integer', '$limit int'), 'has type "int"'],
    ['a default that is not JSON', HEADER.replace('= ["bnpl"]', '= bnpl'), 'must be a JSON value'],
    [
      'returns other than table or graph',
      HEADER.replace('returns: table', 'returns: rows'),
      'table or graph',
    ],
    [
      'a rule without a subject',
      HEADER.replace('// returns: table', '// returns: table\n// rule: on-new-orders'),
      'subject: TYPE column',
    ],
    [
      'a schedule under a minute',
      HEADER.replace(
        '// returns: table',
        '// returns: table\n// schedule: 30s\n// subject: Order order_id',
      ),
      'at least 1m',
    ],
  ])('refuses %s, naming the query', (_what, text, message) => {
    const name = _what === 'a name that is not the file name' ? 'other-name' : 'account-orders';
    const error = thrown(() => parseHeader(text, name));
    expect(error.message).toContain(`Query ${name}:`);
    expect(error.message).toContain(message);
  });
});

describe('defineQuery', () => {
  it('accepts a query whose parameters are all declared and used', () => {
    expect(defineQuery('account-orders', HEADER, origin).body).toContain('LIMIT $limit');
  });

  it('refuses Cypher that uses an undeclared $parameter, naming it', () => {
    const text = HEADER.replace('LIMIT $limit', 'LIMIT $limit + $extra');
    expect(thrown(() => defineQuery('account-orders', text, origin)).message).toContain(
      'uses $extra without declaring it',
    );
  });

  it('refuses a declared parameter the Cypher never uses', () => {
    const text = HEADER.replace('AND (NOT $night OR o.created_at.hour < 6)', '');
    expect(thrown(() => defineQuery('account-orders', text, origin)).message).toContain(
      'declares $night but the Cypher never uses it',
    );
  });

  it('refuses a default outside its declared range', () => {
    const text = HEADER.replace('$limit integer = 50', '$limit integer = 5000');
    expect(thrown(() => defineQuery('account-orders', text, origin)).message).toContain(
      'the default of $limit (5000) is not an integer in 1..500',
    );
  });

  it('refuses an alert rule with a required parameter (rules run unattended)', () => {
    const text = HEADER.replace(
      '// returns: table',
      '// returns: table\n// rule: on-new-orders\n// subject: Order order_id',
    );
    expect(thrown(() => defineQuery('account-orders', text, origin)).message).toContain(
      '$account_id has none',
    );
  });
});

describe('usedParameters', () => {
  it('finds $names in code, not in comments, strings or quoted names', () => {
    expect(
      usedParameters(
        '// uses $nothing\nMATCH (n {id: $id}) /* $no */ WHERE n.note = \'$5 off\' AND n.`$x` = $`odd name` RETURN "$y", $limit',
      ),
    ).toEqual(['id', 'limit', 'odd name']);
  });
});

describe('checkParams', () => {
  const header = parseHeader(HEADER, 'account-orders');

  it('coerces CLI text and JSON values to the declared types and fills defaults', () => {
    expect(checkParams(header, { account_id: 'A1', limit: '20', night: 'true' })).toEqual({
      account_id: 'A1',
      limit: 20n,
      min_amount: 0,
      methods: ['bnpl'],
      night: true,
      since: null,
    });
    expect(
      checkParams(header, {
        account_id: 'A1',
        limit: 7,
        methods: 'bnpl, card',
        since: '2026-06-01T00:00:00+08:00',
      }),
    ).toMatchObject({ limit: 7n, methods: ['bnpl', 'card'], since: '2026-06-01T00:00:00+08:00' });
  });

  it.each([
    [{}, 'parameter $account_id is required'],
    [{ account_id: 'A1', limit: 0 }, 'parameter $limit expects an integer in 1..500; got 0'],
    [{ account_id: 'A1', limit: 2.5 }, 'parameter $limit expects an integer in 1..500; got 2.5'],
    [
      { account_id: 'A1', min_amount: 'cheap' },
      'parameter $min_amount expects a number ≥ 0; got "cheap"',
    ],
    [{ account_id: 'A1', night: 'yes' }, 'parameter $night expects true or false'],
    [{ account_id: 'A1', since: '2026-06-01' }, 'parameter $since expects an ISO-8601 date-time'],
    [
      { account_id: 'A1', since: '2026-03-01T00:00:00+19:00' },
      'parameter $since expects an ISO-8601 date-time with offset (Z or -18:00 to +18:00)',
    ],
    [
      { account_id: 'A1', since: '2026-02-30T00:00:00Z' },
      'parameter $since expects an ISO-8601 date-time',
    ],
    [{ account_id: 'A1', methods: [] }, 'parameter $methods expects a list of strings'],
    [{ account_id: 'A1', hops: 3 }, 'it has no parameter $hops'],
    [{ account_id: null }, 'parameter $account_id is required'],
    [
      { account_id: 'x'.repeat(1001) },
      'parameter $account_id expects a string ≤ 1000 characters long',
    ],
  ])('refuses %j, naming the query and the parameter', (given, message) => {
    const error = thrown(() => checkParams(header, given));
    expect(error.message).toContain('Query account-orders:');
    expect(error.message).toContain(message);
  });
});

describe('checkParams: null and oversized values', () => {
  const header = parseHeader(HEADER, 'account-orders');

  it('treats an explicit null as absent: the default, never a null that skips the range', () => {
    expect(checkParams(header, { account_id: 'A1', limit: null, since: null })).toMatchObject({
      limit: 50n,
      since: null,
    });
  });

  it('caps strings and lists without a declared range at 1000 characters and items', () => {
    const open = parseHeader(
      HEADER.replace(
        '$methods string_list = ["bnpl"] range 1..5',
        '$methods string_list = ["bnpl"]',
      ),
      'account-orders',
    );
    const many = Array.from({ length: 1001 }, (_, i) => `m${i}`);
    expect(thrown(() => checkParams(open, { account_id: 'A1', methods: many })).message).toContain(
      'parameter $methods expects a list of strings (comma-separated on the command line) ≤ 1000 items',
    );
    expect(
      thrown(() => checkParams(open, { account_id: 'A1', methods: ['x'.repeat(1001)] })).message,
    ).toContain('parameter $methods expects');
    expect(
      checkParams(open, { account_id: 'x'.repeat(1000), methods: many.slice(0, 1000) }),
    ).toMatchObject({ methods: many.slice(0, 1000) });
  });
});

describe('the query library (cypher/queries)', () => {
  const library = libraryQueries(new QueryRegistry());

  it('holds at least 12 queries and the three alert rules the issue asks for', () => {
    expect(library.filter((query) => !query.rule).length).toBeGreaterThanOrEqual(12);
    expect(library.filter((query) => query.rule).map((query) => query.name)).toEqual(
      expect.arrayContaining([
        'alert-large-bnpl-ring-linked',
        'alert-shared-device-bnpl-burst',
        'alert-tracking-reused-across-accounts',
      ]),
    );
  });

  it.each(library.map((query) => [query.name, query] as const))(
    '%s: has a title, description, tags and described parameters with sane defaults',
    (_name, query) => {
      expect(query.title.split(' ').length).toBeGreaterThanOrEqual(4);
      expect(query.description.length).toBeGreaterThan(40);
      expect(query.tags.length).toBeGreaterThan(0);
      for (const parameter of query.parameters) expect(parameter.description).not.toBe('');
      const defaults = Object.fromEntries(
        query.parameters.filter((p) => p.required).map((p) => [p.name, 'X1']),
      );
      expect(() => checkParams(query, defaults)).not.toThrow();
    },
  );
});

describe('queryError', () => {
  it.each([
    'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
    'Neo.TransientError.General.TransactionMemoryLimit',
    'Neo.ClientError.Transaction.TransactionMemoryLimit',
  ])('reports %s as QUERY_FAILED "used too much memory", naming the query', (code) => {
    const neo4j = Object.assign(new Error('The allocation of an extra 2.0 MiB would exceed …'), {
      code,
    });
    const error = queryError('Query big', neo4j, 1000) as Error & { code?: string };
    expect(error.code).toBe('QUERY_FAILED');
    expect(error.message).toMatch(/^Query big used too much memory in Neo4j and was stopped; /);
    expect(error.message).toContain('The allocation of an extra 2.0 MiB');
  });
});

describe('createQueryRuntime', () => {
  it('parses the file library at once, so a broken library file fails start, naming it', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-library-'));
    fs.mkdirSync(path.join(root, 'queries'));
    fs.writeFileSync(
      path.join(root, 'queries', 'broken.cypher'),
      HEADER.replace('name: account-orders', 'name: broken').replace('LIMIT $limit', 'LIMIT $lim'),
    );
    const connection = { uri: 'neo4j://127.0.0.1:1', user: 'u', password: 'p', database: 'neo4j' };
    const db = new Db(connection, { queries: new QueryRegistry([root]) });
    try {
      expect(
        thrown(() => createQueryRuntime(db, readConfig({ NODE_ENV: 'test' }))).message,
      ).toContain('Query broken: the Cypher uses $lim without declaring it');
    } finally {
      await db.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('result conversion', () => {
  const account = {
    labels: ['Account', 'Touched'],
    properties: { id: 'A1', risk: 0.7 },
    elementId: '4:x:1',
  };
  const merchant = {
    labels: ['Merchant'],
    properties: { id: 'M1', name: 'Shop' },
    elementId: '4:x:2',
  };
  const placed = {
    type: 'BOUGHT_AT',
    properties: {},
    elementId: '5:x:9',
    startNodeElementId: '4:x:1',
    endNodeElementId: '4:x:2',
  };

  it('turns nodes and relationships into plain cells with API ids, ignoring bookkeeping labels', () => {
    expect(toCells([[account, [placed], 3]])).toEqual([
      [
        { id: 'A1', type: 'Account', label: 'A1', properties: { id: 'A1', risk: 0.7 } },
        [{ type: 'BOUGHT_AT', source: 'Account:A1', target: null, properties: {} }],
        3,
      ],
    ]);
  });

  it('builds Cytoscape elements from every node and relationship, dropping dangling edges', () => {
    const graph = toGraph([[account, merchant, placed]], false);
    expect(graph?.nodes.map((node) => [node.type, node.entityId, node.label, node.risk])).toEqual([
      ['Account', 'A1', 'A1', 0.7],
      ['Merchant', 'M1', 'Shop', null],
    ]);
    expect(graph?.edges).toEqual([
      {
        id: 'Account:A1-BOUGHT_AT->Merchant:M1',
        sourceType: 'Account',
        sourceId: 'A1',
        targetType: 'Merchant',
        targetId: 'M1',
        type: 'BOUGHT_AT',
      },
    ]);
    expect(toGraph([[account, placed]], true)?.edges).toEqual([]);
    expect(toGraph([[1, 'a']], false)).toBeNull();
  });

  it('formats tables and CSV with nodes as Type:id and lists space-separated', () => {
    const result = {
      name: 'q',
      columns: ['who', 'ids'],
      rows: toCells([[account, ['O1', 'O2']]]),
      truncated: false,
      rowLimit: 10,
      elapsedMs: 1,
      graph: null,
    };
    expect(formatCsv(result)).toBe('who,ids\nAccount:A1,O1 O2\n');
    expect(formatTable(result)).toBe('who         ids\n----------  -----\nAccount:A1  O1 O2\n');
  });
});

describe('forbiddenClauses', () => {
  it.each([
    ['USE system SHOW USERS', '`USE`'],
    ['SHOW TRANSACTIONS YIELD *', '`SHOW`'],
    ["TERMINATE TRANSACTIONS 'neo4j-transaction-1'", '`TERMINATE`'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", '`LOAD CSV`'],
    ["CALL apoc.load.json('http://example.com') YIELD value RETURN value", 'apoc.load.json'],
    ['CALL dbms.listConnections() YIELD connectionId RETURN connectionId', 'dbms.listConnections'],
    ["CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", 'apoc.periodic.iterate'],
    [
      "CALL `apoc`.`cypher`.`runTimeboxed`('MATCH (n) DETACH DELETE n', {}, 5000) YIELD value RETURN value",
      'a backtick-quoted procedure name',
    ],
    ["CALL `apoc.load.json`('http://example.com') YIELD value RETURN value", 'quoted procedure'],
    ["CALL`apoc`.`load`.json('http://example.com') YIELD value RETURN value", 'quoted procedure'],
    ["WITH 1 AS `a`CALL apoc.nodes.group(['*'], []) YIELD nodes RETURN nodes", 'apoc.nodes.group'],
    ["RETURN`apoc`.`cypher`.runFirstColumnMany('MATCH (n) RETURN n', {}) AS x", 'quoted function'],
    ["CALL apoc . load . json('http://example.com') YIELD value RETURN value", 'apoc.load.json'],
    ["CALL apoc.cypher.runMany('MATCH (n) DELETE n', {})", 'apoc.cypher.runMany'],
    ['MATCH (n) CALL apoc.nodes.group([], []) YIELD nodes RETURN nodes', 'apoc.nodes.group'],
    [
      "RETURN apoc.cypher.runFirstColumnMany('MATCH (n) RETURN n', {}) AS x",
      'the function apoc.cypher.runFirstColumnMany',
    ],
    ["RETURN `apoc`.`load`.jsonParams('http://x', {}, '') AS x", 'quoted function name'],
    ["WITH 1 AS a RETURN apoc.util.sha1(['x']) AS x", 'the function apoc.util.sha1'],
  ])('refuses %s (the read transaction would not stop it)', (cypher, what) => {
    expect(forbiddenClauses(cypher).join(' ')).toContain(what);
  });

  it('allows graph reads, read-only helpers and the words inside strings or comments', () => {
    expect(
      forbiddenClauses(
        "// SHOW this, USE that\nMATCH (a {note: 'LOAD CSV or USE x'}) CALL apoc.path.subgraphAll(a, {}) YIELD nodes CALL (a) { RETURN 1 AS one } RETURN nodes, one",
      ),
    ).toEqual([]);
  });

  it('allows property names that look like clauses and Cypher and APOC value functions', () => {
    expect(
      forbiddenClauses(
        "MATCH (a:`USE`) WHERE a.use = 1 AND a.show <> 2 RETURN duration.inDays(a.t, datetime()).days, apoc.coll.sum([1]), date.truncate('day', date()), count(*) AS `CALL x`, caller.id, `USE`.x",
      ),
    ).toEqual([]);
  });

  it('makes defineQuery refuse the query, naming it', () => {
    const text = HEADER.replace(
      'MATCH (a:Account',
      'LOAD CSV FROM $account_id AS x MATCH (a:Account',
    );
    expect(thrown(() => defineQuery('account-orders', text, origin)).message).toContain(
      'Query account-orders: saved queries may not use `LOAD CSV`',
    );
  });
});
