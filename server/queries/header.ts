import { z } from 'zod';
import { RingscopeError } from '../errors.ts';

/**
 * The header of a saved query: the leading `// key: value` comment lines of its Cypher text.
 * Being comments, they leave the file runnable unchanged in Neo4j Browser (after `:param`).
 *
 *   // title: Top rings by outstanding exposure
 *   // name: top-rings-by-exposure
 *   // description: Active rings ranked by …
 *   //   (lines indented by two or more spaces continue the previous value)
 *   // returns: table                       (or graph)
 *   // tags: rings, exposure
 *   // param: $min_score float = 0.38 range 0..1 - lowest ring score to include
 *   // param: $merchant_id string - the merchant (no `= default`: required)
 *   // rule: on-new-orders                  (or schedule: 15m; makes the query an alert rule)
 *   // subject: Account account_id          (rules: what an alert is about, and its column)
 *   // evidence: order_id, device_ids       (rules: columns whose ids back the alert)
 *   // summary: Order {order_id} reuses …   (rules: the alert's line, `{column}` filled in)
 */

export const PARAMETER_TYPES = [
  'string',
  'integer',
  'float',
  'boolean',
  'datetime',
  'string_list',
] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export type QueryParameter = {
  name: string;
  type: ParameterType;
  description: string;
  /** The value used when the caller gives none; null for required parameters. */
  default: unknown;
  required: boolean;
  /** Numeric bounds, or length bounds for strings and lists. */
  min: number | null;
  max: number | null;
};

export const SUBJECT_TYPES = ['Account', 'Merchant', 'Order'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export type RuleTrigger = { kind: 'on-new-orders' } | { kind: 'schedule'; everySeconds: number };

export type QueryRule = {
  trigger: RuleTrigger;
  subject: { type: SubjectType; column: string };
  evidence: string[];
  /**
   * Columns whose values join rule and subject in the alert's identity: with `key: device_id,
   * burst_day` a merchant gets a new alert for another device or day, not just once ever.
   */
  key: string[];
  /** The alert's one-line summary with `{column}` placeholders; null: title and subject. */
  summary: string | null;
};

export type QueryHeader = {
  name: string;
  title: string;
  description: string;
  returns: 'table' | 'graph';
  tags: string[];
  parameters: QueryParameter[];
  rule: QueryRule | null;
};

const KEYS = [
  'name',
  'title',
  'description',
  'returns',
  'tags',
  'param',
  'rule',
  'schedule',
  'subject',
  'evidence',
  'key',
  'summary',
] as const;
type Key = (typeof KEYS)[number];

export const QUERY_NAME = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case name (a-z, 0-9, hyphens)')
  .max(64, 'at most 64 characters');
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTERVAL = /^(\d+)(s|m|h|d)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
export const MIN_RULE_INTERVAL_SECONDS = 60;

/** A malformed header or parameter value; the message names the query and what was expected. */
export class QueryDefinitionError extends RingscopeError {
  constructor(query: string, message: string) {
    super('QUERY_INVALID', `Query ${query}: ${message}`);
  }
}

/** `15m` → 900; null when the text is not a number followed by s, m, h or d. */
export function intervalSeconds(text: string): number | null {
  const match = INTERVAL.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}

/** Renders seconds the way a header writes them (`900` → `15m`). */
export function formatInterval(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

const PARAM_LINE =
  /^\$(\S+)\s+(\S+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\]|\S+))?(?:\s+range\s+(-?\d+(?:\.\d+)?)?\.\.(-?\d+(?:\.\d+)?)?)?\s+-\s+(.+)$/;

function parseParameter(query: string, line: number, value: string): QueryParameter {
  const match = PARAM_LINE.exec(value);
  if (!match) {
    throw new QueryDefinitionError(
      query,
      `line ${line}: expected \`param: $name type [= default] [range min..max] - description\`, got "${value}".`,
    );
  }
  const [, name = '', type = '', defaultText, min, max, description = ''] = match;
  if (!PARAMETER_NAME.test(name)) {
    throw new QueryDefinitionError(query, `line ${line}: $${name} is not a valid parameter name.`);
  }
  if (!(PARAMETER_TYPES as readonly string[]).includes(type)) {
    throw new QueryDefinitionError(
      query,
      `line ${line}: $${name} has type "${type}"; expected one of ${PARAMETER_TYPES.join(', ')}.`,
    );
  }
  let fallback: unknown = null;
  if (defaultText !== undefined) {
    try {
      fallback = JSON.parse(defaultText);
    } catch {
      throw new QueryDefinitionError(
        query,
        `line ${line}: the default of $${name} must be a JSON value (a number, true/false, null, "text" or ["a", "b"]); got ${defaultText}.`,
      );
    }
  }
  return {
    name,
    type: type as ParameterType,
    description: description.trim(),
    default: fallback,
    required: defaultText === undefined,
    min: min === undefined ? null : Number(min),
    max: max === undefined ? null : Number(max),
  };
}

