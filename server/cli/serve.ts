import { z } from 'zod';
import type { Config } from '../config.ts';
import { checkListenable, serveUntilStopped } from '../main.ts';
import { ensureWebBuild } from '../web/build.ts';
import { parseFlags } from './args.ts';
import { info } from './output.ts';

const flags = z.object({ positionals: z.tuple([]) });

/** `ringscope serve`: the GraphQL API and the web app on PORT until SIGINT/SIGTERM. */
export async function serveCommand(argv: string[], config: Config): Promise<number> {
  parseFlags('serve', argv, {}, flags);
  await checkListenable(config);
  const webDir = await ensureWebBuild(info);
  await serveUntilStopped(config, info, { webDir });
  return 0;
}
