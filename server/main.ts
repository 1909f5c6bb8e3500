import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { startAlertSchedule } from './alerts/schedule.ts';
import { type Config, readConfig } from './config.ts';
import { openDb } from './db/connect.ts';
import { RingscopeError } from './errors.ts';
import { ensureWebBuild } from './web/build.ts';
import { createSessionStore } from './web/sessions.ts';
import { createServer } from './yoga.ts';

/** `url` is the GraphQL endpoint, `origin` the web app's (same server). */
export type Served = { url: string; origin: string; close(): Promise<void> };

export type ServeOptions = {
  /** The built web app to serve at `/` (see server/web/build.ts); none serves only the API. */
  webDir?: string | undefined;
};

/**
 * Without configured keys, development gets one generated investigator key (printed once);
 * any other environment refuses to start rather than serve an API nobody can call.
 */
function withApiKeys(
  config: Config,
  log: (line: string) => void,
): { config: Config; devKey?: string } {
  if (config.apiKeys.length > 0) return { config };
  if (config.env !== 'development') {
    throw new RingscopeError(
      'CONFIG_INVALID',
      'RINGSCOPE_API_KEYS is empty: set KEY:ROLE pairs (roles investigator|analyst|service).',
    );
  }
  const key = randomBytes(24).toString('base64url');
  log(`No RINGSCOPE_API_KEYS set: development key (investigator) is ${key}`);
  log(`  curl -H 'Authorization: Bearer ${key}' …`);
  return {
    config: { ...config, apiKeys: [{ key, role: 'investigator', name: 'dev' }] },
    devKey: key,
  };
}

/** The host part of the printed URLs: localhost for every interface, brackets for IPv6. */
function urlHost(host: string | undefined): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** What a person can do about a socket that would not listen; other errors pass unchanged. */
function listenError(error: unknown, config: Config): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const where =
    config.host === undefined ? `port ${config.port}` : `${config.host} port ${config.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new RingscopeError(
        'PORT_TAKEN',
        `Another program listens on ${where}. Stop it, or choose another port with PORT.`,
      );
    case 'EACCES':
      return new RingscopeError(
        'PORT_DENIED',
        `Listening on ${where} needs privileges this user lacks (ports below 1024 do). Choose a port from 1024 up with PORT.`,
      );
    case 'EAI_AGAIN':
      return new RingscopeError(
        'HOST_UNRESOLVED',
        `HOST=${config.host} could not be looked up (the name server did not answer). Try again, or give an address such as 127.0.0.1.`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new RingscopeError(
        'HOST_INVALID',
        `HOST=${config.host} is not an address of this machine. Use one it has (127.0.0.1 for this machine only), or unset HOST to listen on every interface.`,
      );
    default:
      return error;
  }
}

/** Listens on PORT/HOST; a failure comes back as what a person can do about it. */
async function listen(server: http.Server, config: Config): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: config.port, host: config.host }, () => resolve());
    });
  } catch (error) {
    throw listenError(error, config);
  }
}

/**
 * Fails now, as `serve` would later, when the API could not listen on PORT/HOST: `start` checks
 * before a minute of loading and detection rather than after it.
 */
export async function checkListenable(config: Config): Promise<void> {
  const probe = http.createServer();
  await listen(probe, config);
  await new Promise((resolve) => probe.close(resolve));
}

/**
 * How long a request keeps retrying an unreachable or failing Neo4j before it answers
 * SERVICE_UNAVAILABLE: a caller deciding a checkout wants a quick "retry later", not a 30 s hang.
 * The driver reconnects by itself once the server is back.
 */
const REQUEST_RETRY_MS = 2000;

/**
 * Opens the database and listens on config.port: the API, and the web app when `webDir` is
 * given, with the alert rules on their schedule; `close()` ends the socket and the schedule,
 * then the driver.
 */
export async function serve(
  config: Config,
  log: (line: string) => void,
  { webDir }: ServeOptions = {},
): Promise<Served> {
  const { config: withKeys, devKey } = withApiKeys(config, log);
  // The driver reads a stack trace for every query result (to enrich errors); mapping each one
  // through tsx's source maps costs a production server about a tenth of its CPU per request.
  if (withKeys.env === 'production') process.setSourceMapsEnabled(false);
  const db = await openDb(withKeys, log, { retryMs: REQUEST_RETRY_MS });
  const yoga = createServer({
    db,
    config: withKeys,
    sessions: createSessionStore(withKeys.sessionIdleMs),
    webDir,
  });
  const server = http.createServer(yoga);
  try {
    await listen(server, withKeys);
  } catch (error) {
    // The open driver would keep the process alive after the error is printed.
    await db.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const origin = `http://${urlHost(withKeys.host)}:${port}`;
  const url = `${origin}${yoga.graphqlEndpoint}`;
  // Early-warning rules run beside the API (RINGSCOPE_ALERT_INTERVAL_S; 0 turns them off).
  const alerts = startAlertSchedule(db, withKeys, log);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await alerts.stop();
      await db.close();
    })();
    return closing;
  };
  log(`GraphQL API on ${url}${withKeys.env === 'development' ? ' (GraphiQL in a browser)' : ''}`);
  if (webDir !== undefined) {
    log(
      devKey === undefined
        ? `Web app on ${origin}/ (open ${origin}/?token=KEY with a key of RINGSCOPE_API_KEYS)`
        : `Web app on ${origin}/?token=${devKey}`,
    );
  }
  return { url, origin, close };
}

/** Serves until SIGINT/SIGTERM, then closes the socket and the driver; resolves once closed. */
export async function serveUntilStopped(
  config: Config,
  log: (line: string) => void,
  options: ServeOptions = {},
): Promise<void> {
  const served = await serve(config, log, options);
  await new Promise<void>((resolve) => {
    const stop = () => {
      log('Shutting down…');
      void served.close().then(() => {
        if (config.neo4j.uri === undefined) {
          log('Stopped. Neo4j keeps running for the next start; `ringscope db stop` stops it.');
        }
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

// `tsx server/main.ts` runs the server directly, without the CLI.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  ensureWebBuild(log)
    .then((webDir) => serveUntilStopped(readConfig(), log, { webDir }))
    .catch((error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
