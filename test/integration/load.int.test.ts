import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDirectory } from '../../seed/load.ts';
import { graphStats } from '../../server/cli/stats.ts';
import {
  FIXTURES,
  graphSnapshot,
  openTestDb,
  SMALL_FIXTURE_GRAPH,
  wipe,
} from '../helpers/neo4j.ts';

const db = openTestDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-load-'));
const options = { batchSize: 2, interactive: false, rejectsPath: path.join(tmp, 'rejects.csv') };

afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  await wipe(db);
});

function readRejects(): string[][] {
  if (!fs.existsSync(options.rejectsPath)) return [];
  const text = fs.readFileSync(options.rejectsPath, 'utf8').trim().split('\n').slice(1);
  return text.map((line) => line.split(','));
}

describe('loadDirectory on the hand-checked fixture', () => {
  it('loads every row and reconciles read = loaded + rejected per file', async () => {
    const summary = await loadDirectory(db, path.join(FIXTURES, 'small'), options);
    expect(summary.files.map((f) => [f.file, f.read, f.loaded, f.rejected])).toEqual([
      ['accounts.csv', 3, 3, 0],
      ['merchants.csv', 2, 2, 0],
      ['sessions.csv', 5, 5, 0],
      ['orders.csv', 4, 4, 0],
    ]);
    expect(summary.warnings).toEqual(['accounts.csv: ignoring unknown column nickname']);
    expect(summary.rejectsFile).toBeUndefined();
  });

  it('creates the relationships the rows describe', async () => {
    await loadDirectory(db, path.join(FIXTURES, 'small'), options);
    const stats = await graphStats(db);
    expect(stats.nodes).toMatchObject(SMALL_FIXTURE_GRAPH.nodes);
    expect(stats.relationships).toMatchObject(SMALL_FIXTURE_GRAPH.relationships);
    const { relationships } = await graphSnapshot(db);
    const has = (fragment: string) => relationships.some((line) => line.includes(fragment));
    expect(has('"end":"Order:O1","properties":{},"start":"Account:A1","type":"PLACED"')).toBe(true);
    expect(has('"end":"Merchant:M1","properties":{},"start":"Order:O1","type":"AT"')).toBe(true);
    expect(
      has('"end":"Tracking:SF100","properties":{},"start":"Order:O2","type":"SHIPPED_WITH"'),
    ).toBe(true);
    expect(
      has('"end":"Identity:ID1","properties":{},"start":"Merchant:M1","type":"OWNED_BY"'),
    ).toBe(true);
    expect(
      has('"end":"Identity:ID1","properties":{},"start":"Account:A3","type":"HAS_IDENTITY"'),
    ).toBe(true);
    expect(
      has('"end":"BankAccount:BANK-1","properties":{},"start":"Merchant:M1","type":"PAID_TO"'),
    ).toBe(true);
    const a1Device = relationships.find((line) =>
      line.includes('"start":"Account:A1","type":"USES_DEVICE"'),
    );
    expect(a1Device).toContain('"count":2');
    // Session times are kept as UTC instants.
    expect(a1Device).toContain('"first_seen":"2026-01-05T02:00:00Z"');
    expect(a1Device).toContain('"last_seen":"2026-01-06T02:00:00Z"');
    expect(has('"end":"Device:D1","properties":{"count":1')).toBe(true);
    expect(
      relationships.some((line) => line.includes('"start":"Merchant:M1","type":"USES_DEVICE"')),
    ).toBe(true);
  });

  it('round-trips Chinese text, quoted commas and quotes, after a BOM and CRLF line ends', async () => {
    await loadDirectory(db, path.join(FIXTURES, 'small'), options);
    const { nodes } = await graphSnapshot(db);
    expect(nodes).toContainEqual(expect.stringContaining('"name":"鑫源数码专营店"'));
    expect(nodes).toContainEqual(expect.stringContaining('"name":"Shop, \\"Best\\""'));
    expect(nodes).toContainEqual(
      expect.stringContaining(
        '"city":"杭州, 西湖","created_at":"2026-01-03T11:00:00+08:00","id":"A2"',
      ),
    );
  });

  it('leaves an identical graph when the same files are loaded twice, and says the second time updated what was there', async () => {
    const first = await loadDirectory(db, path.join(FIXTURES, 'small'), options);
    const once = await graphSnapshot(db);
    const second = await loadDirectory(db, path.join(FIXTURES, 'small'), options);
    expect(await graphSnapshot(db)).toEqual(once);
    const updated = (summary: typeof first) => summary.files.map((f) => [f.file, f.updated]);
    expect(updated(first)).toEqual([
      ['accounts.csv', 0],
      ['merchants.csv', 0],
      ['sessions.csv', 0],
      ['orders.csv', 0],
    ]);
    expect(updated(second)).toEqual([
      ['accounts.csv', 3],
      ['merchants.csv', 2],
      ['sessions.csv', 0],
      ['orders.csv', 4],
    ]);
  });

  it('updates the node and moves its links when a changed row is loaded again', async () => {
    await loadDirectory(db, path.join(FIXTURES, 'small'), options);
    const changed = path.join(tmp, 'changed');
    fs.mkdirSync(changed, { recursive: true });
    fs.writeFileSync(
      path.join(changed, 'orders.csv'),
      'order_id,account_id,merchant_id,created_at,amount,payment_method,status,device_id,tracking_no\n' +
        'O1,A2,M2,2026-02-01T01:10:00+08:00,10.00,card,refunded,D3,\n',
    );
    await loadDirectory(db, changed, options);
    const { nodes, relationships } = await graphSnapshot(db);
    const o1 = nodes.find((line) => line.includes('"id":"O1"'));
    expect(o1).toContain('"amount":10');
    expect(o1).toContain('"status":"refunded"');
    expect(o1).not.toContain('repayment_status');
    const o1Links = relationships.filter((line) => line.includes('Order:O1'));
    expect(
      o1Links
        .map((line) => JSON.parse(line))
        .map((r) => `${r.start} ${r.type} ${r.end}`)
        .sort(),
    ).toEqual([
      'Account:A2 PLACED Order:O1',
      'Order:O1 AT Merchant:M2',
      'Order:O1 FROM_DEVICE Device:D3',
    ]);
  });
});

