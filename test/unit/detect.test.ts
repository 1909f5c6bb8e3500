import { describe, expect, it } from 'vitest';
import { affectedDrafts } from '../../server/detect/affected-drafts.ts';
import { isCoMerchantEdge, mergeCoMerchants } from '../../server/detect/co-merchants.ts';
import { connectedSets } from '../../server/detect/components.ts';
import { evaluate } from '../../server/detect/evaluate.ts';
import { groupBy } from '../../server/detect/group-by.ts';
import { jaccard } from '../../server/detect/jaccard.ts';
import { isSolidMember, scoreMerchantGroup } from '../../server/detect/merchant-group.ts';
import { pairBehaviour } from '../../server/detect/pair-behaviour.ts';
import { draftRings } from '../../server/detect/rings.ts';
import { assignRingIds, ringIdFor } from '../../server/detect/stable-ids.ts';
import type { IdentifierUse, PairRow } from '../../server/detect/types.ts';

function pair(account: string, overrides: Partial<PairRow> = {}): PairRow {
  return {
    account,
    merchant: 'M1',
    orders: 1,
    amount: 100,
    meanRatio: 0.1,
    nearLimit: 0,
    nightOrders: 0,
    untracked: 0,
    reusedTracking: 0,
    badOutcome: 0,
    openAmount: 0,
    badAmount: 0,
    times: [1_700_000_000],
    orderIds: [`O-${account}`],
    accountAgeDays: 400,
    ...overrides,
  };
}

const ringPair = (account: string, i: number) =>
  pair(account, {
    orders: 3,
    amount: 2700,
    meanRatio: 0.9,
    nearLimit: 3,
    badOutcome: 2,
    times: [1_700_000_000 + i * 600, 1_700_100_000 + i * 600, 1_700_200_000 + i * 600],
  });

function use(actor: string, identifier: string, actors: number, kind = 'Device'): IdentifierUse {
  return { actor, kind, identifier, actors };
}

