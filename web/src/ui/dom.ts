type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/**
 * Creates an element: `on*` attributes become listeners, `false`/null attributes are left out,
 * children may be strings. The app's only DOM builder (no framework).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  element.append(...nodes(children));
  return element;
}

function nodes(children: Child[]): (Node | string)[] {
  return children.flatMap((child) =>
    child === null || child === undefined || child === false
      ? []
      : [child instanceof Node ? child : String(child)],
  );
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...nodes(children));
}

/** A "loading" line, an empty state or an error that says what to do next. */
export function message(
  kind: 'loading' | 'empty' | 'error',
  text: string,
  hint?: string,
): HTMLElement {
  return h(
    'div',
    { class: `state state-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('p', {}, text),
    hint ? h('p', { class: 'hint' }, hint) : null,
  );
}

/** Saves text or a blob as a download. */
export function download(name: string, content: Blob | string, type = 'text/plain'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A table in a scrolling wrapper; headers starting with `#` are numeric (right-aligned). */
export function table(
  className: string,
  headers: readonly string[],
  rows: HTMLElement[],
): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: className },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...headers.map((header) =>
            header.startsWith('#')
              ? h('th', { class: 'num' }, header.slice(1))
              : h('th', {}, header),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}
