import { fetchSavedQueries, runSavedQuery } from '../api/documents.ts';
import type { SavedQuery, SavedQueryResult } from '../api/types.ts';
import { config } from '../config.ts';
import { entityHref, entityOf, neighborhoodElements } from '../graph/elements.ts';
import { GraphView } from '../graph/view.ts';
import { h, message, replace, table } from './dom.ts';
import { errorMessage, loadList } from './feedback.ts';
import type { Page, Router } from './router.ts';
import { type FormValue, initialValue, toParams } from './saved-query-form.ts';

/** Saved Cypher queries: the list, a form from each query's parameters, results as table and graph. */
export function savedQueriesPage(
  root: HTMLElement,
  router: Router,
  name: string | null,
  url: URL,
): Page {
  const list = h(
    'nav',
    { class: 'query-list', 'aria-label': 'Saved queries' },
    message('loading', 'Loading saved queries…'),
  );
  const detail = h('section', { class: 'query-detail' });
  let view: GraphView | undefined;
  replace(root, h('div', { class: 'page queries' }, list, detail));
  void (async () => {
    const queries = await loadList(list, () => fetchSavedQueries(), {
      failed: 'The saved queries could not be loaded.',
      empty: 'No saved queries.',
      emptyHint: 'Add .cypher files under cypher/queries/ or save one through the API.',
    });
    if (!queries) return;
    replace(
      list,
      h('h2', {}, 'Saved queries 查询'),
      h(
        'ul',
        {},
        ...queries.map((query) =>
          h(
            'li',
            { class: query.name === name ? 'active' : '' },
            h(
              'a',
              {
                href: `/queries/${encodeURIComponent(query.name)}`,
                'data-link': true,
                'data-query': query.name,
              },
              query.title,
            ),
            h('span', { class: 'hint' }, ` ${query.tags.join(' · ')}`),
          ),
        ),
      ),
    );
    const query = queries.find((candidate) => candidate.name === name);
    if (!query) {
      replace(
        detail,
        message('empty', name ? `No saved query is called ${name}.` : 'Pick a query on the left.'),
      );
      return;
    }
    showQuery(query);
  })();

  function showQuery(query: SavedQuery): void {
    const results = h('div', { class: 'results' });
    const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
    const errors = new Map<string, HTMLElement>();
    const fields = query.parameters.map((parameter) => {
      const start = initialValue(parameter, url.searchParams.get(parameter.name));
      const attributes = {
        name: parameter.name,
        id: `param-${parameter.name}`,
        'data-param': parameter.name,
      };
      const input =
        parameter.type === 'STRING_LIST'
          ? h('textarea', {
              ...attributes,
              rows: 2,
              placeholder: 'one per line or comma-separated',
            })
          : h('input', {
              ...attributes,
              type:
                parameter.type === 'BOOLEAN'
                  ? 'checkbox'
                  : parameter.type === 'INTEGER' || parameter.type === 'FLOAT'
                    ? 'number'
                    : 'text',
              step: parameter.type === 'INTEGER' ? 1 : parameter.type === 'FLOAT' ? 'any' : null,
              min: parameter.min,
              max: parameter.max,
              placeholder: parameter.type === 'DATETIME' ? '2026-03-14T21:05:00+08:00' : null,
              required: parameter.required,
            });
      if (input instanceof HTMLInputElement && input.type === 'checkbox')
        input.checked = start === true;
      else input.value = String(start);
      inputs.set(parameter.name, input);
      const error = h('span', { class: 'error' });
      errors.set(parameter.name, error);
      return h(
        'div',
        { class: 'field' },
        h(
          'label',
          { for: attributes.id },
          parameter.name,
          parameter.required ? ' *' : '',
          h('span', { class: 'hint' }, ` ${parameter.type.toLowerCase()}`),
        ),
        input,
        h('span', { class: 'hint' }, parameter.description),
        error,
      );
    });
    const run = async () => {
      const values: Record<string, FormValue> = {};
      for (const [key, input] of inputs) {
        values[key] =
          input instanceof HTMLInputElement && input.type === 'checkbox'
            ? input.checked
            : input.value;
      }
      const { params, errors: problems } = toParams(query.parameters, values);
      for (const [key, element] of errors) element.textContent = problems[key] ?? '';
      if (Object.keys(problems).length > 0) return;
      const search = new URLSearchParams(
        Object.entries(values).flatMap(([key, value]) =>
          value === '' ? [] : [[key, String(value)]],
        ),
      ).toString();
      router.replace(`/queries/${encodeURIComponent(query.name)}${search ? `?${search}` : ''}`);
      replace(results, message('loading', 'Running…'));
      try {
        showResult(results, await runSavedQuery(query.name, params));
      } catch (error) {
        replace(results, errorMessage(error, 'The query failed.'));
      }
    };
    replace(
      detail,
      h('h1', {}, query.title),
      h('p', { class: 'wrap' }, query.description),
      h(
        'form',
        {
          class: 'query-form',
          onsubmit: (event: Event) => {
            event.preventDefault();
            void run();
          },
        },
        ...fields,
        h('button', { type: 'submit', class: 'primary' }, 'Run 运行'),
      ),
      results,
    );
  }

  function showResult(target: HTMLElement, result: SavedQueryResult): void {
    view?.destroy();
    view = undefined;
    const rows =
      result.rows.length === 0
        ? message(
            'empty',
            'No rows.',
            'Widen the parameters (e.g. a lower threshold or a longer period).',
          )
        : table(
            'result-table',
            result.columns,
            result.rows.map((row) =>
              h('tr', {}, ...row.map((cell) => h('td', {}, cellText(cell)))),
            ),
          );
    const canvas = h('div', { class: 'canvas result-canvas' });
    replace(
      target,
      h(
        'p',
        { class: 'hint' },
        `${result.rows.length} rows in ${result.elapsedMs} ms${result.truncated ? ` (first ${result.rowLimit} only)` : ''}`,
      ),
      result.graph && result.graph.nodes.length > 0 ? canvas : null,
      rows,
    );
    if (result.graph && result.graph.nodes.length > 0) {
      const graphView = new GraphView(
        canvas,
        {
          onSelect: () => {},
          onExpand: (id) => router.go(entityHref(entityOf(id))),
        },
        { webgl: config.webgl },
      );
      view = graphView;
      void graphView.render(neighborhoodElements(result.graph));
    }
  }

  return { dispose: () => view?.destroy() };
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '—';
  if (typeof cell === 'object') {
    const node = cell as { type?: string; label?: string; id?: string };
    if (node.type && (node.label || node.id)) return `${node.type} ${node.label ?? node.id}`;
    return JSON.stringify(cell);
  }
  return String(cell);
}
