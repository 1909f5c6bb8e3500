import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Flag, type Lookalike, type RingKind, type World } from './world.ts';

/** Ground truth for evaluation: planted rings and the honest look-alikes that must not be flagged. */

export interface TruthRing {
  ring_id: string;
  kind: RingKind;
  accounts: string[];
  merchants: string[];
}

export interface TruthLookalike {
  kind: string;
  accounts: string[];
  merchants?: string[];
  ip?: string;
}

export function collectLookalikes(world: World): Lookalike[] {
  const { accounts, ids } = world;
  const honest = (a: number): boolean => (accounts.ring[a] as number) < 0;
  const households: number[][] = Array.from({ length: world.householdCount }, () => []);
  const nat: number[][] = Array.from({ length: world.natCount }, () => []);
  const nightOwls: number[] = [];
  const bigSpenders: number[] = [];
  for (let a = 0; a < accounts.size; a++) {
    if (!honest(a)) continue;
    const h = accounts.household[a] as number;
    if (h >= 0) households[h]?.push(a);
    const n = accounts.nat[a] as number;
    if (n >= 0 && (accounts.flags[a] as number) & Flag.mobile) nat[n]?.push(a);
    if ((accounts.flags[a] as number) & Flag.nightOwl) nightOwls.push(a);
    if ((accounts.flags[a] as number) & Flag.highValue) bigSpenders.push(a);
  }
  const out: Lookalike[] = [];
  for (const members of households) {
    if (members.length > 1) out.push({ kind: 'household', accounts: members });
  }
  for (const [k, members] of nat.entries()) {
    out.push({ kind: 'nat_ip', accounts: members, ip: ids.natIp(k) });
  }
  for (const group of world.loyalGroups) {
    out.push({ kind: 'loyal_customer', accounts: group.accounts, merchants: [group.merchant] });
  }
  for (const owner of world.ownerAccounts) {
    out.push({ kind: 'merchant_owner', accounts: [owner.account], merchants: [owner.merchant] });
  }
  out.push({ kind: 'night_owl', accounts: nightOwls });
  out.push({ kind: 'near_limit_purchase', accounts: bigSpenders });
  return out;
}

/** Streams truth.json: one ring or look-alike per line, ids sorted so order reveals nothing. */
export async function writeTruth(
  path: string,
  world: World,
  lookalikes: Lookalike[],
): Promise<void> {
  const { ids } = world;
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const write = async (text: string): Promise<void> => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  const accountIds = (list: readonly number[]): string[] => list.map((a) => ids.account(a)).sort();
  const merchantIds = (list: readonly number[]): string[] =>
    list.map((m) => ids.merchant(m)).sort();

  await write(
    `{\n  "generator": "ringscope",\n  "seed": ${world.seed},\n  "accounts": ${world.accounts.size},\n  "rings": [`,
  );
  for (const [k, ring] of world.rings.entries()) {
    const row: TruthRing = {
      ring_id: ring.id,
      kind: ring.kind,
      accounts: accountIds(ring.members),
      merchants: merchantIds(ring.merchants),
    };
    await write(`${k === 0 ? '' : ','}\n    ${JSON.stringify(row)}`);
  }
  await write(`\n  ],\n  "lookalikes": [`);
  for (const [k, look] of lookalikes.entries()) {
    const row: TruthLookalike = { kind: look.kind, accounts: accountIds(look.accounts) };
    if (look.merchants) row.merchants = merchantIds(look.merchants);
    if (look.ip) row.ip = look.ip;
    await write(`${k === 0 ? '' : ','}\n    ${JSON.stringify(row)}`);
  }
  await write('\n  ]\n}\n');
  stream.end();
  await finished(stream);
}
