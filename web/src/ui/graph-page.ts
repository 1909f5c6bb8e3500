import type { ElementDefinition } from 'cytoscape';
import {
  fetchIdentifiers,
  fetchNeighborhood,
  fetchPath,
  fetchRing,
  fetchRingOrders,
} from '../api/documents.ts';
import type { Neighborhood, Order, RingDetail } from '../api/types.ts';
import { config } from '../config.ts';
import {
  type EdgeData,
  entityOf,
  mergeElements,
  type NodeData,
  neighborhoodElements,
  ringElements,
} from '../graph/elements.ts';
import { elementsJson, ordersCsv } from '../graph/export.ts';
import { evidenceElementIds, hiddenElementIds, nodeTypes } from '../graph/filters.ts';
import { hubQuestion } from '../graph/hub.ts';
import { NODE_TYPES } from '../graph/style.ts';
import { dailyBars } from '../graph/timeline.ts';
import { GraphView } from '../graph/view.ts';
import { formatViewState, History, parseViewState, type ViewState } from '../graph/view-state.ts';
import { histogram } from './charts.ts';
import { decisionPanel } from './decision.ts';
import { detailsPanel } from './details.ts';
import { confirmDialog } from './dialog.ts';
import { download, h, message, replace } from './dom.ts';
import { errorMessage } from './feedback.ts';
import { formatScore, formatYen } from './format.ts';
import type { Page, Router } from './router.ts';
import { onKeys } from './shortcuts.ts';

/** A ring, or an entity by id and, when known, kind. */
export type GraphTarget = { kind: 'ring' | 'entity'; id: string; type?: string | null };

/** What the page loaded once: the ring (with orders and identifiers) or the entity's neighbourhood. */
type Base =
  | { kind: 'ring'; ring: RingDetail; orders: Order[]; identifiers: Neighborhood[] }
  | { kind: 'entity'; hood: Neighborhood };

declare global {
  interface Window {
    /** Test and benchmark hooks (dev and test builds only). */
    __ringscope?: { view: GraphView; state: () => ViewState; ready: boolean };
  }
}

/**
 * A graph view of a ring (members, shared identifiers, orders; reasons and the decision panel
 * beside it) or of any entity's neighbourhood. Its state lives in the URL.
 */
