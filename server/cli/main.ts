import { readConfig } from '../config.ts';
import { dbCommand } from './db.ts';
import { info, reportError } from './output.ts';
import { HELP, usageOf } from './usage.ts';

type Command = (argv: string[], config: ReturnType<typeof readConfig>) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  db: async () => dbCommand,
  start: async () => (await import('./start.ts')).startCommand,
  generate: async () => (await import('./generate.ts')).generateCommand,
  load: async () => (await import('./load.ts')).loadCommand,
  stats: async () => (await import('./stats.ts')).statsCommand,
  detect: async () => (await import('./detect.ts')).detectCommand,
  export: async () => (await import('./export.ts')).exportCommand,
  eval: async () => (await import('./eval.ts')).evalCommand,
  query: async () => (await import('./query.ts')).queryCommand,
  alerts: async () => (await import('./alerts.ts')).alertsCommand,
  serve: async () => (await import('./serve.ts')).serveCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    info(HELP);
    return name === undefined ? 1 : 0;
  }
  const load = commands[name];
  if (!load) {
    info(`ringscope: unknown command '${name}'.\n\n${HELP}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    info(usageOf(name));
    return 0;
  }
  try {
    const config = readConfig();
    return await (await load())(rest, config);
  } catch (error) {
    return reportError(error);
  }
}