describe('loadDirectory rejects', () => {
  it('sends each invalid row to the rejects file with file, line, column and reason, and loads the rest', async () => {
    const summary = await loadDirectory(db, path.join(FIXTURES, 'rejects'), options);
    expect(summary.files.map((f) => [f.file, f.read, f.loaded, f.rejected])).toEqual([
      ['accounts.csv', 4, 1, 3],
      ['merchants.csv', 2, 1, 1],
      ['sessions.csv', 5, 1, 4],
      ['orders.csv', 8, 3, 5],
    ]);
    expect(summary.files[3]?.identicalDuplicates).toBe(1);
    expect(summary.rejectsFile).toBe(options.rejectsPath);
    const rejects = fs.readFileSync(options.rejectsPath, 'utf8');
    const expectations: [string, string, string, string][] = [
      ['accounts.csv', '3', 'created_at', 'ISO-8601 timestamp with offset'],
      ['accounts.csv', '4', 'account_id', 'required account_id is empty'],
      ['accounts.csv', '5', 'bnpl_limit', 'must not be negative'],
      ['merchants.csv', '2', '', 'broken CSV: '],
      ['sessions.csv', '3', 'actor_id', "unknown account 'NOPE'"],
      ['sessions.csv', '4', 'actor_id', "unknown merchant 'N1'"],
      ['sessions.csv', '5', 'at', 'at has offset +19:00, which Neo4j refuses: use Z or an offset'],
      ['sessions.csv', '6', 'at', 'at has offset +08:75, which Neo4j refuses'],
      ['orders.csv', '3', 'amount', 'amount must not be negative'],
      ['orders.csv', '4', 'status', 'status must be one of'],
      ['orders.csv', '5', 'account_id', "unknown account 'NOPE'"],
      ['orders.csv', '6', 'order_id', "duplicate order_id 'P1' with data conflicting with line 2"],
      ['orders.csv', '8', 'payment_method', 'lowercase word'],
    ];
    for (const [file, line, column, reason] of expectations) {
      expect(rejects).toMatch(
        new RegExp(
          `^${file},${line},${column},"?[^\\n]*${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
          'm',
        ),
      );
    }
    expect(readRejects()).toHaveLength(13);
    const stats = await graphStats(db);
    expect(stats.nodes).toMatchObject({ Account: 1, Merchant: 1, Order: 2, Device: 1 });
    expect(stats.relationships).toMatchObject({ USES_DEVICE: 1, USES_IP: 1 });
  });

  it('rejects rows that are not UTF-8, an unknown merchant and an exact repeat of a rejected order, and reconciles the totals', async () => {
    const dir = path.join(tmp, 'encoding-and-references');
    fs.mkdirSync(dir, { recursive: true });
    // 上海 as a GBK export writes it; decoded as UTF-8 it holds U+FFFD.
    const gbkShanghai = Buffer.from([0xc9, 0xcf, 0xba, 0xa3]);
    fs.writeFileSync(
      path.join(dir, 'accounts.csv'),
      Buffer.concat([
        Buffer.from('account_id,created_at,city\nC1,2026-01-02T10:00:00+08:00,上海\n'),
        Buffer.from('C2,2026-01-02T10:00:00+08:00,'),
        gbkShanghai,
        // U+FFFD spelled in UTF-8 (EF BF BD) is valid text.
        Buffer.from('\nC3,2026-01-02T10:00:00+08:00,上\uFFFD海\n'),
      ]),
    );
    fs.writeFileSync(
      path.join(dir, 'merchants.csv'),
      'merchant_id,created_at\nQ1,2025-12-01T09:00:00+08:00\n',
    );
    const order = (
      id: string,
      account: string,
      merchant: string,
      at = '2026-02-01T01:10:00+08:00',
    ) => `${id},${account},${merchant},${at},10.00,card,paid`;
    fs.writeFileSync(
      path.join(dir, 'orders.csv'),
      `${[
        'order_id,account_id,merchant_id,created_at,amount,payment_method,status',
        order('R1', 'C1', 'Q1'),
        order('R2', 'C1', 'NOSHOP'),
        order('R3', 'C2', 'Q1'),
        order('R3', 'C2', 'Q1'),
        order('R1', 'C1', 'Q1'),
        order('R4', 'C1', 'Q1', '2026-02-01T01:10:00+19:00'),
      ].join('\n')}\n`,
    );

    const summary = await loadDirectory(db, dir, options);
    expect(
      summary.files.map((f) => [f.file, f.read, f.loaded, f.rejected, f.identicalDuplicates]),
    ).toEqual([
      ['accounts.csv', 3, 2, 1, 0],
      ['merchants.csv', 1, 1, 0, 0],
      ['orders.csv', 6, 2, 4, 1],
    ]);
    expect(
      readRejects()
        .map(([file, line, column]) => [file, line, column])
        .sort(),
    ).toEqual([
      ['accounts.csv', '3', 'city'],
      ['orders.csv', '3', 'merchant_id'],
      ['orders.csv', '4', 'account_id'],
      ['orders.csv', '5', 'account_id'],
      ['orders.csv', '7', 'created_at'],
    ]);
    const rejects = fs.readFileSync(options.rejectsPath, 'utf8');
    expect(rejects).toContain('not valid UTF-8 (column city); re-export the file as UTF-8');
    expect(rejects).toContain("unknown merchant 'NOSHOP' (not in this load nor in the database)");
    expect(rejects).toMatch(
      /^orders\.csv,5,account_id,"?repeats line 4, which was rejected: unknown account 'C2'/m,
    );
    expect(rejects).toContain('created_at has offset +19:00, which Neo4j refuses');
    const stats = await graphStats(db);
    expect(stats.nodes).toMatchObject({ Account: 2, Merchant: 1, Order: 1 });
    const { nodes } = await graphSnapshot(db);
    expect(nodes).toContainEqual(expect.stringContaining('"city":"上海","created_at"'));
    expect(nodes).toContainEqual(expect.stringContaining('"city":"上\uFFFD海","created_at"'));
  });

  it('loads a row followed by 25,000 repeats of it while its batch is still open, counting each repeat', async () => {
    const dir = path.join(tmp, 'long-repeat-run');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'accounts.csv'),
      'account_id,created_at\nC1,2026-01-02T10:00:00+08:00\n',
    );
    fs.writeFileSync(
      path.join(dir, 'merchants.csv'),
      'merchant_id,created_at\nQ1,2025-12-01T09:00:00+08:00\n',
    );
    const order = (id: string) => `${id},C1,Q1,2026-02-01T01:10:00+08:00,10.00,card,paid`;
    fs.writeFileSync(
      path.join(dir, 'orders.csv'),
      `${[
        'order_id,account_id,merchant_id,created_at,amount,payment_method,status',
        order('R1'),
        ...Array.from({ length: 25_000 }, () => order('R1')),
        order('R2'),
      ].join('\n')}\n`,
    );

    const summary = await loadDirectory(db, dir, options);
    expect(summary.files.at(-1)).toMatchObject({
      file: 'orders.csv',
      read: 25_002,
      loaded: 25_002,
      rejected: 0,
      identicalDuplicates: 25_000,
    });
    expect((await graphStats(db)).nodes).toMatchObject({ Order: 2 });
  });

  it('folds many sessions of one link, in any order and across batches, into one sorted list of distinct times', async () => {
    const dir = path.join(tmp, 'busy-back-office');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'merchants.csv'),
      'merchant_id,created_at\nQ1,2025-12-01T09:00:00+08:00\n',
    );
    const start = Date.parse('2026-01-01T00:00:00Z');
    const time = (i: number) => new Date(start + i * 7 * 60_000).toISOString();
    const DISTINCT = 1200;
    // Every time once in a scrambled order (457 is prime to 1200), then 200 exact repeats.
    const order = [
      ...Array.from({ length: DISTINCT }, (_, i) => (i * 457) % DISTINCT),
      ...Array.from({ length: 200 }, (_, i) => (i * 13) % DISTINCT),
    ];
    fs.writeFileSync(
      path.join(dir, 'sessions.csv'),
      `actor_type,actor_id,device_id,ip,at\n${order
        .map((i) => `merchant,Q1,DQ,10.1.1.1,${time(i)}`)
        .join('\n')}\n`,
    );
    const link = async (type: string) => {
      const line = (await graphSnapshot(db)).relationships.find((text) =>
        text.includes(`"start":"Merchant:Q1","type":"${type}"`),
      );
      return JSON.parse(line as string).properties as Record<string, unknown>;
    };

    await loadDirectory(db, dir, { ...options, batchSize: 150 });
    const device = await link('USES_DEVICE');
    expect(device.count).toBe(DISTINCT);
    expect((device.sessions_at as string[]).map((at) => Date.parse(at))).toEqual(
      Array.from({ length: DISTINCT }, (_, i) => start + i * 7 * 60_000),
    );
    expect(Date.parse(device.first_seen as string)).toBe(start);
    expect(Date.parse(device.last_seen as string)).toBe(Date.parse(time(DISTINCT - 1)));
    expect(await link('USES_IP')).toEqual(device);
    const batched = await graphSnapshot(db);

    await loadDirectory(db, dir, { ...options, batchSize: 150 });
    expect(await graphSnapshot(db)).toEqual(batched);
    await wipe(db);
    await loadDirectory(db, dir, { ...options, batchSize: 100_000 });
    expect(await graphSnapshot(db)).toEqual(batched);
  });

  it('fails before writing anything when a required column is missing', async () => {
    const dir = path.join(tmp, 'missing-column');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'accounts.csv'), 'account_id,city\nA1,上海\n');
    await expect(loadDirectory(db, dir, options)).rejects.toThrow(
      /accounts\.csv: required column created_at missing; the header has: account_id, city/,
    );
    expect((await graphStats(db)).nodes.Account ?? 0).toBe(0);
  });
});
