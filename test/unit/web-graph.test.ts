import cytoscape, { type Core } from 'cytoscape';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Neighborhood, Order, RingDetail } from '../../web/src/api/types.ts';
import {
  entityHref,
  entityOf,
  mergeElements,
  neighborhoodElements,
  ringElements,
} from '../../web/src/graph/elements.ts';
import { elementsJson, ordersCsv } from '../../web/src/graph/export.ts';
import { evidenceElementIds, hiddenElementIds, nodeTypes } from '../../web/src/graph/filters.ts';
import { hubQuestion } from '../../web/src/graph/hub.ts';
import {
  coreEdgeLength,
  incrementalLayout,
  initialLayout,
  spiral,
} from '../../web/src/graph/layouts.ts';
import { registerExtensions } from '../../web/src/graph/register-extensions.ts';
import { stylesheet } from '../../web/src/graph/style.ts';
import { dailyBars } from '../../web/src/graph/timeline.ts';

/** A ring of three buyers at one shop: A1 and A2 share a device, A3 has a phone of its own. */
function fixtureRing(): RingDetail {
  return {
    id: 'R-1',
    score: 0.9,
    flagged: true,
    status: 'OPEN',
    size: 4,
    exposure: 300,
    orderCount: 3,
    lastOrderAt: '2026-02-02T10:00:00Z',
    firstOrderAt: '2026-02-01T10:00:00Z',
    active: true,
    members: [
      { id: 'A1', type: 'ACCOUNT', role: 'insider', risk: 0.9 },
      { id: 'A2', type: 'ACCOUNT', role: 'buyer', risk: 0.6 },
      { id: 'A3', type: 'ACCOUNT', role: 'buyer', risk: 0.4 },
      { id: 'M1', type: 'MERCHANT', role: 'merchant', risk: 0.9 },
    ],
    reasons: [
      { kind: 'identity', text: 'shared device', weight: 0.5, evidence: ['A1', 'A2', 'D1'] },
      { kind: 'behaviour', text: 'night orders', weight: 0.3, evidence: ['O2'] },
    ],
    timeline: [
      { day: '2026-02-01', orders: 1, amount: 100, repaymentStatus: 'repaid' },
      { day: '2026-02-01', orders: 1, amount: 50, repaymentStatus: 'defaulted' },
      { day: '2026-02-02', orders: 1, amount: 150, repaymentStatus: 'open' },
    ],
  };
}

const hood = (member: string, identifiers: [string, string][]): Neighborhood => ({
  nodes: [
    { data: { id: `Account:${member}`, entityId: member, type: 'Account', label: member } },
    ...identifiers.map(([type, id]) => ({
      data: { id: `${type}:${id}`, entityId: id, type, label: id },
    })),
  ],
  edges: identifiers.map(([type, id], index) => ({
    data: {
      id: `${member}-${index}`,
      source: `Account:${member}`,
      target: `${type}:${id}`,
      type: 'USES',
    },
  })),
});

const identifiers = [
  hood('A1', [['Device', 'D1']]),
  hood('A2', [['Device', 'D1']]),
  hood('A3', [['Phone', 'P3']]),
];

const orders: Order[] = [
  {
    id: 'O1',
    accountId: 'A1',
    merchantId: 'M1',
    createdAt: '2026-02-01T10:00:00+08:00',
    amount: 100,
    repaymentStatus: 'repaid',
  },
  {
    id: 'O2',
    accountId: 'A1',
    merchantId: 'M1',
    createdAt: '2026-02-01T23:30:00Z',
    amount: 50,
    repaymentStatus: 'defaulted',
  },
  {
    id: 'O3',
    accountId: 'A2',
    merchantId: 'M1',
    createdAt: '2026-02-02T10:00:00Z',
    amount: 150,
    repaymentStatus: 'open',
  },
];

const ids = (cy: Core, selector: string) =>
  cy
    .$(selector)
    .map((element) => element.id())
    .sort();

