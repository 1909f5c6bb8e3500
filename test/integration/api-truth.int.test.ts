import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRings } from '../../server/cli/export.ts';
import type { Truth } from '../../server/detect/evaluate.ts';
import { createTestServer, execute, type GraphQLBody } from '../helpers/api.ts';
import { loadGeneratedMarketplace } from '../helpers/marketplace.ts';
import { openTestDb } from '../helpers/neo4j.ts';

const db = openTestDb();
const yoga = createTestServer(db);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-api-truth-'));

type Result = {
  id: string;
  found: boolean;
  risk: number | null;
  rings: { id: string; flagged: boolean }[];
};

async function membership(ids: string[]): Promise<Result[]> {
  const results: Result[] = [];
  for (let start = 0; start < ids.length; start += 1000) {
    const { body } = await execute(
      yoga,
      /* GraphQL */ `query ($ids: [ID!]!) { ringMembership(accountIds: $ids) { id found risk rings { id flagged } } }`,
      { ids: ids.slice(start, start + 1000) },
      'service',
    );
    const typed = body as GraphQLBody & { data: { ringMembership: Result[] } };
    expect(typed.errors).toBeUndefined();
    results.push(...typed.data.ringMembership);
  }
  return results;
}

describe('ringMembership on a generated marketplace (2,000 accounts, seed 5)', () => {
  let truth: Truth;
  let ringAccounts: string[];
  let otherAccounts: string[];
  let flaggedByExport: Set<string>;

  beforeAll(async () => {
    ({ truth } = await loadGeneratedMarketplace(db, tmp, { accounts: 2000, seed: 5 }));
    ringAccounts = [...new Set(truth.rings.flatMap((ring) => ring.accounts))].sort();
    const inRing = new Set(ringAccounts);
    otherAccounts = [
      ...new Set((truth.lookalikes ?? []).flatMap((group) => group.accounts)),
    ].filter((id) => !inRing.has(id));
    flaggedByExport = new Set((await exportRings(db, true)).flatMap((ring) => ring.accounts));
  }, 300_000);

  afterAll(async () => {
    await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('agrees exactly with the stored flagged rings, for ring members and look-alikes', async () => {
    const ids = [...ringAccounts, ...otherAccounts];
    const results = await membership(ids);
    expect(results.map((result) => result.id)).toEqual(ids);
    expect(results.every((result) => result.found)).toBe(true);
    const flaggedByApi = results
      .filter((result) => result.rings.some((ring) => ring.flagged))
      .map((result) => result.id);
    expect(flaggedByApi.sort()).toEqual(ids.filter((id) => flaggedByExport.has(id)).sort());
  });

  it('puts most planted ring accounts in a flagged ring, with a risk', async () => {
    const results = await membership(ringAccounts);
    const flagged = results.filter((result) => result.rings.some((ring) => ring.flagged));
    expect(flagged.length / ringAccounts.length).toBeGreaterThanOrEqual(0.8);
    for (const result of flagged) expect(result.risk).toBeGreaterThan(0);
  });

  it('keeps look-alike households and NAT-IP groups mostly out of flagged rings', async () => {
    const results = await membership(otherAccounts);
    const flagged = results.filter((result) => result.rings.some((ring) => ring.flagged));
    expect(flagged.length / Math.max(1, otherAccounts.length)).toBeLessThanOrEqual(0.1);
  });
});
