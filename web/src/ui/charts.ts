import type { Order } from '../api/types.ts';
import { type DayRange, inRange } from '../graph/filters.ts';
import { type DayBar, REPAYMENT_ORDER } from '../graph/timeline.ts';
import { h } from './dom.ts';
import { formatYen } from './format.ts';

const SVG = 'http://www.w3.org/2000/svg';

/** Colours of repayment statuses in both charts. */
export const REPAYMENT_COLORS: Record<string, string> = {
  repaid: '#22c55e',
  'n/a': '#94a3b8',
  open: '#3b82f6',
  overdue: '#f59e0b',
  defaulted: '#dc2626',
};

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

function title(element: SVGElement, text: string): void {
  const tip = svg('title', {});
  tip.textContent = text;
  element.append(tip);
}

const DAY_MS = 86_400_000;

/**
 * Order amounts per day on a time axis from the first to the last day (days without orders
 * stay empty), stacked by repayment status; days outside `range` are dimmed. A click picks a
 * day, a shift-click extends the range to it. The SVG stretches to its box; dates are HTML so
 * they never distort.
 */
export function histogram(
  bars: readonly DayBar[],
  range: DayRange,
  onPick: (day: string, extend: boolean) => void,
): HTMLElement {
  const first = bars[0];
  const last = bars[bars.length - 1];
  const start = first ? Date.parse(first.day) : 0;
  const slots = last ? Math.round((Date.parse(last.day) - start) / DAY_MS) + 1 : 1;
  const height = 80;
  const max = Math.max(1, ...bars.map((bar) => bar.amount));
  const root = svg('svg', {
    viewBox: `0 0 ${slots * 10} ${height}`,
    class: 'histogram-chart',
    role: 'img',
    'aria-label': 'Order amounts per day',
    preserveAspectRatio: 'none',
  });
  for (const bar of bars) {
    const x = Math.round((Date.parse(bar.day) - start) / DAY_MS) * 10;
    const group = svg('g', {
      class: `day${inRange(bar.day, range) ? '' : ' outside'}`,
      'data-day': bar.day,
    });
    let top = height;
    for (const status of REPAYMENT_ORDER) {
      const amount = bar.byStatus[status] ?? 0;
      if (amount <= 0) continue;
      const size = (amount / max) * (height - 2);
      top -= size;
      group.append(
        svg('rect', {
          x: x + 1,
          y: top,
          width: 8,
          height: size,
          fill: REPAYMENT_COLORS[status] ?? '#94a3b8',
        }),
      );
    }
    // A full-height transparent target makes small bars easy to click.
    group.append(svg('rect', { x, y: 0, width: 10, height, fill: 'transparent' }));
    title(group, `${bar.day}: ${bar.orders} orders, ${formatYen(bar.amount)}`);
    group.addEventListener('click', (event) => onPick(bar.day, (event as MouseEvent).shiftKey));
    root.append(group);
  }
  return h(
    'div',
    { class: 'histogram-box' },
    root,
    h('div', { class: 'axis' }, h('span', {}, first?.day ?? ''), h('span', {}, last?.day ?? '')),
  );
}

/** One entity's orders over time: a dot per order, height by amount, colour by repayment. */
export function orderTimeline(orders: readonly Order[]): SVGSVGElement {
  const width = 320;
  const height = 120;
  const dated = orders.filter((order) => order.createdAt !== null);
  const times = dated.map((order) => Date.parse(order.createdAt as string));
  const start = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - start);
  const max = Math.max(1, ...dated.map((order) => order.amount ?? 0));
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'timeline-chart',
    role: 'img',
    'aria-label': 'Orders by amount and repayment status',
  });
  root.append(
    svg('line', { x1: 0, y1: height - 10, x2: width, y2: height - 10, stroke: '#cbd5e1' }),
  );
  dated.forEach((order, index) => {
    const x = 6 + (((times[index] as number) - start) / span) * (width - 12);
    const y = height - 12 - ((order.amount ?? 0) / max) * (height - 24);
    const dot = svg('circle', {
      cx: x,
      cy: y,
      r: 4,
      fill: REPAYMENT_COLORS[order.repaymentStatus ?? 'n/a'] ?? '#94a3b8',
    });
    title(
      dot,
      `${order.id} ${order.createdAt}: ${formatYen(order.amount)} (${order.repaymentStatus ?? 'n/a'})`,
    );
    root.append(dot);
  });
  return root;
}
