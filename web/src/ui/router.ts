/** A mounted page; `dispose` releases what it holds (Cytoscape, key handlers). */
export type Page = { dispose(): void };

export type Router = {
  /** Navigates (a new browser history entry) and renders the page. */
  go(url: string): void;
  /** Rewrites the current URL without rendering (view state changes). */
  replace(url: string): void;
};

/**
 * History-API routing: pages are chosen by `render(url)`, links marked `data-link` navigate
 * without a reload, back/forward re-render.
 */
export function createRouter(render: (url: URL, router: Router) => Page): Router {
  let page: Page | undefined;
  const show = () => {
    page?.dispose();
    page = render(new URL(window.location.href), router);
  };
  const router: Router = {
    go(url) {
      window.history.pushState(null, '', url);
      show();
    },
    replace(url) {
      window.history.replaceState(null, '', url);
    },
  };
  window.addEventListener('popstate', show);
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[data-link]');
    if (!link || (event as MouseEvent).ctrlKey || (event as MouseEvent).metaKey) return;
    event.preventDefault();
    router.go(link.getAttribute('href') ?? '/');
  });
  show();
  return router;
}
