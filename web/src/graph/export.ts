import type { ElementDefinition } from 'cytoscape';
import type { Order } from '../api/types.ts';

/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function field(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Orders as CSV with a header row, in the input files' column names. */
export function ordersCsv(orders: readonly Order[]): string {
  const header = [
    'order_id',
    'account_id',
    'merchant_id',
    'created_at',
    'amount',
    'repayment_status',
  ];
  const rows = orders.map((order) =>
    [
      order.id,
      order.accountId,
      order.merchantId,
      order.createdAt,
      order.amount,
      order.repaymentStatus,
    ]
      .map(field)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

/** Elements as Cytoscape JSON (`{elements: {nodes, edges}}`), loadable by `cy.json()`. */
export function elementsJson(elements: readonly ElementDefinition[]): string {
  const pick = (group: 'nodes' | 'edges') =>
    elements.filter((element) => element.group === group).map(({ data }) => ({ data }));
  return JSON.stringify({ elements: { nodes: pick('nodes'), edges: pick('edges') } }, null, 2);
}
