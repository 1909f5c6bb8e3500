import { z } from 'zod';
import type { Config } from '../config.ts';
import { RingscopeError } from '../errors.ts';
import { localStatus, startLocal, stopLocal } from '../neo4j-local/process.ts';
import { parseFlags } from './args.ts';
import { info } from './output.ts';

const flags = z.object({
  positionals: z.tuple([z.enum(['start', 'stop', 'status'], 'start, stop or status')]),
});

export async function dbCommand(argv: string[], config: Config): Promise<number> {
  const {
    positionals: [action],
  } = parseFlags('db', argv, {}, flags);
  if (config.neo4j.uri) {
    throw new RingscopeError(
      'USAGE',
      `NEO4J_URI is set (${config.neo4j.uri}): RingScope uses that server and does not manage it. Unset NEO4J_URI to run the local one.`,
    );
  }
  if (action === 'start') {
    const started = await startLocal(config.local, info);
    info(
      `${started.reused ? 'Neo4j already running' : 'Neo4j started'} (pid ${started.pid}) at ${started.connection.uri}, data in ${started.layout.instanceDir}`,
    );
    return 0;
  }
  if (action === 'stop') {
    const stopped = await stopLocal(config.local, undefined, info);
    let outcome = 'Neo4j was not running.';
    if (stopped.stopped) outcome = `Neo4j (pid ${stopped.pid}) stopped.`;
    // A pid but no stop: the server exited on its own, as stopLocal has just said.
    else if (stopped.pid !== undefined) outcome = 'Neo4j had already stopped.';
    info(outcome);
    return 0;
  }
  const status = await localStatus(config.local, info);
  if (status.running) {
    info(
      `running (pid ${status.pid}) at ${status.connection.uri}, data in ${status.layout.instanceDir}`,
    );
    return 0;
  }
  info(
    status.pid === undefined
      ? `not running (data folder ${status.layout.instanceDir})`
      : `not answering on Bolt (pid ${status.pid} is running: still starting, or hung; its log: ${status.layout.consoleLog}); \`ringscope db start\` waits for it`,
  );
  return 3;
}