export function graphPage(root: HTMLElement, router: Router, target: GraphTarget, url: URL): Page {
  const history = new History<ViewState>(parseViewState(url.searchParams));
  const hoods = new Map<string, Neighborhood>();
  const paths = new Map<string, Neighborhood | null>();
  let base: Base | undefined;
  let elements: ElementDefinition[] = [];
  let disposed = false;

  const title = h('h1', {}, target.kind === 'ring' ? `Ring ${target.id}` : target.id);
  const facts = h('p', { class: 'facts' });
  const toolbar = h('div', { class: 'toolbar', role: 'toolbar' });
  const types = h('div', { class: 'types', 'aria-label': 'Show or hide node types' });
  const status = h('p', { class: 'canvas-status', role: 'status' }, 'Loading the graph…');
  const canvas = h('div', { class: 'canvas', 'aria-label': 'Graph canvas' });
  const left = h('aside', { class: 'left' });
  const detailsBox = h('div');
  const decisionBox = h('div');
  const right = h('aside', { class: 'right' }, detailsBox, decisionBox);
  const bottom = h('section', { class: 'histogram', 'aria-label': 'Orders per day' });
  const legend = h('div', { class: 'legend' });
  replace(
    root,
    h(
      'div',
      { class: 'page graph-page' },
      h('header', { class: 'graph-head' }, h('div', { class: 'title' }, title, facts), toolbar),
      types,
      h(
        'div',
        { class: 'graph-main' },
        left,
        h('div', { class: 'canvas-wrap' }, canvas, legend, status),
        right,
      ),
      bottom,
    ),
  );

  const view = new GraphView(
    canvas,
    {
      onSelect: (id) => {
        history.replace({ ...history.current, selected: id });
        syncUrl();
        showDetails();
      },
      onExpand: (id) => void expand(id),
    },
    { webgl: config.webgl },
  );
  const hooks = { view, state: () => history.current, ready: false };
  if (config.testHooks) window.__ringscope = hooks;

  const state = () => history.current;
  // An entity view's kind and size (type, hops, limit) are part of its address, beside the view state.
  const entityParams = [...url.searchParams].filter(([name]) =>
    ['type', 'hops', 'limit'].includes(name),
  );
  const syncUrl = () => {
    const params = new URLSearchParams([...entityParams, ...formatViewState(state())]).toString();
    router.replace(`${window.location.pathname}${params ? `?${params}` : ''}`);
  };
  const change = (next: ViewState) => {
    history.push(next);
    void refresh();
  };

  /** Nodes whose neighbourhood is being fetched: a second gesture on one adds nothing. */
  const expanding = new Set<string>();

  async function expand(id: string): Promise<void> {
    if (state().expanded.includes(id) || expanding.has(id)) return;
    expanding.add(id);
    try {
      await expandNode(id);
    } finally {
      expanding.delete(id);
    }
  }

  async function expandNode(id: string): Promise<void> {
    const node = view.cy.getElementById(id);
    const entity = entityOf(id);
    const label = node.nonempty() ? String(node.data('label')) : entity.id;
    const type = node.nonempty() ? String(node.data('type')) : (entity.type ?? '');
    status.textContent = `Expanding ${label}…`;
    try {
      const hood = await fetchNeighborhood(entity);
      if (!hood) {
        status.textContent = `${label} is no longer in the database.`;
        return;
      }
      const question = hubQuestion(type, label, hood);
      const shown = hood.nodes.length - 1;
      if (
        question &&
        !(await confirmDialog(
          question,
          `Its neighbours: ${(hood.counts ?? []).map((c) => `${c.count} ${c.type}`).join(', ')}. Expanding adds the nearest ${shown}.`,
          'Expand anyway',
        ))
      ) {
        status.textContent = '';
        return;
      }
      hoods.set(id, hood);
      change({ ...state(), expanded: [...state().expanded, id] });
    } catch (error) {
      status.textContent = `Could not expand ${label}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Fetches what the state needs and is not cached (expansions from a shared link, a path). */
  async function load(current: ViewState): Promise<Neighborhood[]> {
    await Promise.all(
      current.expanded
        .filter((id) => !hoods.has(id))
        .map(async (id) => {
          const hood = await fetchNeighborhood(entityOf(id));
          if (hood) hoods.set(id, hood);
        }),
    );
    const extra = current.expanded.flatMap((id) =>
      hoods.has(id) ? [hoods.get(id) as Neighborhood] : [],
    );
    if (current.path) {
      const key = current.path.join('|');
      if (!paths.has(key)) {
        paths.set(key, await fetchPath(entityOf(current.path[0]), entityOf(current.path[1])));
      }
      const path = paths.get(key);
      if (path) extra.push(path);
    }
    return extra;
  }

  // Renders run one after another, each for the state current when it starts, so quick
  // successive changes (undo pressed twice) never interleave two layouts.
  let rendering: Promise<void> = Promise.resolve();
  function refresh(): Promise<void> {
    rendering = rendering.then(render, render);
    return rendering;
  }

  async function render(): Promise<void> {
    if (!base) return;
    const current = state();
    hooks.ready = false;
    status.textContent = 'Updating…';
    let extra: Neighborhood[];
    try {
      extra = await load(current);
    } catch (error) {
      status.textContent = `Could not load part of the view: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    if (disposed) return;
    elements =
      base.kind === 'ring'
        ? ringElements(
            { ring: base.ring, identifiers: base.identifiers, orders: base.orders, extra },
            !current.showOrders,
          )
        : mergeElements(neighborhoodElements(base.hood), ...extra.map(neighborhoodElements));
    await view.render(elements);
    view.applyFilter(hiddenElementIds(elements, new Set(current.hiddenTypes), current.range));
    const reason =
      base.kind === 'ring' && current.reason !== null
        ? base.ring.reasons[current.reason]
        : undefined;
    view.highlight(reason ? evidenceElementIds(elements, reason.evidence) : null, 'evidence');
    const pathHood = current.path ? paths.get(current.path.join('|')) : undefined;
    view.highlight(
      pathHood
        ? new Set(neighborhoodElements(pathHood).map((element) => element.data.id as string))
        : null,
      'on-path',
    );
    view.select(current.selected);
    const nodes = elements.filter((element) => element.group === 'nodes').length;
    status.textContent =
      current.path && pathHood === null
        ? 'No path within 6 hops between the two selected nodes.'
        : `${nodes} nodes, ${elements.length - nodes} edges${view.webgl ? ' · WebGL' : ''}`;
    drawChrome();
    syncUrl();
    hooks.ready = true;
  }

  function drawChrome(): void {
    const current = state();
    const present = nodeTypes(elements);
    replace(
      types,
      ...present.map((type) =>
        h(
          'label',
          { class: 'type-toggle' },
          h('input', {
            type: 'checkbox',
            'data-type': type,
            checked: !current.hiddenTypes.includes(type),
            onchange: (event: Event) => {
              const shown = (event.target as HTMLInputElement).checked;
              change({
                ...state(),
                hiddenTypes: shown
                  ? state().hiddenTypes.filter((hidden) => hidden !== type)
                  : [...state().hiddenTypes, type],
              });
            },
          }),
          h('span', {
            class: 'swatch',
            style: `background:${NODE_TYPES[type]?.color ?? '#94a3b8'}`,
          }),
          NODE_TYPES[type]?.legend ?? type,
        ),
      ),
    );
    replace(
      legend,
      h('strong', {}, 'Legend 图例'),
      ...present.map((type) =>
        h(
          'span',
          {},
          h('span', { class: 'swatch', style: `background:${NODE_TYPES[type]?.color}` }),
          NODE_TYPES[type]?.legend ?? type,
        ),
      ),
      h('span', {}, h('span', { class: 'swatch ring-border' }), 'Border: risk 风险'),
      base?.kind === 'ring'
        ? h('span', {}, h('span', { class: 'swatch bnpl' }), 'BNPL orders (width = count)')
        : null,
    );
    const selected = view.selectedNodeIds();
    const button = (
      label: string,
      keys: string,
      onclick: () => void,
      disabled = false,
      name = label,
    ) =>
      h(
        'button',
        { type: 'button', title: `${label} (${keys})`, disabled, onclick, 'data-action': name },
        label,
      );
    replace(
      toolbar,
      button(
        'Undo',
        'Ctrl+Z',
        () => {
          history.undo();
          void refresh();
        },
        !history.canUndo,
        'undo',
      ),
      button(
        'Redo',
        'Ctrl+Shift+Z',
        () => {
          history.redo();
          void refresh();
        },
        !history.canRedo,
        'redo',
      ),
      button('Fit', 'F', () => view.fit(), false, 'fit'),
      base?.kind === 'ring'
        ? button(
            current.showOrders ? 'Collapse orders' : 'Show orders',
            'O',
            toggleOrders,
            false,
            'orders',
          )
        : null,
      button('Shortest path', 'P', shortestPath, selected.length !== 2, 'path'),
      current.path
        ? button('Clear path', 'Esc', () => change({ ...state(), path: null }), false, 'clear-path')
        : null,
      button('PNG', '', () => download(`${target.id}.png`, view.png()), false, 'png'),
      button(
        'JSON',
        '',
        () => download(`${target.id}.json`, elementsJson(elements), 'application/json'),
        false,
        'json',
      ),
      base?.kind === 'ring'
        ? button(
            'Orders CSV',
            '',
            () =>
              download(
                `${target.id}-orders.csv`,
                ordersCsv(base?.kind === 'ring' ? base.orders : []),
                'text/csv',
              ),
            false,
            'csv',
          )
        : null,
      button(
        'Copy link',
        '',
        () => void navigator.clipboard?.writeText(window.location.href),
        false,
        'link',
      ),
    );
    drawHistogram();
    if (base?.kind === 'ring') drawReasons(base.ring);
    else if (base) drawCounts(base.hood);
    showDetails();
  }

  function toggleOrders(): void {
    change({ ...state(), showOrders: !state().showOrders });
  }

  function shortestPath(): void {
    const [a, b] = view.selectedNodeIds();
    if (a === undefined || b === undefined) {
      status.textContent = 'Select two nodes (Shift+click) to find the shortest path between them.';
      return;
    }
    change({ ...state(), path: [a, b] });
  }

  function drawHistogram(): void {
    if (base?.kind !== 'ring' || base.ring.timeline.length === 0) {
      replace(bottom);
      return;
    }
    const current = state();
    const pick = (day: string, extend: boolean) => {
      const range = current.range;
      const next =
        extend && (range.from || range.to)
          ? {
              from: [range.from ?? day, day].sort()[0] as string,
              to: [range.to ?? day, day].sort()[1] as string,
            }
          : { from: day, to: day };
      change({ ...state(), range: next });
    };
    const dateInput = (which: 'from' | 'to') =>
      h('input', {
        type: 'date',
        value: current.range[which] ?? '',
        'aria-label': which === 'from' ? 'From day' : 'To day',
        onchange: (event: Event) => {
          const value = (event.target as HTMLInputElement).value || null;
          change({ ...state(), range: { ...state().range, [which]: value } });
        },
      });
    replace(
      bottom,
      h(
        'div',
        { class: 'range' },
        h('strong', {}, 'Orders per day 每日订单'),
        ' from ',
        dateInput('from'),
        ' to ',
        dateInput('to'),
        current.range.from || current.range.to
          ? h(
              'button',
              {
                type: 'button',
                onclick: () => change({ ...state(), range: { from: null, to: null } }),
              },
              'All days',
            )
          : h('span', { class: 'hint' }, 'Click a day to filter, Shift+click to extend'),
      ),
      histogram(dailyBars(base.ring.timeline), current.range, pick),
    );
  }

  function drawReasons(ring: RingDetail): void {
    const current = state();
    const onCanvas = new Set(
      elements.flatMap((element) => {
        const data = element.data as NodeData & EdgeData;
        return data.orders ?? [data.entityId];
      }),
    );
    replace(
      left,
      h('h2', {}, 'Reasons 理由'),
      ring.reasons.length === 0
        ? message('empty', 'Detection recorded no reasons for this ring.')
        : h(
            'ol',
            { class: 'reasons' },
            ...ring.reasons.map((reason, index) =>
              h(
                'li',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: `reason${current.reason === index ? ' active' : ''}`,
                    'data-reason': index,
                    'aria-pressed': current.reason === index ? 'true' : 'false',
                    onclick: () =>
                      change({ ...state(), reason: state().reason === index ? null : index }),
                  },
                  h('span', { class: `kind kind-${reason.kind}` }, reason.kind),
                  h('span', { class: 'weight' }, `${Math.round(reason.weight * 100)}%`),
                  h('span', { class: 'text' }, reason.text),
                  h(
                    'span',
                    { class: 'hint' },
                    `${reason.evidence.length} evidence, ${reason.evidence.filter((id) => onCanvas.has(id)).length} on the canvas`,
                  ),
                ),
              ),
            ),
          ),
      h('p', { class: 'hint' }, 'Keys 1–9 pick a reason; Esc clears.'),
    );
  }

  function drawCounts(hood: Neighborhood): void {
    replace(
      left,
      h('h2', {}, 'Direct neighbours 直接关联'),
      h(
        'ul',
        { class: 'counts' },
        ...(hood.counts ?? []).map((entry) =>
          h('li', {}, `${entry.count.toLocaleString('en-US')} ${entry.type}`),
        ),
      ),
      hood.truncated
        ? h(
            'p',
            { class: 'hint' },
            `Showing the nearest ${hood.nodes.length - 1}; more were reachable.`,
          )
        : null,
      h(
        'p',
        { class: 'hint' },
        'Double-click a node to expand it; Shift+click two nodes, then P for the shortest path.',
      ),
    );
  }

  function showDetails(): void {
    const current = state();
    const selected = current.selected ? view.cy.getElementById(current.selected) : undefined;
    const data = selected?.nonempty() ? (selected.data() as NodeData & EdgeData) : undefined;
    const ring = base?.kind === 'ring' ? base : undefined;
    replace(
      detailsBox,
      detailsPanel(data, {
        orders: ring?.orders ?? [],
        ring: ring?.ring,
        onExpand: (id) => void expand(id),
      }),
    );
  }

  const stopKeys = onKeys({
    f: () => view.fit(),
    o: () => (base?.kind === 'ring' ? toggleOrders() : undefined),
    p: shortestPath,
    e: () => {
      const id = state().selected;
      if (id) void expand(id);
    },
    'ctrl+z': () => {
      history.undo();
      void refresh();
    },
    'ctrl+shift+z': () => {
      history.redo();
      void refresh();
    },
    'ctrl+y': () => {
      history.redo();
      void refresh();
    },
    escape: () => change({ ...state(), reason: null, path: null }),
    ...Object.fromEntries(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [
        String(n),
        () => {
          if (base?.kind === 'ring' && base.ring.reasons[n - 1]) {
            change({ ...state(), reason: state().reason === n - 1 ? null : n - 1 });
          }
        },
      ]),
    ),
  });

  void (async () => {
    try {
      base = await loadBase(target, url, (text) => {
        status.textContent = text;
      });
    } catch (error) {
      replace(
        canvas.parentElement as HTMLElement,
        errorMessage(error, 'The graph could not be loaded.'),
      );
      return;
    }
    if (disposed) return;
    if (!base) {
      replace(
        root,
        message(
          'empty',
          `Nothing has the id ${target.id}.`,
          target.kind === 'ring'
            ? 'The ring may have been retired by a later detection run: pick one from the queue.'
            : 'Check the id, or use the search box (ids and merchant names by prefix).',
        ),
      );
      return;
    }
    if (base.kind === 'ring') {
      const ring = base.ring;
      facts.textContent = ringFacts(ring);
      replace(
        decisionBox,
        decisionPanel(ring, (status) => {
          ring.status = status;
          facts.textContent = ringFacts(ring);
        }),
      );
    }
    await refresh();
  })();

  return {
    dispose() {
      disposed = true;
      stopKeys();
      view.destroy();
      if (window.__ringscope === hooks) window.__ringscope = undefined;
    },
  };
}