describe('ringElements (API result → Cytoscape elements)', () => {
  let cy: Core;
  beforeEach(() => {
    cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: stylesheet(),
      elements: ringElements({ ring: fixtureRing(), identifiers, orders, extra: [] }, true),
    });
  });

  it('draws members, and only identifiers two members share', () => {
    expect(ids(cy, 'node')).toEqual([
      'Account:A1',
      'Account:A2',
      'Account:A3',
      'Device:D1',
      'Merchant:M1',
    ]);
    expect(cy.getElementById('Account:A1').data('role')).toBe('insider');
    expect(
      cy
        .getElementById('Device:D1')
        .connectedEdges()
        .connectedNodes()
        .map((n) => n.id())
        .sort(),
    ).toEqual(['Account:A1', 'Account:A2', 'Device:D1']);
  });

  it('collapses orders into one weighted BNPL edge per buyer and merchant', () => {
    const edge = cy.getElementById('BNPL:A1>M1');
    expect(edge.data()).toMatchObject({ weight: 2, amount: 150, orders: ['O1', 'O2'] });
    expect(edge.data('days')).toEqual(['2026-02-01']);
    expect(cy.getElementById('BNPL:A2>M1').data('weight')).toBe(1);
    expect(cy.nodes('[type = "Order"]').length).toBe(0);
  });

  it('draws each order as a node between buyer and merchant when not collapsed', () => {
    const open = cytoscape({
      headless: true,
      elements: ringElements({ ring: fixtureRing(), identifiers, orders, extra: [] }, false),
    });
    const order = open.getElementById('Order:O2');
    expect(order.data('label')).toBe('¥50');
    expect(order.incomers('node').id()).toBe('Account:A1');
    expect(order.outgoers('node').id()).toBe('Merchant:M1');
    expect(open.edges('[type = "BNPL"]').length).toBe(0);
  });

  it('keeps an identifier only one member uses when a reason names it', () => {
    const ring = fixtureRing();
    ring.reasons.push({ kind: 'identity', text: 'phone', weight: 0.1, evidence: ['P3'] });
    const elements = ringElements({ ring, identifiers, orders, extra: [] }, true);
    expect(elements.some((element) => element.data.id === 'Phone:P3')).toBe(true);
  });

  it('styles nodes by type and risk from data, not functions', () => {
    expect(cy.getElementById('Merchant:M1').style('shape')).toBe('round-rectangle');
    expect(cy.getElementById('Account:A1').numericStyle('width')).toBeGreaterThan(
      cy.getElementById('Account:A3').numericStyle('width'),
    );
    for (const rule of stylesheet()) {
      const style = 'style' in rule ? rule.style : {};
      for (const value of Object.values(style)) expect(typeof value).not.toBe('function');
    }
  });
});

describe('mergeElements', () => {
  it('draws a relationship reached by two queries once and drops edges without both ends', () => {
    const a = neighborhoodElements({
      nodes: [
        { data: { id: 'Account:A1', entityId: 'A1', type: 'Account', label: 'A1' } },
        { data: { id: 'Device:D1', entityId: 'D1', type: 'Device', label: 'D1' } },
      ],
      edges: [
        { data: { id: 'e1', source: 'Account:A1', target: 'Device:D1', type: 'USES_DEVICE' } },
      ],
    });
    const b = neighborhoodElements({
      nodes: [{ data: { id: 'Device:D1', entityId: 'D1', type: 'Device', label: 'D1' } }],
      edges: [
        { data: { id: 'e9', source: 'Account:A1', target: 'Device:D1', type: 'USES_DEVICE' } },
        { data: { id: 'e2', source: 'Device:D1', target: 'Account:A9', type: 'USES_DEVICE' } },
      ],
    });
    const merged = mergeElements(a, b);
    expect(merged.map((element) => element.data.id)).toEqual(['Account:A1', 'Device:D1', 'e1']);
  });

  it('reads the entity back out of an element id, even when its id holds colons', () => {
    expect(entityOf('IP:2001:db8::1')).toEqual({ id: '2001:db8::1', type: 'IP' });
  });

  it("links an entity's graph page with its kind, the id encoded", () => {
    expect(entityHref({ id: 'a/b c', type: 'Phone' })).toBe('/entity/a%2Fb%20c?type=Phone');
    expect(entityHref({ id: 'A1', type: null })).toBe('/entity/A1');
  });
});

describe('evidenceElementIds', () => {
  const elements = ringElements({ ring: fixtureRing(), identifiers, orders, extra: [] }, true);

  it('is exactly the listed nodes and the edges between them', () => {
    expect([...evidenceElementIds(elements, ['A1', 'A2', 'D1'])].sort()).toEqual([
      'A1-0',
      'A2-0',
      'Account:A1',
      'Account:A2',
      'Device:D1',
    ]);
  });

  it('includes the BNPL edge that carries a listed order', () => {
    expect([...evidenceElementIds(elements, ['O2'])]).toEqual(['BNPL:A1>M1']);
  });
});

describe('hiddenElementIds', () => {
  const collapsed = ringElements({ ring: fixtureRing(), identifiers, orders, extra: [] }, true);
  const expanded = ringElements({ ring: fixtureRing(), identifiers, orders, extra: [] }, false);

  it('hides nodes of hidden types', () => {
    expect([...hiddenElementIds(collapsed, new Set(['Device']), { from: null, to: null })]).toEqual(
      ['Device:D1'],
    );
  });

  it('hides orders and BNPL edges outside the day range (UTC days)', () => {
    const range = { from: '2026-02-02', to: '2026-02-02' };
    expect([...hiddenElementIds(expanded, new Set(), range)].sort()).toEqual([
      'Order:O1',
      'Order:O2',
    ]);
    expect([...hiddenElementIds(collapsed, new Set(), range)]).toEqual(['BNPL:A1>M1']);
  });

  it('lists node types in legend order', () => {
    expect(nodeTypes(expanded)).toEqual(['Account', 'Merchant', 'Order', 'Device']);
  });
});

