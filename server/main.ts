import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { type Config, readConfig } from './config.ts';
import { openDb } from './db/connect.ts';
import { RingscopeError } from './errors.ts';
import { createServer } from './yoga.ts';

export type Served = { url: string; close(): Promise<void> };

/**
 * Without configured keys, development gets one generated investigator key (printed once);
 * any other environment refuses to start rather than serve an API nobody can call.
 */
function withApiKeys(config: Config, log: (line: string) => void): Config {
  if (config.apiKeys.length > 0) return config;
  if (config.env !== 'development') {
    throw new RingscopeError(
      'CONFIG_INVALID',
      'RINGSCOPE_API_KEYS is empty: set KEY:ROLE pairs (roles investigator|analyst|service).',
    );
  }
  const key = randomBytes(24).toString('base64url');
  log(`No RINGSCOPE_API_KEYS set: development key (investigator) is ${key}`);
  log(`  curl -H 'Authorization: Bearer ${key}' …`);
  return { ...config, apiKeys: [{ key, role: 'investigator', name: 'dev' }] };
}

/** Opens the database and listens on config.port; `close()` ends the socket, then the driver. */
export async function serve(config: Config, log: (line: string) => void): Promise<Served> {
  const withKeys = withApiKeys(config, log);
  const db = await openDb(withKeys, log);
  const yoga = createServer({ db, config: withKeys });
  const server = http.createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(withKeys.port, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}${yoga.graphqlEndpoint}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.close();
    })();
    return closing;
  };
  log(`GraphQL API on ${url}${withKeys.env === 'development' ? ' (GraphiQL in a browser)' : ''}`);
  return { url, close };
}

/** Serves until SIGINT/SIGTERM, then closes the socket and the driver; resolves once closed. */
export async function serveUntilStopped(
  config: Config,
  log: (line: string) => void,
): Promise<void> {
  const served = await serve(config, log);
  await new Promise<void>((resolve) => {
    const stop = () => {
      log('Shutting down…');
      void served.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

// `tsx server/main.ts` runs the server directly, without the CLI.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  serveUntilStopped(readConfig(), (line) => process.stderr.write(`${line}\n`)).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
