import { z } from 'zod';
import type { Config } from '../config.ts';
import { serveUntilStopped } from '../main.ts';
import { parseFlags } from './args.ts';
import { info } from './output.ts';

const flags = z.object({ positionals: z.tuple([]) });

/** `ringscope serve`: the GraphQL API on PORT until SIGINT/SIGTERM. */
export async function serveCommand(argv: string[], config: Config): Promise<number> {
  parseFlags('serve', argv, {}, flags);
  await serveUntilStopped(config, info);
  return 0;
}
