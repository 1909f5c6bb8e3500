import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readCsv } from '../../seed/csv-read.ts';
import { type GenerateSummary, generateMarketplace } from '../../seed/generate.ts';
import { loadDirectory } from '../../seed/load.ts';
import { graphStats } from '../../server/cli/stats.ts';
import { graphSnapshot, openTestDb, snapshotDifferences, wipe } from '../helpers/neo4j.ts';

const db = openTestDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-generated-'));
const dir = path.join(tmp, 'market');
const rejectsPath = path.join(tmp, 'rejects.csv');
const options = { batchSize: 2000, interactive: false, rejectsPath };
let generated: GenerateSummary;

/** Data rows of a CSV file, counted with the reader (quoted newlines do not add rows). */
async function dataRows(file: string): Promise<number> {
  let rows = -1;
  for await (const _record of readCsv(fs.createReadStream(path.join(dir, file)))) rows += 1;
  return rows;
}

beforeAll(async () => {
  generated = await generateMarketplace({ outDir: dir, accounts: 1000, seed: 42 });
});

afterAll(async () => {
  await db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  await wipe(db);
});

describe('loadDirectory on a generated marketplace (1000 accounts, seed 42)', () => {
  it('loads every generated row without a reject or warning', async () => {
    const summary = await loadDirectory(db, dir, options);
    expect(summary.rejectsFile).toBeUndefined();
    expect(fs.existsSync(rejectsPath)).toBe(false);
    expect(summary.warnings).toEqual([]);
    expect(summary.files.map((file) => [file.file, file.read, file.loaded, file.rejected])).toEqual(
      [
        ['accounts.csv', generated.rows.accounts, generated.rows.accounts, 0],
        ['merchants.csv', generated.rows.merchants, generated.rows.merchants, 0],
        ['sessions.csv', generated.rows.sessions, generated.rows.sessions, 0],
        ['orders.csv', generated.rows.orders, generated.rows.orders, 0],
      ],
    );
  });

  it('creates one Account, Merchant and Order node per data row and one PLACED and AT link per order', async () => {
    const rows = {
      accounts: await dataRows('accounts.csv'),
      merchants: await dataRows('merchants.csv'),
      orders: await dataRows('orders.csv'),
    };
    expect(rows).toEqual({
      accounts: generated.rows.accounts,
      merchants: generated.rows.merchants,
      orders: generated.rows.orders,
    });
    expect(rows.accounts).toBe(1000);
    expect(rows.orders).toBeGreaterThan(rows.accounts);
    await loadDirectory(db, dir, options);
    const stats = await graphStats(db);
    expect(stats.nodes).toMatchObject({
      Account: rows.accounts,
      Merchant: rows.merchants,
      Order: rows.orders,
    });
    expect(stats.relationships).toMatchObject({ PLACED: rows.orders, AT: rows.orders });
  });

  it('leaves an identical graph when the same marketplace is loaded twice', async () => {
    await loadDirectory(db, dir, options);
    const once = await graphSnapshot(db);
    expect(once.nodes.length).toBeGreaterThan(generated.rows.orders);
    const again = await loadDirectory(db, dir, options);
    expect(again.rejectsFile).toBeUndefined();
    const twice = await graphSnapshot(db);
    expect(twice.nodes.length).toBe(once.nodes.length);
    expect(twice.relationships.length).toBe(once.relationships.length);
    expect(snapshotDifferences(twice.nodes, once.nodes)).toEqual({ missing: [], extra: [] });
    expect(snapshotDifferences(twice.relationships, once.relationships)).toEqual({
      missing: [],
      extra: [],
    });
    expect(twice.nodes.join('\n') === once.nodes.join('\n')).toBe(true);
    expect(twice.relationships.join('\n') === once.relationships.join('\n')).toBe(true);
  });
});
