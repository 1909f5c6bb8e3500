import { fetchAlerts, fetchRings } from '../api/documents.ts';
import type { RingStatus } from '../api/types.ts';
import { entityHref } from '../graph/elements.ts';
import { h, message, replace, table } from './dom.ts';
import { loadList } from './feedback.ts';
import { formatScore, formatTime, formatYen } from './format.ts';
import {
  DEFAULT_FILTER,
  DEFAULT_SORT,
  merchantCount,
  type QueueColumn,
  type QueueFilter,
  queueRows,
} from './queue-model.ts';
import type { Page, Router } from './router.ts';

const COLUMNS: { column: QueueColumn; title: string; numeric: boolean }[] = [
  { column: 'score', title: 'Score 评分', numeric: true },
  { column: 'size', title: 'Size 规模', numeric: true },
  { column: 'exposure', title: 'Exposure 敞口', numeric: true },
  { column: 'merchants', title: 'Merchants 商户', numeric: true },
  { column: 'status', title: 'Status 状态', numeric: false },
  { column: 'lastOrderAt', title: 'Last activity 最近活动', numeric: false },
];

/** The start page: rings to review (sortable, filterable) and rule alerts, newest first. */
export function queuePage(root: HTMLElement, router: Router, tab: 'rings' | 'alerts'): Page {
  const tabs = h(
    'nav',
    { class: 'tabs', 'aria-label': 'Queue' },
    h('a', { href: '/', class: tab === 'rings' ? 'active' : '', 'data-link': true }, 'Rings 团伙'),
    h(
      'a',
      { href: '/?tab=alerts', class: tab === 'alerts' ? 'active' : '', 'data-link': true },
      'Alerts 告警',
    ),
  );
  const body = h('section', { class: 'queue-body' }, message('loading', 'Loading…'));
  replace(root, h('div', { class: 'page queue' }, tabs, body));
  if (tab === 'rings') void showRings(body, router);
  else void showAlerts(body);
  return { dispose() {} };
}

async function showRings(body: HTMLElement, router: Router): Promise<void> {
  const rings = await loadList(body, () => fetchRings(), {
    failed: 'The rings could not be loaded.',
    empty: 'No rings yet.',
    emptyHint:
      'Load data and run detection (`npx ringscope load DIR` then `npx ringscope detect`), or search an account above.',
  });
  if (!rings) return;
  const filter: QueueFilter = { ...DEFAULT_FILTER };
  const sort = { ...DEFAULT_SORT };
  const tbody = h('tbody');
  const head = h('tr');
  const summary = h('p', { class: 'hint' });
  const draw = () => {
    const rows = queueRows(rings, filter, sort);
    summary.textContent = `${rows.length} of ${rings.length} rings`;
    replace(
      head,
      h('th', {}, 'Ring 团伙'),
      ...COLUMNS.map(({ column, title, numeric }) =>
        h(
          'th',
          {
            class: numeric ? 'num sortable' : 'sortable',
            'aria-sort':
              sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none',
          },
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                sort.descending = sort.column === column ? !sort.descending : true;
                sort.column = column;
                draw();
              },
            },
            title,
            sort.column === column ? (sort.descending ? ' ▼' : ' ▲') : '',
          ),
        ),
      ),
    );
    replace(
      tbody,
      ...(rows.length === 0
        ? [
            h(
              'tr',
              {},
              h('td', { colspan: 7 }, 'No ring matches the filter — clear it to see all.'),
            ),
          ]
        : rows.map((ring) =>
            h(
              'tr',
              {
                class: `ring-row${ring.flagged ? ' flagged' : ''}`,
                'data-ring': ring.id,
                tabindex: 0,
                onclick: () => router.go(`/ring/${encodeURIComponent(ring.id)}`),
                onkeydown: (event: Event) => {
                  if ((event as KeyboardEvent).key === 'Enter')
                    router.go(`/ring/${encodeURIComponent(ring.id)}`);
                },
              },
              h(
                'td',
                {},
                h(
                  'a',
                  { href: `/ring/${encodeURIComponent(ring.id)}`, 'data-link': true },
                  ring.id,
                ),
              ),
              h('td', { class: 'num' }, formatScore(ring.score), ring.flagged ? ' ⚑' : ''),
              h('td', { class: 'num' }, ring.size),
              h('td', { class: 'num' }, formatYen(ring.exposure)),
              h('td', { class: 'num' }, merchantCount(ring)),
              h(
                'td',
                {},
                h('span', { class: `status status-${ring.status.toLowerCase()}` }, ring.status),
              ),
              h('td', {}, formatTime(ring.lastOrderAt)),
            ),
          )),
    );
  };
  const controls = h(
    'form',
    { class: 'filters', onsubmit: (event: Event) => event.preventDefault() },
    h('input', {
      type: 'search',
      placeholder: 'Filter by ring id 按编号筛选',
      'aria-label': 'Filter by ring id',
      oninput: (event: Event) => {
        filter.text = (event.target as HTMLInputElement).value;
        draw();
      },
    }),
    h(
      'select',
      {
        'aria-label': 'Status',
        onchange: (event: Event) => {
          filter.status = (event.target as HTMLSelectElement).value as RingStatus | 'ANY';
          draw();
        },
      },
      ...['ANY', 'OPEN', 'CONFIRMED', 'DISMISSED'].map((status) =>
        h('option', { value: status }, status === 'ANY' ? 'Any status' : status),
      ),
    ),
    h(
      'label',
      {},
      h('input', {
        type: 'checkbox',
        onchange: (event: Event) => {
          filter.flaggedOnly = (event.target as HTMLInputElement).checked;
          draw();
        },
      }),
      ' Flagged only',
    ),
    h(
      'label',
      {},
      'Min score ',
      h('input', {
        type: 'number',
        min: 0,
        max: 1,
        step: 0.05,
        value: 0,
        oninput: (event: Event) => {
          filter.minScore = Number((event.target as HTMLInputElement).value) || 0;
          draw();
        },
      }),
    ),
    summary,
  );
  draw();
  replace(
    body,
    controls,
    h('div', { class: 'table-wrap' }, h('table', { class: 'rings' }, h('thead', {}, head), tbody)),
  );
}

async function showAlerts(body: HTMLElement): Promise<void> {
  const alerts = await loadList(body, () => fetchAlerts(), {
    failed: 'The alerts could not be loaded.',
    empty: 'No alerts.',
    emptyHint: 'Alerts appear when a saved query marked as a rule matches new data.',
  });
  if (!alerts) return;
  const sorted = [...alerts].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  replace(
    body,
    table(
      'alerts',
      ['Created 时间', 'Rule 规则', 'Subject 对象', 'Summary 摘要'],
      sorted.map((alert) =>
        h(
          'tr',
          { 'data-alert': alert.id },
          h('td', {}, formatTime(alert.createdAt)),
          h('td', {}, alert.ruleTitle),
          h(
            'td',
            {},
            h(
              'a',
              {
                href: entityHref({ id: alert.subjectId, type: alert.subjectType }),
                'data-link': true,
              },
              `${alert.subjectType} ${alert.subjectId}`,
            ),
          ),
          h('td', { class: 'wrap' }, alert.summary),
        ),
      ),
    ),
  );
}
