import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { type DEMO_KEYS, startDemoServer } from './demo-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    app: { origin: string; keys: typeof DEMO_KEYS; artifacts: string };
  }
}

/** Small enough for CI (about a minute to load and detect), large enough to hold real rings. */
const ACCOUNTS = 3000;

/** The app as `npm start` serves it, on generated data, for the browser tests. */
export default async function setup(project: TestProject) {
  const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
  fs.mkdirSync(artifacts, { recursive: true });
  const server = await startDemoServer({
    accounts: ACCOUNTS,
    seed: 11,
    log: (line) => console.log(`[e2e] ${line}`),
  });
  project.provide('app', {
    origin: server.origin,
    keys: server.keys,
    artifacts: path.resolve(artifacts),
  });
  return () => server.close();
}