describe('jaccard', () => {
  it('is shared over all members, 1 for equal sets and 0 (not NaN) for two empty sets', () => {
    expect(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBe(0.5);
    expect(jaccard(new Set(['a']), new Set(['a']))).toBe(1);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });
});

describe('groupBy', () => {
  it('keeps every row, grouped by key, in the order the rows came', () => {
    const rows = [pair('A2', { merchant: 'M2' }), pair('A1'), pair('A3', { merchant: 'M2' })];
    const groups = groupBy(rows, (row) => row.merchant);
    expect([...groups.keys()]).toEqual(['M2', 'M1']);
    expect(groups.get('M2')?.map((row) => row.account)).toEqual(['A2', 'A3']);
    expect(groups.get('M1')?.map((row) => row.account)).toEqual(['A1']);
  });
});

describe('pairBehaviour', () => {
  it('scores repeat near-limit orders with bad outcomes far above a single small order', () => {
    const honest = pairBehaviour(pair('A1'), undefined);
    const ring = pairBehaviour(ringPair('A2', 0), 2700);
    expect(ring.score).toBeGreaterThan(honest.score + 2);
    expect(ring.reasons.map((reason) => reason.kind)).toEqual(
      expect.arrayContaining(['structure', 'behaviour', 'outcome']),
    );
    expect(ring.reasons.every((reason) => reason.evidence.includes('O-A2'))).toBe(true);
  });
});

describe('scoreMerchantGroup', () => {
  it('links buyers through a device used by the back office and nobody else', () => {
    const pairs = ['A1', 'A2', 'A3'].map((account, i) => ringPair(account, i));
    const uses = ['M1', 'A1', 'A2', 'A3'].map((actor) => use(actor, 'HUB', 4));
    const group = scoreMerchantGroup(['M1'], pairs, new Map(), uses);
    expect(group.members.map((member) => member.account).sort()).toEqual(['A1', 'A2', 'A3']);
    expect(group.members.every((member) => member.merchantLink === 1)).toBe(true);
  });

  it('gives a carrier NAT IP shared with thousands of strangers almost no weight', () => {
    const pairs = ['A1', 'A2', 'A3'].map((account) => pair(account, { orders: 2 }));
    const uses = ['M1', 'A1', 'A2', 'A3'].map((actor) => use(actor, '10.0.0.1', 2500, 'IP'));
    const group = scoreMerchantGroup(['M1'], pairs, new Map(), uses);
    for (const candidate of group.candidates) expect(candidate.merchantLink).toBeLessThan(0.01);
    expect(group.members).toEqual([]);
  });

  it('does not admit a one-off large purchase without a link or lockstep timing', () => {
    const pairs = [pair('A1', { meanRatio: 0.95, nearLimit: 1, nightOrders: 1, badOutcome: 1 })];
    const group = scoreMerchantGroup(['M1'], pairs, new Map(), []);
    expect(group.members).toEqual([]);
  });
});

describe('isSolidMember', () => {
  it('holds for a repeat buyer whose behaviour alone makes it a member, links or not', () => {
    const pairs = ['A1', 'A2'].map((account, i) => ringPair(account, i));
    const alone = scoreMerchantGroup(['M1'], pairs, new Map(), []);
    const linked = scoreMerchantGroup(
      ['M1'],
      pairs,
      new Map(),
      ['M1', 'A1', 'A2'].map((actor) => use(actor, 'HUB', 3)),
    );
    for (const group of [alone, linked]) {
      expect(group.members.map((member) => member.account)).toEqual(['A1', 'A2']);
      expect(group.members.every(isSolidMember)).toBe(true);
    }
  });

  it('does not hold for a member that needs its links to reach the threshold', () => {
    const pairs = ['A1', 'A2', 'A3'].map((account) => pair(account, { orders: 2 }));
    const uses = ['M1', 'A1', 'A2', 'A3'].map((actor) => use(actor, 'HUB', 4));
    const group = scoreMerchantGroup(['M1'], pairs, new Map(), uses);
    expect(group.members).toHaveLength(3);
    expect(group.members.some(isSolidMember)).toBe(false);
  });
});

describe('mergeCoMerchants', () => {
  it('scores two shops sharing most of their high-draw buyers as one unit, buyers combined', () => {
    const ring = ['A1', 'A2', 'A3'];
    const byMerchant = new Map([
      ['M1', ring.map((account, i) => ({ ...ringPair(account, i), merchant: 'M1' }))],
      ['M2', ring.map((account, i) => ({ ...ringPair(account, i), merchant: 'M2' }))],
      ['M3', [pair('A1', { merchant: 'M3', meanRatio: 0.9, nearLimit: 1 })]],
    ]);
    const units = mergeCoMerchants(byMerchant);
    expect(units.map((unit) => unit.merchants)).toEqual([['M1', 'M2'], ['M3']]);
    expect(units[0]?.pairs.map((combined) => [combined.account, combined.orders])).toEqual([
      ['A1', 6],
      ['A2', 6],
      ['A3', 6],
    ]);
  });

  it('keeps busy shops apart when their shared buyers are a small share of either', () => {
    expect(isCoMerchantEdge(5, 400, 300)).toBe(false);
    expect(isCoMerchantEdge(1, 2, 2)).toBe(false);
    expect(isCoMerchantEdge(3, 400, 8)).toBe(true);
  });
});

describe('draftRings', () => {
  it('merges the groups of two shops that share most of their buyers into one ring', () => {
    const accounts = ['A1', 'A2', 'A3', 'A4'];
    const uses = (merchant: string) =>
      [merchant, ...accounts].map((actor) => use(actor, `HUB-${merchant}`, 5));
    const groups = ['M1', 'M2'].map((merchant) =>
      scoreMerchantGroup(
        [merchant],
        accounts.map((account, i) => ({ ...ringPair(account, i), merchant })),
        new Map(),
        uses(merchant),
      ),
    );
    const drafts = draftRings(groups);
    expect(drafts).toHaveLength(1);
    expect([...(drafts[0]?.merchants ?? [])].sort()).toEqual(['M1', 'M2']);
  });
});

describe('assignRingIds', () => {
  it('keeps the id of an earlier ring whose members overlap by Jaccard 0.5 or more', () => {
    const previous = [{ id: 'R-old', members: ['A1', 'A2', 'A3', 'A4', 'M1'] }];
    const { ids, retired } = assignRingIds([{ members: ['A1', 'A2', 'A3', 'A5', 'M1'] }], previous);
    expect(ids).toEqual(['R-old']);
    expect(retired).toEqual([]);
  });

  it('gives a new digest id and retires the earlier ring when membership changed too much', () => {
    const previous = [{ id: 'R-old', members: ['A1', 'A2', 'A3', 'A4', 'M1'] }];
    const members = ['A1', 'A7', 'A8', 'A9', 'M2'];
    const { ids, retired } = assignRingIds([{ members }], previous);
    expect(ids).toEqual([ringIdFor(members)]);
    expect(retired).toEqual(['R-old']);
  });

  it('derives the same id from the same members whatever their order', () => {
    expect(ringIdFor(['B', 'A', 'C'])).toBe(ringIdFor(['C', 'B', 'A']));
  });
});

describe('connectedSets', () => {
  it('returns each component sorted, ordered by first node, whatever the input order', () => {
    const edges: [string, string][] = [
      ['d', 'b'],
      ['e', 'a'],
    ];
    expect(connectedSets(['e', 'd', 'c', 'b', 'a'], edges)).toEqual([
      ['a', 'e'],
      ['b', 'd'],
      ['c'],
    ]);
    expect(connectedSets(['a', 'b', 'c', 'd', 'e'], [...edges].reverse())).toEqual([
      ['a', 'e'],
      ['b', 'd'],
      ['c'],
    ]);
  });
});

describe('affectedDrafts', () => {
  const unit = (key: string, accounts: string[] | null) => ({
    key,
    merchants: key.split('+'),
    size: accounts?.length ?? 50,
    steady: 0,
    solid: 0,
    accounts,
  });
  // U1 and U2 share A2 (drafted together); U3 stands apart; U4 is a crowd, not a draft.
  const units = [
    unit('M1', ['A1', 'A2', 'A3']),
    unit('M2', ['A2', 'A4', 'A5']),
    unit('M3', ['A6', 'A7', 'A8']),
    unit('M4', null),
  ];
  const none = {
    units: new Set<string>(),
    accounts: new Set<string>(),
    merchants: new Set<string>(),
  };

  it('re-drafts every unit linked through shared buyers to a re-scored unit', () => {
    const affected = affectedDrafts(units, { ...none, units: new Set(['M2']) });
    expect([...affected.units].sort()).toEqual(['M1', 'M2']);
    expect([...affected.accounts].sort()).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
  });

  it('re-drafts the units holding former buyers of a replaced unit, and those at a shop whose volume changed', () => {
    expect([...affectedDrafts(units, { ...none, accounts: new Set(['A7']) }).units]).toEqual([
      'M3',
    ]);
    expect(
      [...affectedDrafts(units, { ...none, merchants: new Set(['M1']) }).units].sort(),
    ).toEqual(['M1', 'M2']);
  });

  it('leaves everything as stored when nothing a draft depends on changed', () => {
    const affected = affectedDrafts(units, { ...none, merchants: new Set(['M4']) });
    expect(affected.units.size).toBe(0);
    expect(affected.accounts.size).toBe(0);
  });
});

describe('evaluate', () => {
  const truth = {
    rings: [
      { ring_id: 'r1', kind: 'device_farm', accounts: ['A1', 'A2', 'A3'], merchants: ['M1'] },
      { ring_id: 'r2', kind: 'camouflaged', accounts: ['A4', 'A5', 'A6'], merchants: ['M2'] },
    ],
    lookalikes: [{ kind: 'household', accounts: ['H1', 'H2', 'H3'] }],
  };

  it('counts a true ring as recovered only at Jaccard 0.5 or more with a flagged ring', () => {
    const report = evaluate(
      [
        { id: 'x', accounts: ['A1', 'A2', 'A3'], merchants: ['M1'] },
        { id: 'y', accounts: ['A4', 'H1', 'H2', 'H3', 'X1'], merchants: ['M2'] },
      ],
      truth,
    );
    expect(report.rings.recall).toBe(0.5);
    expect(report.rings.precision).toBe(0.5);
    expect(report.accounts.truePositives).toBe(4);
    expect(report.perKind.device_farm?.ringRecall).toBe(1);
    expect(report.lookalikes.household).toEqual({
      groups: 1,
      groupsFlagged: 1,
      accountsFlagged: 3,
    });
  });

  it('reports perfect scores for a perfect answer', () => {
    const report = evaluate(
      truth.rings.map((ring) => ({
        id: ring.ring_id,
        accounts: ring.accounts,
        merchants: ring.merchants,
      })),
      truth,
    );
    expect(report.accounts.f1).toBe(1);
    expect(report.rings).toMatchObject({ recall: 1, precision: 1 });
  });
});