function ringFacts(ring: RingDetail): string {
  return `score ${formatScore(ring.score)}${ring.flagged ? ' ⚑ flagged' : ''} · ${ring.size} members · exposure ${formatYen(ring.exposure)} · ${ring.orderCount} BNPL orders · ${ring.status}${ring.active ? '' : ' · retired'}`;
}

async function loadBase(
  target: GraphTarget,
  url: URL,
  progress: (text: string) => void,
): Promise<Base | undefined> {
  if (target.kind === 'entity') {
    const hops = Math.min(3, Math.max(1, Number(url.searchParams.get('hops')) || 1));
    const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit')) || 200));
    const hood = await fetchNeighborhood({ id: target.id, type: target.type ?? null }, hops, limit);
    return hood ? { kind: 'entity', hood } : undefined;
  }
  progress('Loading the ring…');
  const ring = await fetchRing(target.id);
  if (!ring) return undefined;
  progress(`Loading ${ring.orderCount} orders and the members’ identifiers…`);
  const accounts = ring.members
    .filter((member) => member.type === 'ACCOUNT')
    .map((member) => member.id);
  const merchants = ring.members
    .filter((member) => member.type === 'MERCHANT')
    .map((member) => member.id);
  const [orders, accountIds, merchantIds] = await Promise.all([
    fetchRingOrders(ring.id),
    fetchIdentifiers(accounts, 200),
    fetchIdentifiers(merchants, 1000),
  ]);
  return { kind: 'ring', ring, orders, identifiers: [...accountIds, ...merchantIds] };
}
