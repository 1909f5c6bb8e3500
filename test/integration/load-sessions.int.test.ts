import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { bulkLoadDirectory } from '../../seed/bulk-import.ts';
import { loadDirectory } from '../../seed/load.ts';
import { graphStats } from '../../server/cli/stats.ts';
import { readConfig } from '../../server/config.ts';
import { CYPHER_DIR, QueryRegistry } from '../../server/db/queries.ts';
import { Db } from '../../server/db/run.ts';
import {
  aroundBulkLoads,
  graphSnapshot,
  sharedServerIsPrivate,
  testConnection,
  wipe,
} from '../helpers/neo4j.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-sessions-'));
// What a load before session times were kept in UTC left behind: a link whose times carry the
// offsets they were written with. No load writes that any more, so this test writes it itself.
const legacyQueries = path.join(tmp, 'queries');
fs.mkdirSync(legacyQueries);
fs.writeFileSync(
  path.join(legacyQueries, 'legacy-session-times.cypher'),
  `MATCH (:Account {id: $account})-[link:USES_DEVICE]->(:Device {id: $device})
SET link.sessions_at = [t IN $times | datetime(t)], link.count = size($times),
    link.first_seen = datetime($times[0]), link.last_seen = datetime($times[-1])`,
);
const db = new Db(testConnection(), {
  queries: new QueryRegistry([
    CYPHER_DIR,
    fileURLToPath(new URL('../cypher/', import.meta.url)),
    legacyQueries,
  ]),
});
const rejectsPath = path.join(tmp, 'rejects.csv');
const online = { batchSize: 100_000, interactive: false, rejectsPath };

// The bulk path stops and restarts the project's own server: only with the private Neo4j that
// global setup started (not with NEO4J_URI).
const managed = sharedServerIsPrivate();
const config = readConfig({ ...process.env, ...inject('ringscopeEnv'), CI: '1' });

aroundBulkLoads(db, config.local, tmp);

/** 13:05:09 UTC on 14 March 2026, as four exports might write it. */
const SAME_INSTANT = [
  '2026-03-14T21:05:09+08:00',
  '2026-03-14T13:05:09Z',
  '2026-03-14T08:05:09-05:00',
  '2026-03-14T21:05:09.000+0800',
];

/** A folder of A1 and M1 and the given session rows (`sessions.csv` only when `actors` is false). */
function folder(name: string, sessions: string[], actors = true): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  if (actors) {
    fs.writeFileSync(
      path.join(dir, 'accounts.csv'),
      'account_id,created_at\nA1,2026-01-01T10:00:00+08:00\n',
    );
    fs.writeFileSync(
      path.join(dir, 'merchants.csv'),
      'merchant_id,created_at\nM1,2025-12-01T09:00:00+08:00\n',
    );
  }
  fs.writeFileSync(
    path.join(dir, 'sessions.csv'),
    `actor_type,actor_id,device_id,ip,at\n${sessions.join('\n')}\n`,
  );
  return dir;
}

const accountSessions = (times: string[]) => times.map((at) => `account,A1,D1,1.1.1.1,${at}`);
/** The same instant four ways and one later session for A1; the same instant twice for M1. */
const sessions = [
  ...accountSessions([...SAME_INSTANT, '2026-03-15T09:00:00+08:00']),
  'merchant,M1,D1,,2026-03-14T21:05:09+08:00',
  'merchant,M1,D1,,2026-03-14T13:05:09Z',
];

/** What A1's USES_DEVICE and USES_IP links must hold after `sessions`, however it is loaded. */
const A1_LINK = {
  count: 2,
  sessions_at: ['2026-03-14T13:05:09Z', '2026-03-15T01:00:00Z'],
  first_seen: '2026-03-14T13:05:09Z',
  last_seen: '2026-03-15T01:00:00Z',
};

async function link(start: string, type: string): Promise<Record<string, unknown>> {
  const line = (await graphSnapshot(db)).relationships.find((text) =>
    text.includes(`"start":"${start}","type":"${type}"`),
  );
  expect(line, `${start} -[:${type}]->`).toBeDefined();
  return JSON.parse(line as string).properties;
}

