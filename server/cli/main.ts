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
  // Help asked for is the command's output (stdout, `ringscope --help | less`); help after a
  // mistake is a status line like any other error (stderr).
  if (name === undefined) {
    info(HELP);
    return 1;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    info(`ringscope: unknown command '${name}'.\n\n${HELP}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${usageOf(name)}\n`);
    return 0;
  }
  try {
    const config = readConfig();
    return await (await load())(rest, config);
  } catch (error) {
    return reportError(error);
  }
}
