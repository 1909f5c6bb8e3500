import { describe, expect, it } from 'vitest';
import { alertId, alertsFromRows } from '../../server/alerts/evaluate.ts';
import { defineQuery } from '../../server/queries/library.ts';

const RULE = defineQuery(
  'reused-tracking',
  `// title: Tracking reused across accounts
// name: reused-tracking
// description: Orders shipping with another account's tracking number.
// returns: table
// rule: on-new-orders
// subject: Order order_id
// evidence: tracking, earlier_accounts
// summary: Order {order_id} reuses {tracking}, already used by {earlier_accounts}

MATCH (o:Order) RETURN o.id AS order_id, 'T' AS tracking, [] AS earlier_accounts`,
  { source: 'file', version: 1, author: null, updatedAt: null },
);
const COLUMNS = ['order_id', 'tracking', 'earlier_accounts', 'amount'];

describe('alertId', () => {
  it('is the same for the same rule and subject and differs otherwise (the MERGE key)', () => {
    expect(alertId('r', 'Order', 'O1')).toBe(alertId('r', 'Order', 'O1'));
    expect(alertId('r', 'Order', 'O1')).toMatch(/^alert-[0-9a-f]{24}$/);
    expect(alertId('r', 'Order', 'O1')).not.toBe(alertId('r', 'Order', 'O2'));
    expect(alertId('r', 'Order', 'O1')).not.toBe(alertId('s', 'Order', 'O1'));
    expect(alertId('r', 'Order', 'O1')).not.toBe(alertId('r', 'Account', 'O1'));
  });
});

describe('alertsFromRows', () => {
  it('makes one alert per subject with flattened evidence ids and the filled-in summary', () => {
    const alerts = alertsFromRows(RULE, COLUMNS, [
      ['O2', 'T9', ['A1', 'A2'], 10],
      ['O2', 'T9', ['A3'], 10],
      ['O3', 'T9', [{ id: 'A1', type: 'Account', label: 'A1', properties: {} }], 5],
    ]);
    expect(alerts).toEqual([
      {
        id: alertId('reused-tracking', 'Order', 'O2'),
        rule: 'reused-tracking',
        ruleTitle: 'Tracking reused across accounts',
        subjectType: 'Order',
        subjectId: 'O2',
        evidence: ['T9', 'A1', 'A2'],
        summary: 'Order O2 reuses T9, already used by A1, A2',
      },
      expect.objectContaining({ subjectId: 'O3', evidence: ['T9', 'A1'] }),
    ]);
  });

  it('with `key:`, makes one alert per subject and key values (a new burst day is a new alert)', () => {
    const keyed = defineQuery(
      'device-burst',
      `// title: Device bursts at one merchant
// name: device-burst
// description: Merchants with a burst of orders from one device.
// returns: table
// schedule: 15m
// subject: Merchant merchant_id
// evidence: device_id
// key: device_id, burst_day

RETURN 'M1' AS merchant_id, 'D1' AS device_id, '2026-06-01' AS burst_day`,
      { source: 'file', version: 1, author: null, updatedAt: null },
    );
    const columns = ['merchant_id', 'device_id', 'burst_day'];
    const alerts = alertsFromRows(keyed, columns, [
      ['M1', 'D1', '2026-06-01'],
      ['M1', 'D1', '2026-06-01'],
      ['M1', 'D1', '2026-06-02'],
      ['M1', 'D2', '2026-06-02'],
    ]);
    expect(alerts.map((alert) => alert.id)).toEqual([
      alertId('device-burst', 'Merchant', 'M1', ['D1', '2026-06-01']),
      alertId('device-burst', 'Merchant', 'M1', ['D1', '2026-06-02']),
      alertId('device-burst', 'Merchant', 'M1', ['D2', '2026-06-02']),
    ]);
    expect(new Set(alerts.map((alert) => alert.id)).size).toBe(3);
    expect(alertId('r', 'Order', 'O1', [])).toBe(alertId('r', 'Order', 'O1'));
    expect(() => alertsFromRows(keyed, ['merchant_id', 'device_id'], [['M1', 'D1']])).toThrow(
      'its result has no column burst_day',
    );
  });

  it('skips rows without a subject', () => {
    expect(alertsFromRows(RULE, COLUMNS, [[null, 'T9', [], 1]])).toEqual([]);
  });

  it('names the rule and the missing column when the result lacks the subject or evidence', () => {
    expect(() => alertsFromRows(RULE, ['order_id', 'amount'], [['O1', 1]])).toThrow(
      'Rule reused-tracking: its result has no column tracking, earlier_accounts',
    );
  });
});
