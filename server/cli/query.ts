import fs from 'node:fs';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { openDb } from '../db/connect.ts';
import { RingscopeError } from '../errors.ts';
import { formatCsv, formatJson, formatTable } from '../queries/format.ts';
import { createQueryRuntime, getQuery, listQueries, type SavedQuery } from '../queries/library.ts';
import { expectedValue } from '../queries/params.ts';
import { runSavedQuery } from '../queries/run-query.ts';
import { promoteQuery } from '../queries/save.ts';
import { parseFlags, wholeNumberFlag } from './args.ts';
import { info } from './output.ts';

const flags = z.object({
  positionals: z.array(z.string()).max(2, 'at most: show|promote NAME'),
  param: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, 'key=value'))
    .optional()
    .default([]),
  format: z.enum(['table', 'csv', 'json'], 'table, csv or json').default('table'),
  out: z.string().min(1).optional(),
  limit: wholeNumberFlag(1, 100_000).optional(),
  tag: z.string().min(1).optional(),
});

function describe(query: SavedQuery): string {
  const kind = query.rule
    ? ` [rule: ${query.rule.trigger.kind === 'on-new-orders' ? 'on new orders' : `every ${query.rule.trigger.everySeconds} s`}]`
    : '';
  const origin = query.source === 'user' ? ` (saved by ${query.author}, v${query.version})` : '';
  const params = query.parameters.map(
    (p) =>
      `      --param ${p.name}=…  ${expectedValue(p)}${p.required ? ', required' : `, default ${JSON.stringify(p.default)}`}: ${p.description}`,
  );
  return [
    `  ${query.name}  (${query.returns})${kind}${origin}`,
    `      ${query.title}`,
    ...params,
  ].join('\n');
}

/**
 * What to paste into Neo4j Browser: `:params` with every default (JSON literals are Cypher
 * literals too; required parameters left null to fill in), then the file text unchanged.
 */
function browserScript(query: SavedQuery): string {
  const values = query.parameters.map(
    (parameter) => `${parameter.name}: ${JSON.stringify(parameter.default)}`,
  );
  const required = query.parameters.filter((parameter) => parameter.required);
  const todo = required.length
    ? `// Fill in: ${required.map((parameter) => `$${parameter.name} (${parameter.description})`).join(', ')}\n`
    : '';
  return `${todo}:params {${values.join(', ')}}\n\n${query.text.trim()}\n`;
}

function toParams(pairs: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at);
    if (key in params) {
      throw new RingscopeError('USAGE', `query: --param ${key} is given twice.`);
    }
    params[key] = pair.slice(at + 1);
  }
  return params;
}

/**
 * `query` lists the saved queries; `query NAME --param k=v …` runs one read-only (table, csv or
 * json); `query show NAME` prints it for Neo4j Browser; `query promote NAME` writes a
 * user-saved query into cypher/queries/.
 */
export async function queryCommand(argv: string[], config: Config): Promise<number> {
  const options = parseFlags(
    'query',
    argv,
    {
      param: { type: 'string', multiple: true },
      format: { type: 'string' },
      out: { type: 'string' },
      limit: { type: 'string' },
      tag: { type: 'string' },
    },
    flags,
  );
  const [first, second] = options.positionals;
  const db = await openDb(config, info);
  try {
    const runtime = createQueryRuntime(db, config);
    if (first === undefined) {
      const queries = await listQueries(runtime, options.tag);
      process.stdout.write(`${queries.map(describe).join('\n')}\n`);
      return 0;
    }
    if (first === 'show') {
      if (second === undefined) throw new RingscopeError('USAGE', 'query show: name a query.');
      process.stdout.write(browserScript(await getQuery(runtime, second)));
      return 0;
    }
    if (first === 'promote') {
      if (second === undefined) throw new RingscopeError('USAGE', 'query promote: name a query.');
      info(`Wrote ${await promoteQuery(runtime, second)}`);
      return 0;
    }
    if (second !== undefined) {
      throw new RingscopeError('USAGE', `query: unexpected argument "${second}".`);
    }
    const result = await runSavedQuery(runtime, first, toParams(options.param), {
      rowLimit: options.limit,
    });
    const text =
      options.format === 'csv'
        ? formatCsv(result)
        : options.format === 'json'
          ? formatJson(result)
          : formatTable(result);
    if (options.out) fs.writeFileSync(options.out, text);
    else process.stdout.write(text);
    info(
      `${result.rows.length} rows in ${result.elapsedMs} ms${result.truncated ? `; truncated at the row limit of ${result.rowLimit} (--limit or RINGSCOPE_SAVED_QUERY_ROW_LIMIT)` : ''}${options.out ? `; written to ${options.out}` : ''}`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
