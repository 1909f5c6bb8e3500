import { randomUUID } from 'node:crypto';
import { sha256 } from '../digest.ts';
import type { QueryRule } from '../queries/header.ts';
import { loadQueries, type QueryRuntime, type SavedQuery } from '../queries/library.ts';
import { checkParams } from '../queries/params.ts';
import { runQuery } from '../queries/run-query.ts';

/** An alert as written to Neo4j (and read back by the API). */
export type NewAlert = {
  id: string;
  rule: string;
  ruleTitle: string;
  subjectType: string;
  subjectId: string;
  evidence: string[];
  summary: string;
};

export type RuleOutcome = {
  rule: string;
  title: string;
  /** False when `dueOnly` found nothing new for the rule to look at. */
  evaluated: boolean;
  matches: number;
  created: number;
  truncated: boolean;
  elapsedMs: number;
  /** The error that stopped this rule (the others still ran); null when it ran. */
  error: string | null;
};

/**
 * Rows a rule may return per evaluation: far above the saved-query limit an analyst's screen
 * needs, because every row is a possible alert. A rule cut here fails (see evaluateRules).
 */
export const RULE_ROW_LIMIT = 100_000;
const MAX_EVIDENCE = 200;
/** A stored text that says it is a rule, even when the rest of it no longer parses. */
const RULE_LINE = /^\/\/\s*(?:rule|schedule)\s*:/m;
const MAX_SUMMARY = 500;
const WRITE_BATCH = 1000;

/**
 * The same rule, subject and `key:` values always give the same id: the key alerts MERGE on.
 * Without key values the id is that of rule and subject alone.
 */
export function alertId(
  rule: string,
  subjectType: string,
  subjectId: string,
  key: readonly string[] = [],
): string {
  const digest = sha256(JSON.stringify([rule, subjectType, subjectId, ...key]));
  return `alert-${digest.slice(0, 24)}`;
}

/** Ids in a cell: strings and numbers, node cells' ids, lists of those. */
function idsIn(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(idsIn);
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
    return [(value as { id: string }).id];
  }
  return [];
}

function summaryText(rule: QueryRule, title: string, row: Record<string, unknown>): string {
  const subject = `${rule.subject.type} ${idsIn(row[rule.subject.column]).join(', ')}`;
  if (!rule.summary) return `${title}: ${subject}`;
  const text = rule.summary.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, column: string) => {
    const value = row[column];
    if (Array.isArray(value)) return idsIn(value).join(', ');
    if (value === null || value === undefined) return '?';
    return typeof value === 'object' ? (idsIn(value)[0] ?? JSON.stringify(value)) : String(value);
  });
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}

/** One alert per distinct subject (and `key:` values) of a rule's result rows (the first row wins). */
export function alertsFromRows(
  query: SavedQuery,
  columns: string[],
  rows: unknown[][],
): NewAlert[] {
  const rule = query.rule;
  if (!rule) return [];
  const missing = [rule.subject.column, ...rule.evidence, ...rule.key].filter(
    (c) => !columns.includes(c),
  );
  if (missing.length > 0) {
    throw new Error(
      `Rule ${query.name}: its result has no column ${missing.join(', ')} (columns: ${columns.join(', ')}); fix \`subject:\` / \`evidence:\` / \`key:\` in its header.`,
    );
  }
  const alerts = new Map<string, NewAlert>();
  for (const values of rows) {
    const row = Object.fromEntries(columns.map((column, index) => [column, values[index]]));
    const [subjectId] = idsIn(row[rule.subject.column]);
    if (subjectId === undefined) continue;
    const key = rule.key.map(
      (column) => idsIn(row[column]).join(',') || JSON.stringify(row[column]),
    );
    const id = alertId(query.name, rule.subject.type, subjectId, key);
    if (alerts.has(id)) continue;
    const evidence = [...new Set(rule.evidence.flatMap((column) => idsIn(row[column])))]
      .filter((value) => value !== subjectId)
      .slice(0, MAX_EVIDENCE);
    alerts.set(id, {
      id,
      rule: query.name,
      ruleTitle: query.title,
      subjectType: rule.subject.type,
      subjectId,
      evidence,
      summary: summaryText(rule, query.title, row),
    });
  }
  return [...alerts.values()];
}

type RuleState = { rule: string; evaluatedAt: number; ordersSeen: string };

