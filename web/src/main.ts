import './styles.css';
import { SIGNED_OUT_EVENT } from './api/client.ts';
import { currentSession, signIn } from './api/session.ts';
import type { Session } from './api/types.ts';
import { graphPage } from './ui/graph-page.ts';
import { queuePage } from './ui/queue.ts';
import { createRouter, type Page, type Router } from './ui/router.ts';
import { savedQueriesPage } from './ui/saved-queries.ts';
import { createShell } from './ui/shell.ts';
import { showSignIn } from './ui/signin.ts';

const root = document.getElementById('app') as HTMLElement;

function render(main: HTMLElement, url: URL, router: Router): Page {
  const [, section, id] = url.pathname.split('/').map(decodeURIComponent);
  if (section === 'ring' && id) return graphPage(main, router, { kind: 'ring', id }, url);
  if (section === 'entity' && id) {
    const type = url.searchParams.get('type');
    return graphPage(main, router, { kind: 'entity', id, type }, url);
  }
  if (section === 'queries') return savedQueriesPage(main, router, id ?? null, url);
  return queuePage(main, router, url.searchParams.get('tab') === 'alerts' ? 'alerts' : 'rings');
}

let started = false;

function start(session: Session): void {
  if (started) {
    // A second sign-in (after the session expired) reloads to reset every page's state.
    window.location.reload();
    return;
  }
  started = true;
  const shell = createShell(root, session, () => window.location.assign('/'));
  shell.attach(createRouter((url, router) => render(shell.main, url, router)));
}

/** Drops a query parameter from the address bar without reloading. */
function dropParam(name: string): void {
  const url = new URL(window.location.href);
  url.searchParams.delete(name);
  window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
}

async function boot(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  let notice: string | null = null;
  // The server turns `?token=` into a cookie before the page loads; the Vite dev server cannot,
  // so the app does the same exchange itself there.
  const token = params.get('token');
  if (token !== null) {
    dropParam('token');
    const result = await signIn(token);
    if (typeof result === 'string') notice = result;
  }
  if (params.get('signin') === 'rejected') {
    dropParam('signin');
    notice = 'The token in the link is not a configured API key. Sign in with a valid key.';
  }
  const session = await currentSession().catch(() => null);
  window.addEventListener(SIGNED_OUT_EVENT, () =>
    showSignIn(
      root,
      'Your session ended (the server restarted or it expired). Sign in again.',
      start,
    ),
  );
  if (session) start(session);
  else showSignIn(root, notice, start);
}

void boot();
