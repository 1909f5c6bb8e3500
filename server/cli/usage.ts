/** The CLI's help text, and each command's part of it for `ringscope COMMAND --help` and usage errors. */

export const HELP = `ringscope — find and explain BNPL cash-out rings in Neo4j

Usage:
  ringscope start                         local Neo4j, demo data if empty, summary
  ringscope db start|stop|status          manage the project's own Neo4j (when NEO4J_URI is unset)
  ringscope generate OUTDIR [--accounts N] [--seed S]
                                          write a synthetic marketplace (CSV + truth.json);
                                          N from 100 (default 20000), rings planted from 200
  ringscope load DIR [--rejects FILE] [--online] [--json]
                                          validate and load CSV files into Neo4j (bulk import
                                          into an empty local database unless --online);
                                          rejected rows go to FILE (default DIR/rejects.csv)
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

/** The lines of HELP that describe `command` (its usage lines and their descriptions). */
export function usageOf(command: string): string {
  const lines = HELP.split('\n');
  const picked: string[] = [];
  let inCommand = false;
  for (const line of lines) {
    // A command's entry is its usage line(s) plus the deeper-indented description lines below.
    if (line.startsWith('  ringscope ')) {
      inCommand = line === `  ringscope ${command}` || line.startsWith(`  ringscope ${command} `);
    } else if (!line.startsWith('    ')) {
      inCommand = false;
    }
    if (inCommand) picked.push(line);
  }
  return picked.length > 0 ? `Usage:\n${picked.join('\n')}` : HELP;
}