describe('session times loaded online (cypher/load/sessions.cypher)', () => {
  it('counts a session written with several offsets once and keeps the times in UTC', async () => {
    const summary = await loadDirectory(db, folder('offsets', sessions), online);
    expect(summary.files.find((f) => f.file === 'sessions.csv')).toMatchObject({
      read: 7,
      loaded: 7,
      rejected: 0,
    });
    expect(await link('Account:A1', 'USES_DEVICE')).toEqual(A1_LINK);
    expect(await link('Account:A1', 'USES_IP')).toEqual(A1_LINK);
    expect(await link('Merchant:M1', 'USES_DEVICE')).toEqual({
      count: 1,
      sessions_at: ['2026-03-14T13:05:09Z'],
      first_seen: '2026-03-14T13:05:09Z',
      last_seen: '2026-03-14T13:05:09Z',
    });
  });

  it('leaves the same links when each row is its own batch and when the other offsets come in a later load', async () => {
    await loadDirectory(db, folder('one-batch', sessions), online);
    const expected = await graphSnapshot(db);

    await wipe(db);
    await loadDirectory(db, folder('row-batches', sessions), { ...online, batchSize: 1 });
    expect(await graphSnapshot(db)).toEqual(expected);

    await wipe(db);
    const earlier = sessions.filter((row) => !row.includes('13:05:09Z'));
    await loadDirectory(db, folder('first-offsets', earlier), online);
    await loadDirectory(
      db,
      folder(
        'later-offsets',
        sessions.filter((row) => row.includes('13:05:09Z')),
        false,
      ),
      online,
    );
    expect(await graphSnapshot(db)).toEqual(expected);
  });

  it('folds a time an older load stored with its offset into the same UTC instant', async () => {
    await loadDirectory(db, folder('older', accountSessions([SAME_INSTANT[0] as string])), online);
    await db.write('legacy-session-times', {
      account: 'A1',
      device: 'D1',
      times: ['2026-03-14T21:05:09+08:00', '2026-03-15T09:00:00+08:00'],
    });
    await loadDirectory(
      db,
      folder('newer', accountSessions(['2026-03-14T13:05:09Z']), false),
      online,
    );
    expect(await link('Account:A1', 'USES_DEVICE')).toEqual(A1_LINK);
  });
});

describe('ringscope stats after online loads (cypher/stats/counts.cypher)', () => {
  it('leaves out the Touched mark, so loading the same data again gives the same stats', async () => {
    const dir = folder('stats', sessions);
    await loadDirectory(db, dir, online);
    // The mark is there (detection needs it), and stats do not count it.
    const [state] = await db.read<{ touched: number }>('detect/state');
    expect(state?.touched).toBe(2);
    const stats = await graphStats(db);
    expect(stats).toEqual({
      nodes: { Account: 1, Device: 1, IP: 1, Merchant: 1 },
      relationships: { USES_DEVICE: 2, USES_IP: 1 },
    });

    await loadDirectory(db, dir, online);
    expect(await graphStats(db)).toEqual(stats);
    await db.autoCommit('detect/untouch');
    expect(await graphStats(db)).toEqual(stats);
  });
});

// Each bulk load stops, imports and restarts Neo4j: ~30 s on an idle machine, several times
// that when it is busy; a timeout mid-import would leave the shared server down.
describe.skipIf(!managed)(
  'session times loaded in bulk (seed/bulk/sessions.ts)',
  {
    timeout: 400_000,
  },
  () => {
    it('builds the links and stats of the online load: one session per instant, in UTC', async () => {
      const dir = folder('bulk', sessions);
      await loadDirectory(db, dir, online);
      const expected = await graphSnapshot(db);
      const expectedStats = await graphStats(db);
      await wipe(db);
      // Tiny partitions: the partitioned fold has to agree as well.
      const bulk = await bulkLoadDirectory(
        db,
        dir,
        { batchSize: 5000, interactive: false, rejectsPath, sessionPartitionBytes: 64 },
        config.local,
      );
      expect(bulk.mode).toBe('bulk');
      expect(await graphSnapshot(db)).toEqual(expected);
      expect(await link('Account:A1', 'USES_DEVICE')).toEqual(A1_LINK);
      expect(await graphStats(db)).toEqual(expectedStats);
    });
  },
);
