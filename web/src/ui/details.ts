import { fetchEntity } from '../api/documents.ts';
import type { Order, RingDetail } from '../api/types.ts';
import type { EdgeData, NodeData } from '../graph/elements.ts';
import { dailyBars, ordersOf } from '../graph/timeline.ts';
import { histogram, orderTimeline, REPAYMENT_COLORS } from './charts.ts';
import { h, message, replace, table } from './dom.ts';
import { formatScore, formatTime, formatYen } from './format.ts';

type Context = {
  orders: readonly Order[];
  ring: RingDetail | undefined;
  onExpand(id: string): void;
};

const MAX_ROWS = 50;

/** The side panel: the selected element's properties, orders and timeline, or the ring's. */
export function detailsPanel(
  selected: (NodeData & EdgeData) | undefined,
  context: Context,
): HTMLElement {
  const panel = h('section', { class: 'details', 'aria-label': 'Details' });
  if (!selected) {
    const ring = context.ring;
    replace(
      panel,
      h('h2', {}, 'Details 详情'),
      ring
        ? h(
            'div',
            {},
            h(
              'p',
              { class: 'hint' },
              'Click a node or edge for its details; double-click a node to expand it.',
            ),
            ring.timeline.length > 0
              ? histogram(dailyBars(ring.timeline), { from: null, to: null }, () => {})
              : null,
            statusLegend(),
          )
        : message(
            'empty',
            'Click a node for its details.',
            'Double-click a node to expand its neighbourhood.',
          ),
    );
    return panel;
  }
  const orders = selected.orders
    ? context.orders.filter((order) => selected.orders?.includes(order.id))
    : ordersOf(context.orders, selected.entityId ?? '');
  const properties = h('dl', { class: 'properties' });
  const rows: [string, unknown][] = Object.entries(selected).filter(
    ([key]) => !['orders', 'days', 'id'].includes(key),
  );
  replace(
    properties,
    ...rows.flatMap(([key, value]) => [h('dt', {}, key), h('dd', {}, format(key, value))]),
  );
  replace(
    panel,
    h('h2', {}, `${selected.type} ${selected.label ?? selected.id}`),
    properties,
    selected.source === undefined
      ? h(
          'button',
          { type: 'button', onclick: () => context.onExpand(selected.id) },
          'Expand neighbourhood (E)',
        )
      : null,
  );
  if (selected.type === 'Account' || selected.type === 'Merchant') {
    const more = h('div', { class: 'entity' }, message('loading', 'Loading properties…'));
    panel.append(more);
    void fetchEntity(selected.type, selected.entityId).then(
      (entity) => {
        if (!entity) {
          replace(more, message('empty', 'Not in the database any more.'));
          return;
        }
        const { rings, ...rest } = entity as {
          rings?: {
            role: string;
            risk: number;
            ring: { id: string; score: number; status: string };
          }[];
        };
        replace(
          more,
          h(
            'dl',
            { class: 'properties' },
            ...Object.entries(rest).flatMap(([key, value]) => [
              h('dt', {}, key),
              h('dd', {}, format(key, value)),
            ]),
          ),
          rings && rings.length > 0
            ? h(
                'ul',
                { class: 'memberships' },
                ...rings.map((membership) =>
                  h(
                    'li',
                    {},
                    h(
                      'a',
                      {
                        href: `/ring/${encodeURIComponent(membership.ring.id)}`,
                        'data-link': true,
                      },
                      membership.ring.id,
                    ),
                    ` ${membership.role}, risk ${formatScore(membership.risk)}, ${membership.ring.status}`,
                  ),
                ),
              )
            : h('p', { class: 'hint' }, 'In no ring.'),
        );
      },
      (error: unknown) =>
        replace(
          more,
          message(
            'error',
            `Properties could not be loaded: ${String(error)}`,
            'Select the node again to retry.',
          ),
        ),
    );
  }
  if (orders.length > 0) {
    panel.append(
      h('h3', {}, `Orders 订单 (${orders.length})`),
      orderTimeline(orders),
      statusLegend(),
      table(
        'orders',
        ['Order', 'Time', '#Amount', 'Repayment'],
        orders
          .slice(0, MAX_ROWS)
          .map((order) =>
            h(
              'tr',
              {},
              h('td', {}, order.id),
              h('td', {}, formatTime(order.createdAt)),
              h('td', { class: 'num' }, formatYen(order.amount)),
              h('td', {}, order.repaymentStatus ?? '—'),
            ),
          ),
      ),
    );
    if (orders.length > MAX_ROWS) {
      panel.append(
        h('p', { class: 'hint' }, `First ${MAX_ROWS} of ${orders.length}; export CSV for all.`),
      );
    }
  }
  return panel;
}

function statusLegend(): HTMLElement {
  return h(
    'p',
    { class: 'status-legend' },
    ...Object.entries(REPAYMENT_COLORS).map(([status, color]) =>
      h('span', {}, h('span', { class: 'swatch', style: `background:${color}` }), status),
    ),
  );
}

function format(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (key === 'amount' || key === 'bnplLimit') return formatYen(Number(value));
  if (key === 'risk') return formatScore(Number(value));
  if (key === 'createdAt') return formatTime(String(value));
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