/**
 * Splits text into its header (the leading `//` lines, as [line number, text after `//`]) and
 * the body after it; a blank line or the first code line ends the header.
 */
function splitHeader(text: string): { lines: [number, string][]; body: string } {
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const lines: [number, string][] = [];
  let index = 0;
  while (index < all.length && (all[index] ?? '').trim() === '') index += 1;
  for (; index < all.length; index += 1) {
    const line = (all[index] ?? '').trim();
    if (!line.startsWith('//')) break;
    lines.push([index + 1, line.slice(2).replace(/^ /, '')]);
  }
  return { lines, body: all.slice(index).join('\n').trim() };
}

function collect(query: string, text: string): Map<Key, [number, string][]> {
  const values = new Map<Key, [number, string][]>();
  let last: [number, string] | undefined;
  for (const [line, content] of splitHeader(text).lines) {
    if (content.trim() === '') {
      last = undefined;
      continue;
    }
    if (/^ {2,}\S/.test(content) && last) {
      last[1] = `${last[1]} ${content.trim()}`;
      continue;
    }
    const match = /^([a-z-]+):\s*(.*)$/.exec(content);
    if (!match || !(KEYS as readonly string[]).includes(match[1] ?? '')) {
      throw new QueryDefinitionError(
        query,
        `line ${line}: expected \`// key: value\` with a key among ${KEYS.join(', ')} (or a continuation indented by two spaces); got "// ${content}".`,
      );
    }
    const key = match[1] as Key;
    last = [line, (match[2] ?? '').trim()];
    values.set(key, [...(values.get(key) ?? []), last]);
  }
  return values;
}

function single(query: string, values: Map<Key, [number, string][]>, key: Key): string | null {
  const found = values.get(key) ?? [];
  if (found.length > 1) {
    throw new QueryDefinitionError(query, `line ${found[1]?.[0]}: \`${key}:\` appears twice.`);
  }
  return found[0]?.[1] ?? null;
}

const headerSchema = z.object({
  name: QUERY_NAME,
  title: z.string().min(3, 'at least 3 characters').max(120, 'at most 120 characters'),
  description: z.string().min(1, 'a sentence').max(4000, 'at most 4000 characters'),
  returns: z.enum(['table', 'graph'], 'table or graph'),
  tags: z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case tags')).max(20),
});

function splitList(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function parseRule(
  query: string,
  values: Map<Key, [number, string][]>,
  returns: string,
): QueryRule | null {
  const rule = single(query, values, 'rule');
  const schedule = single(query, values, 'schedule');
  const subject = single(query, values, 'subject');
  const evidence = splitList(single(query, values, 'evidence'));
  const key = splitList(single(query, values, 'key'));
  const summary = single(query, values, 'summary');
  if (rule === null && schedule === null) {
    if (subject !== null || evidence.length > 0 || key.length > 0 || summary !== null) {
      throw new QueryDefinitionError(
        query,
        '`subject:`, `evidence:`, `key:` and `summary:` only apply to alert rules; add `rule: on-new-orders` or `schedule: 15m`.',
      );
    }
    return null;
  }
  if (rule !== null && schedule !== null) {
    throw new QueryDefinitionError(
      query,
      'give either `rule: on-new-orders` or `schedule:`, not both.',
    );
  }
  let trigger: RuleTrigger;
  if (rule !== null) {
    if (rule !== 'on-new-orders') {
      throw new QueryDefinitionError(query, `\`rule:\` must be on-new-orders; got "${rule}".`);
    }
    trigger = { kind: 'on-new-orders' };
  } else {
    const seconds = intervalSeconds(schedule ?? '');
    if (seconds === null || seconds < MIN_RULE_INTERVAL_SECONDS) {
      throw new QueryDefinitionError(
        query,
        `\`schedule:\` must be an interval of at least 1m such as 15m, 1h or 1d; got "${schedule}".`,
      );
    }
    trigger = { kind: 'schedule', everySeconds: seconds };
  }
  if (returns !== 'table') {
    throw new QueryDefinitionError(query, 'an alert rule must return a table (`returns: table`).');
  }
  const [type, column, ...rest] = (subject ?? '').split(/\s+/).filter(Boolean);
  if (
    !type ||
    !column ||
    rest.length > 0 ||
    !(SUBJECT_TYPES as readonly string[]).includes(type) ||
    !PARAMETER_NAME.test(column)
  ) {
    throw new QueryDefinitionError(
      query,
      `an alert rule needs \`subject: TYPE column\` with TYPE one of ${SUBJECT_TYPES.join(', ')} (e.g. \`subject: Account account_id\`); got "${subject ?? ''}".`,
    );
  }
  for (const [what, names] of [
    ['evidence', evidence],
    ['key', key],
  ] as const) {
    for (const name of names) {
      if (!PARAMETER_NAME.test(name)) {
        throw new QueryDefinitionError(query, `\`${what}:\` names columns; "${name}" is not one.`);
      }
    }
  }
  for (const [, placeholder] of (summary ?? '').matchAll(/\{([^}]*)\}/g)) {
    if (!PARAMETER_NAME.test(placeholder ?? '')) {
      throw new QueryDefinitionError(
        query,
        `\`summary:\` placeholders name columns, like {order_id}; "{${placeholder}}" does not.`,
      );
    }
  }
  return {
    trigger,
    subject: { type: type as SubjectType, column },
    evidence,
    key,
    summary: summary === '' ? null : summary,
  };
}

