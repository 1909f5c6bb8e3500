import { z } from 'zod';
import { evaluateRules, type RuleOutcome } from '../alerts/evaluate.ts';
import { listAlerts } from '../alerts/list.ts';
import type { Config } from '../config.ts';
import { openDb } from '../db/connect.ts';
import { RingscopeError } from '../errors.ts';
import { createQueryRuntime } from '../queries/library.ts';
import { parseFlags, wholeNumberFlag } from './args.ts';
import { info } from './output.ts';

const flags = z.object({
  positionals: z.tuple([z.enum(['run', 'list'], 'run or list')]),
  rule: z.array(z.string().min(1)).optional(),
  due: z.boolean().optional(),
  json: z.boolean().optional(),
  limit: wholeNumberFlag(1, 10_000).default(50),
});

function outcomeLine(outcome: RuleOutcome): string {
  if (outcome.error) return `  ${outcome.rule}: FAILED — ${outcome.error}`;
  if (!outcome.evaluated) return `  ${outcome.rule}: not due (nothing new since the last run)`;
  const cut = outcome.truncated ? ' (truncated at the row limit: some matches were not read)' : '';
  return `  ${outcome.rule}: ${outcome.created} new alert(s), ${outcome.matches} match(es) in ${outcome.elapsedMs} ms${cut}`;
}

/**
 * `alerts run` evaluates the early-warning rules (all, or `--rule NAME`…; `--due` only those
 * with something new) and prints the new alerts per rule; exit code 1 when a rule failed.
 * `alerts list` prints the newest alerts.
 */
export async function alertsCommand(argv: string[], config: Config): Promise<number> {
  const options = parseFlags(
    'alerts',
    argv,
    {
      rule: { type: 'string', multiple: true },
      due: { type: 'boolean' },
      json: { type: 'boolean' },
      limit: { type: 'string' },
    },
    flags,
  );
  if (options.positionals[0] === 'list' && (options.rule?.length ?? 0) > 1) {
    throw new RingscopeError(
      'USAGE',
      'alerts list: give at most one --rule (alerts run takes several).',
    );
  }
  const db = await openDb(config, info);
  try {
    if (options.positionals[0] === 'list') {
      const { alerts, total } = await listAlerts(db, {
        rule: options.rule?.[0] ?? null,
        offset: 0,
        limit: options.limit,
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ total, alerts }, null, 2)}\n`);
      } else {
        for (const alert of alerts) {
          process.stdout.write(`${alert.createdAt}  ${alert.rule}  ${alert.summary}\n`);
        }
        info(`${alerts.length} of ${total} alert(s)`);
      }
      return 0;
    }
    const outcomes = await evaluateRules(createQueryRuntime(db, config), {
      rules: options.rule,
      dueOnly: options.due ?? false,
    });
    if (options.json) process.stdout.write(`${JSON.stringify({ rules: outcomes }, null, 2)}\n`);
    else process.stdout.write(`Alert rules\n${outcomes.map(outcomeLine).join('\n')}\n`);
    return outcomes.some((outcome) => outcome.error) ? 1 : 0;
  } finally {
    await db.close();
  }
}