async function runLayout(layout: ReturnType<Core['layout']>): Promise<void> {
  const done = layout.promiseOn('layoutstop');
  layout.run();
  await done;
}

describe('fcose layouts (headless)', () => {
  it('keeps laid-out nodes where they are when the graph grows', async () => {
    const cy = registerExtensions()({
      headless: true,
      styleEnabled: true,
      style: stylesheet(),
      elements: ringElements({ ring: fixtureRing(), identifiers, orders, extra: [] }, true),
    });
    await runLayout(cy.layout(initialLayout(cy.nodes().length)));
    const before = Object.fromEntries(
      cy.nodes().map((node) => [node.id(), { ...node.position() }]),
    );
    const added = cy.add([
      { group: 'nodes', data: { id: 'IP:9', entityId: '9', type: 'IP', label: '9' } },
      { group: 'nodes', data: { id: 'IP:8', entityId: '8', type: 'IP', label: '8' } },
      { group: 'edges', data: { id: 'x1', source: 'Account:A3', target: 'IP:9', type: 'USES_IP' } },
      { group: 'edges', data: { id: 'x2', source: 'IP:9', target: 'IP:8', type: 'USES_IP' } },
    ]);
    const anchors = added.nodes().neighborhood().nodes().difference(added.nodes());
    const fixed = anchors.nodes().map((node) => ({
      nodeId: node.id(),
      position: { ...node.position() },
    }));
    const scope = added.union(anchors);
    await runLayout(scope.layout(incrementalLayout(fixed)));
    for (const [id, position] of Object.entries(before)) {
      expect(cy.getElementById(id).position()).toEqual(position);
    }
    expect(cy.getElementById('IP:9').position()).not.toEqual(cy.getElementById('IP:8').position());
  });
});

describe('hubQuestion', () => {
  it('asks before expanding a NAT IP with thousands of accounts', () => {
    const question = hubQuestion('IP', '10.1.2.3', {
      truncated: true,
      counts: [
        { type: 'Order', count: 900 },
        { type: 'Account', count: 3214 },
      ],
    });
    expect(question).toBe('NAT IP 10.1.2.3 with 3,214 accounts — expand anyway?');
  });

  it('does not ask for an ordinary node', () => {
    expect(
      hubQuestion('Account', 'A1', { truncated: false, counts: [{ type: 'Order', count: 12 }] }),
    ).toBeNull();
  });
});

describe('exports and charts', () => {
  it('writes orders as RFC 4180 CSV with the input files’ column names', () => {
    const csv = ordersCsv([{ ...orders[0], id: 'O,"1"' } as Order]);
    expect(csv).toBe(
      'order_id,account_id,merchant_id,created_at,amount,repayment_status\r\n"O,""1""",A1,M1,2026-02-01T10:00:00+08:00,100,repaid\r\n',
    );
  });

  it('writes elements as Cytoscape JSON that loads back into the same graph', () => {
    const elements = ringElements({ ring: fixtureRing(), identifiers, orders, extra: [] }, true);
    const cy = cytoscape({ headless: true });
    cy.json(JSON.parse(elementsJson(elements)));
    expect(cy.elements().length).toBe(elements.length);
  });

  it('folds timeline buckets into one bar per day, amounts split by repayment status', () => {
    expect(dailyBars(fixtureRing().timeline)).toEqual([
      { day: '2026-02-01', amount: 150, orders: 2, byStatus: { repaid: 100, defaulted: 50 } },
      { day: '2026-02-02', amount: 150, orders: 1, byStatus: { open: 150 } },
    ]);
  });
});

describe('leaf placement for big neighbourhoods', () => {
  it('spreads any number of leaves around their node without two closer than the spacing', () => {
    const places = spiral({ x: 100, y: 50 }, 500, 14);
    let closest = Number.POSITIVE_INFINITY;
    for (let a = 0; a < places.length; a += 1) {
      for (let b = a + 1; b < places.length; b += 1) {
        const [p, q] = [places[a], places[b]] as [
          { x: number; y: number },
          { x: number; y: number },
        ];
        closest = Math.min(closest, Math.hypot(p.x - q.x, p.y - q.y));
      }
    }
    expect(closest).toBeGreaterThan(14);
    const farthest = Math.max(...places.map((p) => Math.hypot(p.x - 100, p.y - 50)));
    expect(farthest).toBeLessThan(28 + 14 * Math.sqrt(500) + 1);
  });

  it('lengthens an edge by the room its ends’ leaf discs need', () => {
    expect(coreEdgeLength(0, 0)).toBe(60);
    expect(coreEdgeLength(100, 0)).toBe(60 + 14 * 10);
  });
});
