import type { Plugin } from 'graphql-yoga';
import type { Db } from './db/run.ts';

const READY_PATH = '/ready';

/** How long a readiness probe waits for Neo4j: probes come every few seconds. */
const PROBE_MS = 2000;

/**
 * `GET /ready`: 200 when the database answers a read, 503 when it does not, for a load balancer to stop routing
 * to an instance that can only fail. `/health` stays a liveness check (the process answers),
 * so an orchestrator does not restart a server that waits for its database to come back.
 * Neither needs a key; the body says no more than ready or not.
 */
export function useReadiness(db: Db): Plugin {
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname !== READY_PATH) return;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), PROBE_MS);
      });
      const ready = await Promise.race([db.read('api/ready', {}, PROBE_MS), timedOut]).then(
        () => true,
        () => false,
      );
      clearTimeout(timer);
      endResponse(
        Response.json(ready ? { ready: true } : { ready: false, reason: 'Neo4j does not answer' }, {
          status: ready ? 200 : 503,
          headers: { 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
