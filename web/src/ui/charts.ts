import type { Order } from '../api/types.ts';
import { type DayRange, inRange } from '../graph/filters.ts';
import { type DayBar, REPAYMENT_ORDER } from '../graph/timeline.ts';
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

/**
 * Order amounts per day, stacked by repayment status; days outside `range` are dimmed. A click
 * picks a day, a shift-click extends the range to it.
 */
export function histogram(
  bars: readonly DayBar[],
  range: DayRange,
  onPick: (day: string, extend: boolean) => void,
): SVGSVGElement {
  const width = Math.max(300, bars.length * 14);
  const height = 80;
  const max = Math.max(1, ...bars.map((bar) => bar.amount));
  const step = width / Math.max(1, bars.length);
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height + 14}`,
    class: 'histogram-chart',
    role: 'img',
    'aria-label': 'Order amounts per day',
    preserveAspectRatio: 'none',
  });
  bars.forEach((bar, index) => {
    const group = svg('g', {
      class: `day${inRange(bar.day, range) ? '' : ' outside'}`,
      'data-day': bar.day,
    });
    let top = height;
    for (const status of REPAYMENT_ORDER) {
      const amount = bar.byStatus[status] ?? 0;
      if (amount <= 0) continue;
      const h = (amount / max) * (height - 4);
      top -= h;
      group.append(
        svg('rect', {
          x: index * step + 1,
          y: top,
          width: Math.max(1, step - 2),
          height: h,
          fill: REPAYMENT_COLORS[status] ?? '#94a3b8',
        }),
      );
    }
    // A full-height transparent target makes small bars easy to click.
    const target = svg('rect', { x: index * step, y: 0, width: step, height, fill: 'transparent' });
    group.append(target);
    title(group, `${bar.day}: ${bar.orders} orders, ${formatYen(bar.amount)}`);
    group.addEventListener('click', (event) => onPick(bar.day, (event as MouseEvent).shiftKey));
    root.append(group);
  });
  const first = bars[0];
  const last = bars[bars.length - 1];
  if (first && last) {
    const label = (x: number, text: string, anchor: string) => {
      const node = svg('text', { x, y: height + 11, 'font-size': 10, 'text-anchor': anchor });
      node.textContent = text;
      root.append(node);
    };
    label(0, first.day, 'start');
    if (last !== first) label(width, last.day, 'end');
  }
  return root;
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
