import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { bulkLoadDirectory } from '../../seed/bulk-import.ts';
import { generateMarketplace } from '../../seed/generate.ts';
import { type LoadSummary, loadDirectory } from '../../seed/load.ts';
import { loadWithMode } from '../../server/cli/load.ts';
import { readConfig } from '../../server/config.ts';
import { isBulkImportPending } from '../../server/neo4j-local/admin-import.ts';
import {
  aroundBulkLoads,
  FIXTURES,
  graphSnapshot,
  openTestDb,
  sharedServerIsPrivate,
  wipe,
} from '../helpers/neo4j.ts';

// The bulk path stops and restarts the project's own server: only with the private Neo4j that
// global setup started (not with NEO4J_URI).
const env = inject('ringscopeEnv');
const managed = sharedServerIsPrivate();
const config = readConfig({ ...process.env, ...env, CI: '1' });
const db = openTestDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-bulk-'));
const onlineRejects = path.join(tmp, 'online-rejects.csv');
const bulkRejects = path.join(tmp, 'bulk-rejects.csv');

aroundBulkLoads(db, config.local, tmp);

function counts(summary: LoadSummary) {
  return summary.files.map((f) => [f.file, f.read, f.loaded, f.rejected, f.identicalDuplicates]);
}

/**
 * Rejects file lines, sorted: the online loader writes a batch's reference rejects (unknown
 * account) after the batch, the bulk path in file order; the rows and reasons are the same.
 */
function rejectLines(file: string): string[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').sort() : [];
}

/** Online load (one batch, so session times keep file order), then bulk load of the same folder. */
async function compare(dir: string, sessionPartitionBytes?: number) {
  const online = await loadDirectory(db, dir, {
    batchSize: 100_000,
    interactive: false,
    rejectsPath: onlineRejects,
  });
  const expected = await graphSnapshot(db);
  await wipe(db);
  const bulk = await bulkLoadDirectory(
    db,
    dir,
    { batchSize: 5000, interactive: false, rejectsPath: bulkRejects, sessionPartitionBytes },
    config.local,
  );
  expect(bulk.mode).toBe('bulk');
  expect(isBulkImportPending(config.local)).toBe(false);
  expect(counts(bulk)).toEqual(counts(online));
  expect(bulk.warnings).toEqual(online.warnings);
  expect(Boolean(bulk.rejectsFile)).toBe(Boolean(online.rejectsFile));
  expect(rejectLines(bulkRejects)).toEqual(rejectLines(onlineRejects));
  const actual = await graphSnapshot(db);
  expect(actual.nodes.length).toBe(expected.nodes.length);
  expect(actual.relationships.length).toBe(expected.relationships.length);
  expect(actual).toEqual(expected);
  return { online, bulk, snapshot: actual };
}

/** Appends `extra`'s rows (header dropped) to `file`, which has the same columns. */
function appendRows(file: string, extra: string) {
  const rows = fs.readFileSync(extra, 'utf8').split('\n').slice(1).join('\n');
  fs.appendFileSync(file, rows.endsWith('\n') ? rows : `${rows}\n`);
}

// Each bulk load stops, imports and restarts Neo4j: ~30 s on an idle 2-core machine, several
// times that when it is busy; a timeout mid-import would leave the shared server down.
describe.skipIf(!managed)('bulkLoadDirectory', { timeout: 400_000 }, () => {
  it('builds the same graph as the online loader on the hand-checked fixture', async () => {
    const { bulk, snapshot } = await compare(path.join(FIXTURES, 'small'));
    expect(bulk.warnings).toEqual(['accounts.csv: ignoring unknown column nickname']);
    expect(bulk.rejectsFile).toBeUndefined();
    const o1 = snapshot.nodes.find((line) => line.includes('"id":"O1"'));
    expect(o1).toContain('"created_at":"2026-02-01T01:10:00+08:00"');
    expect(o1).toContain('"amount":4999');
    expect(snapshot.nodes).toContainEqual(expect.stringContaining('"name":"Shop, \\"Best\\""'));
  });

  it('builds the same graph and rejects on a generated marketplace with the rejects fixture mixed in', async () => {
    const dir = path.join(tmp, 'market');
    await generateMarketplace({ outDir: dir, accounts: 300, seed: 11 });
    for (const name of ['accounts.csv', 'merchants.csv', 'orders.csv']) {
      appendRows(path.join(dir, name), path.join(FIXTURES, 'rejects', name));
    }
    // An unknown actor and one session written three ways (the same instant: one session).
    fs.appendFileSync(
      path.join(dir, 'sessions.csv'),
      'account,NOPE,DX,,2026-01-05T10:00:00+08:00\n' +
        'account,B1,DX,10.9.9.9,2026-01-05T10:00:00+08:00\n' +
        'account,B1,DX,10.9.9.9,2026-01-05T02:00:00Z\n' +
        'account,B1,DX,10.9.9.9,2026-01-05T10:00+0800\n',
    );
    // Tiny partitions exercise the partitioned session fold.
    const { bulk, snapshot } = await compare(dir, 4096);
    expect(bulk.files.find((f) => f.file === 'orders.csv')?.rejected).toBe(5);
    expect(bulk.files.find((f) => f.file === 'sessions.csv')?.rejected).toBe(1);
    const b1 = snapshot.relationships.find((line) =>
      line.includes('"start":"Account:B1","type":"USES_DEVICE"'),
    );
    expect(b1).toContain('"count":1');
  });

  it('loads online instead, saying why, when the id maps would pass their memory budget', async () => {
    const dir = path.join(FIXTURES, 'small');
    await loadDirectory(db, dir, {
      batchSize: 100_000,
      interactive: false,
      rejectsPath: onlineRejects,
    });
    const expected = await graphSnapshot(db);
    await wipe(db);
    const warnings: string[] = [];
    // Room for one map's first table (32 KiB) and not for a second label's.
    const { mode, summary } = await loadWithMode(db, dir, config, {
      rejectsPath: bulkRejects,
      onWarning: (message) => warnings.push(message),
      idMapBytes: 40 * 1024,
    });
    expect(mode).toBe('online');
    // The unknown column once, from the bulk attempt: the online load that follows stays quiet.
    expect(warnings).toEqual([
      'accounts.csv: ignoring unknown column nickname',
      expect.stringMatching(/id maps would pass 40 KB .*Loading online instead, in bounded memory/),
    ]);
    expect(summary.warnings).toEqual(['accounts.csv: ignoring unknown column nickname']);
    expect(isBulkImportPending(config.local)).toBe(false);
    expect(await graphSnapshot(db)).toEqual(expected);
  });

  it('says Neo4j could not be started again, and how to start it, when the restart after a refused conversion fails', async () => {
    // An instance of its own whose port the shared server holds: its start fails (PORT_TAKEN),
    // and the shared server is never stopped.
    const local = { ...config.local, home: path.join(tmp, 'port-taken-home') };
    const failure = bulkLoadDirectory(
      db,
      path.join(FIXTURES, 'small'),
      { batchSize: 5000, interactive: false, rejectsPath: bulkRejects, idMapBytes: 40 * 1024 },
      local,
    );
    await expect(failure).rejects.toMatchObject({
      code: 'BULK_RESTART',
      message: expect.stringMatching(
        /^The bulk load stopped \(.*id maps would pass .*\), and Neo4j, stopped for it, could not be started again: Port \d+ .* is taken .*\nStart it with `ringscope db start` once the cause is fixed \(its log: .*port-taken-home\/neo4j\/logs\/console\.log\)\.$/s,
      ),
      cause: expect.objectContaining({ code: 'BULK_MEMORY' }),
    });
  });
});
