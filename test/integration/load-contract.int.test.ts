import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { readCsv } from '../../seed/csv-read.ts';
import { loadDirectory } from '../../seed/load.ts';
import { loadWithMode } from '../../server/cli/load.ts';
import { graphStats } from '../../server/cli/stats.ts';
import { readConfig } from '../../server/config.ts';
import { isBulkImportPending } from '../../server/neo4j-local/admin-import.ts';
import { localStatus } from '../../server/neo4j-local/process.ts';
import { runCli } from '../helpers/cli.ts';
import { aroundBulkLoads, openTestDb, sharedServerIsPrivate } from '../helpers/neo4j.ts';

const config = readConfig({ ...process.env, ...inject('ringscopeEnv'), CI: '1' });
const managed = sharedServerIsPrivate();
const db = openTestDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-load-contract-'));

aroundBulkLoads(db, config.local, tmp);

async function nodeTotal(): Promise<number> {
  const { nodes } = await graphStats(db);
  return Object.values(nodes).reduce((sum, count) => sum + count, 0);
}

let folders = 0;
function folder(files: Record<string, string | Buffer>): string {
  folders += 1;
  const dir = path.join(tmp, String(folders));
  fs.mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const AT = '2026-01-02T10:00:00+08:00';
/** Over Neo4j's 8,167-byte index key limit: before the length check it failed its batch. */
const LONG = 'x'.repeat(9000);

/** One batch whatever the batch size: each long value sits between valid rows. */
const LONG_IDS = {
  'accounts.csv': [
    'account_id,created_at,phone',
    `A1,${AT},P1`,
    `${LONG},${AT},`,
    `A3,${AT},${LONG}`,
    `A4,${AT},P4`,
    '',
  ].join('\n'),
  'merchants.csv': ['merchant_id,created_at', `M1,${AT}`, ''].join('\n'),
  'orders.csv': [
    'order_id,account_id,merchant_id,created_at,amount,payment_method,status,device_id',
    `O1,A1,M1,${AT},10.00,card,paid,${LONG}`,
    `O2,A4,M1,${AT},10.00,card,paid,D2`,
    `O3,${LONG},M1,${AT},10.00,card,paid,D3`,
    '',
  ].join('\n'),
};

const TOO_LONG =
  "is longer than 1,000 characters (9,000); indexed values are capped to stay under Neo4j's index size limit";

/** file, line, column and reason of each rejected row. */
async function rejectReasons(file: string): Promise<string[][]> {
  const reasons: string[][] = [];
  for await (const record of readCsv(fs.createReadStream(file))) {
    if (record.kind === 'record') reasons.push(record.fields.slice(0, 4));
  }
  return reasons.slice(1);
}

async function expectLongIdsRejected(rejectsPath: string) {
  expect(await rejectReasons(rejectsPath)).toEqual([
    ['accounts.csv', '3', 'account_id', `account_id ${TOO_LONG}`],
    ['accounts.csv', '4', 'phone', `phone ${TOO_LONG}`],
    ['orders.csv', '2', 'device_id', `device_id ${TOO_LONG}`],
    ['orders.csv', '4', 'account_id', `account_id ${TOO_LONG}`],
  ]);
}

describe('load with ids too long to index', () => {
  it('online: rejects the long values and loads the valid rows of their batch, exit 2', async () => {
    const dir = folder(LONG_IDS);
    const rejects = path.join(tmp, 'online-long-rejects.csv');
    const result = await runCli(['load', dir, '--online', '--rejects', rejects]);
    expect(result.stderr).not.toContain('too large to index');
    expect(result.stderr).toMatch(/accounts\.csv\s+read 4 = loaded 2 \+ rejected 2/);
    expect(result.stderr).toMatch(/orders\.csv\s+read 3 = loaded 1 \+ rejected 2/);
    expect(result.code).toBe(2);
    await expectLongIdsRejected(rejects);
    const stats = await graphStats(db);
    expect(stats.nodes).toMatchObject({ Account: 2, Merchant: 1, Order: 1, Phone: 2, Device: 1 });
  });
});

/** Merchant A2 takes an account's id; its order is then refused for an unknown merchant. */
const SHARED_IDS = {
  'accounts.csv': ['account_id,created_at', `A1,${AT}`, `A2,${AT}`, ''].join('\n'),
  'merchants.csv': ['merchant_id,created_at', `M1,${AT}`, `A2,${AT}`, ''].join('\n'),
  'orders.csv': [
    'order_id,account_id,merchant_id,created_at,amount,payment_method,status',
    `O1,A1,M1,${AT},10.00,card,paid`,
    `O2,A1,A2,${AT},10.00,card,paid`,
    '',
  ].join('\n'),
};

const takenReason = (kind: string, id: string, other: string) =>
  `${kind}_id '${id}' is already the id of a ${other}; accounts and merchants need distinct ids (the API finds both by id alone), e.g. prefixed by kind`;

async function expectSharedIdRejected(rejectsPath: string) {
  expect(await rejectReasons(rejectsPath)).toEqual([
    ['merchants.csv', '3', 'merchant_id', takenReason('merchant', 'A2', 'account')],
    [
      'orders.csv',
      '3',
      'merchant_id',
      "unknown merchant 'A2' (not in this load nor in the database)",
    ],
  ]);
  expect((await graphStats(db)).nodes).toMatchObject({ Account: 2, Merchant: 1, Order: 1 });
}

describe('load with an id both an account and a merchant claim', () => {
  it('online: refuses the merchant after the account, and an account after a merchant of an earlier load', async () => {
    const rejects = path.join(tmp, 'online-shared-rejects.csv');
    const first = await runCli(['load', folder(SHARED_IDS), '--online', '--rejects', rejects]);
    expect(first.code).toBe(2);
    await expectSharedIdRejected(rejects);
    const later = folder({
      'accounts.csv': ['account_id,created_at', `M1,${AT}`, `A3,${AT}`, ''].join('\n'),
    });
    const second = await runCli(['load', later, '--online', '--rejects', rejects]);
    expect(second.code).toBe(2);
    expect(await rejectReasons(rejects)).toEqual([
      ['accounts.csv', '2', 'account_id', takenReason('account', 'M1', 'merchant')],
    ]);
    expect((await graphStats(db)).nodes).toMatchObject({ Account: 3, Merchant: 1 });
  });
});

describe('load --rejects naming an input file', () => {
  it('online: exits 1 before reading anything, leaving the input file as it was', async () => {
    const dir = folder(LONG_IDS);
    const orders = path.join(dir, 'orders.csv');
    const result = await runCli(['load', dir, '--online', '--rejects', orders]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `--rejects ${orders} is the input file ${orders}: writing rejected rows there would overwrite it before it is loaded.`,
    );
    expect(fs.readFileSync(orders, 'utf8')).toBe(LONG_IDS['orders.csv']);
    expect(await nodeTotal()).toBe(0);
  });

  it('online: refuses it through a symbolic link too', async () => {
    const dir = folder(LONG_IDS);
    const link = path.join(tmp, `link-${folders}.csv`);
    fs.symlinkSync(path.join(dir, 'accounts.csv'), link);
    await expect(
      loadDirectory(db, dir, { batchSize: 100, interactive: false, rejectsPath: link }),
    ).rejects.toMatchObject({ code: 'LOAD_REJECTS_PATH' });
    expect(fs.readFileSync(link, 'utf8')).toBe(LONG_IDS['accounts.csv']);
  });
});

describe('load header problems', () => {
  it.each([
    [
      'a column named twice',
      { 'accounts.csv': `account_id,created_at,city,city\nA1,${AT},上海,北京\n` },
      'the header names city (columns 3, 4) more than once',
    ],
    [
      'a UTF-16 file',
      {
        'accounts.csv': Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(`account_id,created_at\r\nA1,${AT}\r\n`, 'utf16le'),
        ]),
      },
      'the file is not UTF-8; it looks like UTF-16LE',
    ],
  ])('exits 1 naming the file for %s, loading nothing', async (_, files, message) => {
    const dir = folder(files);
    const result = await runCli(['load', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path.join(dir, 'accounts.csv')}: ${message}`);
    expect(await nodeTotal()).toBe(0);
  });
});

// Each bulk load stops and restarts the shared Neo4j: only with the private server global setup
// started, and with room for a busy machine (a timeout mid-import would leave it down).
describe.skipIf(!managed)('bulk load (empty database)', { timeout: 400_000 }, () => {
  it('rejects the long values and builds the schema, leaving no pending import', async () => {
    const dir = folder(LONG_IDS);
    const rejectsPath = path.join(tmp, 'bulk-long-rejects.csv');
    const { mode, summary } = await loadWithMode(db, dir, config, { rejectsPath });
    expect(mode).toBe('bulk');
    expect(isBulkImportPending(config.local)).toBe(false);
    expect(summary.files.map((f) => [f.file, f.read, f.loaded, f.rejected])).toEqual([
      ['accounts.csv', 4, 2, 2],
      ['merchants.csv', 1, 1, 0],
      ['orders.csv', 3, 1, 2],
    ]);
    await expectLongIdsRejected(rejectsPath);
    const stats = await graphStats(db);
    expect(stats.nodes).toMatchObject({ Account: 2, Merchant: 1, Order: 1, Phone: 2, Device: 1 });
  });

  it('refuses a merchant whose id an account has, like the online path', async () => {
    const rejectsPath = path.join(tmp, 'bulk-shared-rejects.csv');
    const { mode } = await loadWithMode(db, folder(SHARED_IDS), config, { rejectsPath });
    expect(mode).toBe('bulk');
    await expectSharedIdRejected(rejectsPath);
  });

  it('refuses --rejects naming an input file before stopping Neo4j for the import, leaving the file intact', async () => {
    const dir = folder(LONG_IDS);
    const orders = path.join(dir, 'orders.csv');
    const serverBefore = await localStatus(config.local);
    await expect(loadWithMode(db, dir, config, { rejectsPath: orders })).rejects.toMatchObject({
      code: 'LOAD_REJECTS_PATH',
    });
    const serverAfter = await localStatus(config.local);
    expect(serverAfter.running && serverAfter.pid).toBe(serverBefore.running && serverBefore.pid);
    expect(fs.readFileSync(orders, 'utf8')).toBe(LONG_IDS['orders.csv']);
    expect(isBulkImportPending(config.local)).toBe(false);
    expect(await nodeTotal()).toBe(0);
  });
});