/**
 * Parses and checks a saved query's header. `expectedName` (the file name) must match the
 * `name:` line. Parameter defaults are checked against their types and ranges by the caller
 * (`checkDefinition` in params.ts), which knows how values are coerced.
 */
export function parseHeader(text: string, expectedName: string): QueryHeader {
  const values = collect(expectedName, text);
  const raw = {
    name: single(expectedName, values, 'name'),
    title: single(expectedName, values, 'title'),
    description: single(expectedName, values, 'description'),
    returns: single(expectedName, values, 'returns'),
    tags: splitList(single(expectedName, values, 'tags')),
  };
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return raw[key as keyof typeof raw] === null
        ? `the header needs a \`${key}:\` line`
        : `\`${key}:\` must be ${issue.message}`;
    });
    throw new QueryDefinitionError(expectedName, `${problems.join('; ')}.`);
  }
  if (parsed.data.name !== expectedName) {
    throw new QueryDefinitionError(
      expectedName,
      `\`name: ${parsed.data.name}\` does not match the query's name ${expectedName}.`,
    );
  }
  const parameters = (values.get('param') ?? []).map(([line, value]) =>
    parseParameter(expectedName, line, value),
  );
  const seen = new Set<string>();
  for (const parameter of parameters) {
    if (seen.has(parameter.name)) {
      throw new QueryDefinitionError(expectedName, `$${parameter.name} is declared twice.`);
    }
    seen.add(parameter.name);
  }
  return {
    ...parsed.data,
    parameters,
    rule: parseRule(expectedName, values, parsed.data.returns),
  };
}

function wrap(key: string, value: string): string[] {
  const words = value.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = `// ${key}:`;
  for (const word of words) {
    if (current.length + word.length + 1 > 98 && !current.endsWith(':')) {
      lines.push(current);
      current = '//  ';
    }
    current = `${current} ${word}`;
  }
  lines.push(current);
  return lines;
}

function renderParameter(parameter: QueryParameter): string {
  const fallback = parameter.required ? '' : ` = ${JSON.stringify(parameter.default)}`;
  const range =
    parameter.min === null && parameter.max === null
      ? ''
      : ` range ${parameter.min ?? ''}..${parameter.max ?? ''}`;
  return `$${parameter.name} ${parameter.type}${fallback}${range} - ${parameter.description}`;
}

/** The header lines for `header`, in the order `parseHeader` documents; parses back to `header`. */
export function renderHeader(header: QueryHeader): string {
  const lines = [
    ...wrap('title', header.title),
    `// name: ${header.name}`,
    ...wrap('description', header.description),
    `// returns: ${header.returns}`,
  ];
  if (header.tags.length > 0) lines.push(`// tags: ${header.tags.join(', ')}`);
  for (const parameter of header.parameters)
    lines.push(...wrap('param', renderParameter(parameter)));
  if (header.rule) {
    const { trigger, subject, evidence, key, summary } = header.rule;
    lines.push(
      trigger.kind === 'on-new-orders'
        ? '// rule: on-new-orders'
        : `// schedule: ${formatInterval(trigger.everySeconds)}`,
      `// subject: ${subject.type} ${subject.column}`,
    );
    if (evidence.length > 0) lines.push(`// evidence: ${evidence.join(', ')}`);
    if (key.length > 0) lines.push(`// key: ${key.join(', ')}`);
    if (summary) lines.push(...wrap('summary', summary));
  }
  return lines.join('\n');
}

/** The Cypher after the header (what an analyst wrote), without surrounding blank lines. */
export function bodyOf(text: string): string {
  return splitHeader(text).body;
}
