import { readConfig } from '../config.ts';
import { dbCommand } from './db.ts';
import { info, reportError } from './output.ts';

const HELP = `ringscope — find and explain BNPL cash-out rings in Neo4j

Usage:
  ringscope start                         local Neo4j, demo data if empty, summary
  ringscope db start|stop|status          manage the project's own Neo4j (when NEO4J_URI is unset)
  ringscope generate OUTDIR [--accounts N] [--seed S]
                                          write a synthetic marketplace (CSV + truth.json)
  ringscope load DIR [--rejects FILE]     validate and load CSV files into Neo4j
  ringscope stats [--json]                node and relationship counts
  ringscope detect [--full] [--json]      find, score and store rings (incremental after a load)
  ringscope export rings [--format json|csv] [--out FILE] [--all]
                                          flagged rings with members and reasons
  ringscope eval TRUTH.json [--baseline]  precision/recall of flagged rings against a truth file
  ringscope query [--tag TAG]             list the saved queries (library files and analysts' ones)
  ringscope query NAME [--param KEY=VALUE]… [--format table|csv|json] [--out FILE] [--limit N]
                                          run a saved query read-only, with a time and row limit
  ringscope query show NAME               print it with its :params, to paste into Neo4j Browser
  ringscope query promote NAME            write an analyst's saved query to cypher/queries/NAME.cypher
  ringscope alerts run [--rule NAME]… [--due] [--json]
                                          evaluate early-warning rules; print new alerts per rule
  ringscope alerts list [--rule NAME] [--limit N] [--json]
                                          the newest alerts
  ringscope serve                         GraphQL API on PORT (default 4000) at /graphql
  ringscope help                          this text

Configuration is read from environment variables; see README.md "Configuration".`;

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
  try {
    const config = readConfig();
    return await (await load())(rest, config);
  } catch (error) {
    return reportError(error);
  }
}
