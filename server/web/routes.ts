import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';
import { bodySizeProblem } from '../body-limit.ts';
import type { ApiKey } from '../config.ts';
import { findKey } from '../context.ts';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './cookies.ts';
import type { SessionStore } from './sessions.ts';
import { findStaticFile } from './static-files.ts';

export type WebAppOptions = {
  keys: readonly ApiKey[];
  sessions: SessionStore;
  /** The production build (web/dist); undefined serves only the API and the session routes. */
  webDir: string | undefined;
};

/** The query flag the app reads to say a `?token=` was not accepted. */
export const REJECTED_FLAG = 'signin';

const signInBody = z.object({ key: z.string().min(1).max(500) });

/** The session of a request's cookie, if live. */
export function sessionKey(request: Request, sessions: SessionStore): ApiKey | undefined {
  const id = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  return id === undefined ? undefined : sessions.find(id);
}

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/**
 * Everything besides `/graphql` and `/health`, served by Yoga from the same origin:
 * - `?token=KEY` on any page (the Jupyter way): a valid key becomes a session cookie and the
 *   browser is redirected to the same address without the token;
 * - `/session`: GET who is signed in, POST `{"key"}` (JSON only, so a cross-site form cannot
 *   post it) to sign in, DELETE to sign out;
 * - the built web app, with index.html for client-side routes.
 */
export function useWebApp({ keys, sessions, webDir }: WebAppOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname === '/graphql' || url.pathname === '/health') return;
      const secure = url.protocol === 'https:';
      if (url.pathname === '/session') {
        endResponse(await sessionRoute(request, { keys, sessions, secure }));
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(json({ error: 'Only GET is served here.' }, 405, { allow: 'GET, HEAD' }));
        return;
      }
      const token = url.searchParams.get('token');
      if (token !== null) {
        endResponse(exchangeToken(url, token, { keys, sessions, secure }));
        return;
      }
      const file = webDir === undefined ? undefined : findStaticFile(webDir, url.pathname);
      if (file) {
        endResponse(
          new Response(request.method === 'HEAD' ? null : file.body, { headers: file.headers }),
        );
        return;
      }
      endResponse(
        new Response(
          webDir === undefined
            ? 'The web app is not built: `npm start` builds it, or run `npm run build`.'
            : 'Not found.',
          { status: webDir === undefined ? 503 : 404, headers: { 'content-type': 'text/plain' } },
        ),
      );
    },
  };
}

/** A sign-in body is one key: far below this, which keeps a large body from being read at all. */
const SIGN_IN_BODY_BYTES = 4096;

type SessionOptions = { keys: readonly ApiKey[]; sessions: SessionStore; secure: boolean };

function exchangeToken(url: URL, token: string, options: SessionOptions): Response {
  const target = new URL(url);
  target.searchParams.delete('token');
  const key = findKey(token, options.keys);
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (key) headers['set-cookie'] = sessionCookie(options.sessions.create(key), options.secure);
  else target.searchParams.set(REJECTED_FLAG, 'rejected');
  headers.location = `${target.pathname}${target.search}`;
  return new Response(null, { status: 303, headers });
}

async function sessionRoute(request: Request, options: SessionOptions): Promise<Response> {
  const noStore = { 'cache-control': 'no-store' };
  if (request.method === 'GET') {
    const key = sessionKey(request, options.sessions);
    return key
      ? json({ name: key.name, role: key.role }, 200, noStore)
      : json({ error: 'Not signed in.' }, 401, noStore);
  }
  if (request.method === 'DELETE') {
    const id = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
    if (id !== undefined) options.sessions.delete(id);
    return new Response(null, {
      status: 204,
      headers: { ...noStore, 'set-cookie': clearedSessionCookie() },
    });
  }
  if (request.method !== 'POST') {
    return json({ error: 'Use GET, POST or DELETE.' }, 405, { allow: 'GET, POST, DELETE' });
  }
  if (!(request.headers.get('content-type') ?? '').startsWith('application/json')) {
    return json({ error: 'Send the key as JSON: {"key": "…"}.' }, 415);
  }
  const tooLarge = bodySizeProblem(request, SIGN_IN_BODY_BYTES);
  if (tooLarge) return json({ error: tooLarge.message }, tooLarge.status);
  const body = signInBody.safeParse(await request.json().catch(() => undefined));
  if (!body.success) return json({ error: 'Send the key as JSON: {"key": "…"}.' }, 400);
  const key = findKey(body.data.key, options.keys);
  if (!key) {
    return json({ error: 'This key is not configured (RINGSCOPE_API_KEYS).' }, 401, noStore);
  }
  return json({ name: key.name, role: key.role }, 200, {
    ...noStore,
    'set-cookie': sessionCookie(options.sessions.create(key), options.secure),
  });
}
