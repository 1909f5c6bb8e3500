import { search } from '../api/documents.ts';
import { signOut } from '../api/session.ts';
import type { Session } from '../api/types.ts';
import { entityHref } from '../graph/elements.ts';
import { h, replace } from './dom.ts';
import type { Router } from './router.ts';
import { onKeys } from './shortcuts.ts';

const HELP = [
  ['/', 'Search'],
  ['?', 'This help'],
  ['1–9', 'Highlight a reason'],
  ['Double-click / E', 'Expand a node'],
  ['Shift+click, P', 'Select two nodes, shortest path'],
  ['O', 'Show or collapse orders'],
  ['F', 'Fit the graph'],
  ['Ctrl+Z / Ctrl+Shift+Z', 'Undo / redo'],
  ['Esc', 'Clear highlight and path'],
];

/** Header (navigation, search, who is signed in) and the element pages render into. */
export function createShell(
  root: HTMLElement,
  session: Session,
  onSignedOut: () => void,
): {
  main: HTMLElement;
  attach(router: Router): void;
} {
  const main = h('main', { id: 'main' });
  const results = h('ul', { class: 'search-results', role: 'listbox', hidden: true });
  const input = h('input', {
    type: 'search',
    id: 'search',
    placeholder: 'Search account, merchant, device, phone, tracking… 搜索',
    'aria-label': 'Search',
    autocomplete: 'off',
  });
  const help = h(
    'dialog',
    { class: 'help', 'aria-label': 'Keyboard shortcuts' },
    h('h2', {}, 'Keyboard shortcuts 快捷键'),
    h(
      'dl',
      {},
      ...HELP.flatMap(([keys, what]) => [
        h('dt', {}, h('kbd', {}, keys as string)),
        h('dd', {}, what as string),
      ]),
    ),
    h('form', { method: 'dialog' }, h('button', { type: 'submit' }, 'Close')),
  );
  const header = h(
    'header',
    { class: 'app-header' },
    h(
      'a',
      { href: '/', class: 'brand', 'data-link': true },
      'RingScope ',
      h('small', {}, '团伙侦查'),
    ),
    h(
      'nav',
      {},
      h('a', { href: '/', 'data-link': true }, 'Queue 队列'),
      h('a', { href: '/queries', 'data-link': true }, 'Saved queries 查询'),
    ),
    h('div', { class: 'search' }, input, results),
    h(
      'div',
      { class: 'who' },
      h('span', { title: `role: ${session.role}` }, `${session.name} · ${session.role}`),
      h(
        'button',
        { type: 'button', onclick: () => help.showModal(), title: 'Keyboard shortcuts (?)' },
        '?',
      ),
      h(
        'button',
        {
          type: 'button',
          'data-action': 'sign-out',
          onclick: async () => {
            await signOut();
            onSignedOut();
          },
        },
        'Sign out',
      ),
    ),
  );
  replace(root, header, main, help);
  return {
    main,
    attach(router) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let asked = '';
      input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
          const text = input.value.trim();
          asked = text;
          if (text === '') {
            results.hidden = true;
            return;
          }
          try {
            const hits = await search(text);
            if (asked !== text) return;
            replace(
              results,
              ...(hits.length === 0
                ? [
                    h(
                      'li',
                      { class: 'hint' },
                      'Nothing starts with that. Ids and merchant names match by prefix.',
                    ),
                  ]
                : hits.map((hit) =>
                    h(
                      'li',
                      {},
                      h(
                        'a',
                        {
                          href: entityHref(hit),
                          'data-link': true,
                          onclick: () => {
                            results.hidden = true;
                          },
                        },
                        h('span', { class: 'hit-kind' }, hit.type),
                        ` ${hit.label}`,
                      ),
                    ),
                  )),
            );
          } catch (error) {
            replace(
              results,
              h(
                'li',
                { class: 'error' },
                `Search failed: ${error instanceof Error ? error.message : String(error)}`,
              ),
            );
          }
          results.hidden = false;
        }, 200);
      });
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') {
          results.hidden = true;
          input.blur();
        }
        if (event.key === 'Enter') {
          const first = results.querySelector('a');
          if (first) router.go(first.getAttribute('href') ?? '/');
          results.hidden = true;
        }
      });
      onKeys({
        '/': () => input.focus(),
        '?': () => help.showModal(),
      });
    },
  };
}