function isDue(query: SavedQuery, state: RuleState | undefined, ordersSeen: string, now: number) {
  if (!state || !query.rule) return true;
  const { trigger } = query.rule;
  if (trigger.kind === 'on-new-orders') return state.ordersSeen !== ordersSeen;
  return now - state.evaluatedAt >= trigger.everySeconds * 1000;
}

export type EvaluateOptions = {
  /** Only these rules (by name); every rule when absent. */
  rules?: readonly string[];
  /** Skip rules with nothing new: "on new orders" rules when no order changed, scheduled ones before their interval. */
  dueOnly?: boolean;
  /** Rows a rule may return; RULE_ROW_LIMIT when absent. */
  rowLimit?: number;
};

/**
 * Evaluates the early-warning rules (library and user-saved queries with `rule:` or
 * `schedule:`): each runs read-only with its defaults, and every matching subject becomes an
 * Alert unless one already exists for the rule and subject. A failing rule is reported and the
 * others still run; a rule whose result was cut at the row limit counts as failing, and so does a
 * user-saved rule whose stored text no longer validates.
 */
export async function evaluateRules(
  runtime: QueryRuntime,
  options: EvaluateOptions = {},
): Promise<RuleOutcome[]> {
  const { db } = runtime;
  const { queries, broken } = await loadQueries(runtime);
  let rules = queries.filter((query) => query.rule !== null);
  let brokenRules = broken.filter((query) => RULE_LINE.test(query.text));
  if (options.rules) {
    const known = [...rules, ...brokenRules].map((rule) => rule.name);
    const unknown = options.rules.filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw new Error(`No alert rule is named ${unknown.join(', ')}; rules: ${known.join(', ')}.`);
    }
    rules = rules.filter((rule) => options.rules?.includes(rule.name));
    brokenRules = brokenRules.filter((rule) => options.rules?.includes(rule.name));
  }
  const [seen] = await db.read<{
    orders: number;
    newest: string | null;
    detectedAt: string | null;
  }>('alerts/orders-seen');
  const ordersSeen = `${seen?.orders ?? 0}@${seen?.newest ?? ''}#${seen?.detectedAt ?? ''}`;
  const states = new Map(
    (await db.read<RuleState>('alerts/rule-states')).map((state) => [state.rule, state]),
  );
  const outcomes: RuleOutcome[] = [];
  for (const query of rules) {
    const outcome: RuleOutcome = {
      rule: query.name,
      title: query.title,
      evaluated: false,
      matches: 0,
      created: 0,
      truncated: false,
      elapsedMs: 0,
      error: null,
    };
    outcomes.push(outcome);
    if (options.dueOnly && !isDue(query, states.get(query.name), ordersSeen, Date.now())) continue;
    const started = Date.now();
    try {
      const rowLimit = options.rowLimit ?? RULE_ROW_LIMIT;
      const result = await runQuery(runtime, query, checkParams(query, {}), {
        subject: `Rule ${query.name}`,
        rowLimit,
      });
      const alerts = alertsFromRows(query, result.columns, result.rows);
      const run = randomUUID();
      for (let start = 0; start < alerts.length; start += WRITE_BATCH) {
        const [row] = await db.write<{ created: number }>('alerts/write-alerts', {
          alerts: alerts.slice(start, start + WRITE_BATCH),
          run,
        });
        outcome.created += row?.created ?? 0;
      }
      outcome.matches = alerts.length;
      outcome.truncated = result.truncated;
      outcome.evaluated = true;
      // Matches past the cut were never seen: recording the state would mark them as checked
      // until the orders change again, so the rule stays due and the cut is reported.
      if (result.truncated) {
        throw new Error(
          `Rule ${query.name} returned more than ${rowLimit} rows; the alerts of the first ${rowLimit} were written, the rest were not read. Narrow the rule (raise its thresholds) so it matches fewer rows.`,
        );
      }
      await db.write('alerts/save-rule-state', {
        rule: query.name,
        ordersSeen,
        matches: outcome.matches,
        created: outcome.created,
      });
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      outcome.error = error.message;
    }
    outcome.elapsedMs = Date.now() - started;
  }
  for (const query of brokenRules) {
    outcomes.push({
      rule: query.name,
      title: query.name,
      evaluated: false,
      matches: 0,
      created: 0,
      truncated: false,
      elapsedMs: 0,
      error: `Rule ${query.name} was not run: its stored text no longer validates (${query.error})`,
    });
  }
  return outcomes;
}
