/**
 * The Cypher with comments and string literals blanked out (replaced by spaces, so positions
 * stay), leaving only code to look at. Backtick-quoted names are blanked too, or with
 * `keepQuoted` become `` `q` ``: still a quoted name where procedure and function names are read,
 * but words inside it (`` AS `CALL x` ``) no longer look like code.
 */
function codeOnly(cypher: string, keepQuoted = false): string {
  let out = '';
  let i = 0;
  const blank = (end: number) => {
    out += cypher.slice(i, end).replace(/[^\n]/g, ' ');
    i = end;
  };
  const keep = (end: number) => {
    out += cypher.slice(i, end);
    i = end;
  };
  while (i < cypher.length) {
    const char = cypher[i] as string;
    const next = cypher[i + 1];
    if (char === '/' && next === '/') {
      const end = cypher.indexOf('\n', i);
      blank(end < 0 ? cypher.length : end);
    } else if (char === '/' && next === '*') {
      const end = cypher.indexOf('*/', i + 2);
      blank(end < 0 ? cypher.length : end + 2);
    } else if (char === "'" || char === '"') {
      let end = i + 1;
      while (end < cypher.length && cypher[end] !== char) end += cypher[end] === '\\' ? 2 : 1;
      blank(Math.min(end + 1, cypher.length));
    } else if (char === '$' && next === '`') {
      // A quoted parameter name is code: keep it whole.
      const end = cypher.indexOf('`', i + 2);
      keep(end < 0 ? cypher.length : end + 1);
    } else if (char === '`') {
      const end = cypher.indexOf('`', i + 1);
      const stop = end < 0 ? cypher.length : end + 1;
      if (keepQuoted) {
        out += '`q`';
        i = stop;
      } else blank(stop);
    } else {
      keep(i + 1);
    }
  }
  return out;
}

/**
 * The `$parameters` a Cypher text uses, outside comments, string literals and backtick-quoted
 * names (so `'$5 off'` or `// $x` do not count), sorted and distinct.
 */
export function usedParameters(cypher: string): string[] {
  const code = codeOnly(cypher);
  const found = new Set<string>();
  for (const match of code.matchAll(/\$(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]+)`)/g)) {
    const name = match[1] ?? match[2];
    if (name) found.add(name);
  }
  return [...found].sort();
}

/** APOC namespaces that only compute on values and graph elements already in hand. */
const APOC_VALUE_HELPERS = [
  'apoc.coll.',
  'apoc.map.',
  'apoc.text.',
  'apoc.convert.',
  'apoc.date.',
  'apoc.temporal.',
  'apoc.agg.',
  'apoc.node.',
  'apoc.nodes.',
  'apoc.label.',
];

/**
 * Procedures a saved query may call: read-only graph helpers. Everything else (dbms.*, APOC's
 * load/import/export/periodic/trigger/cypher, GDS catalog writes …) could reach outside the graph
 * or past the read transaction, so it is refused before Neo4j sees it.
 */
const ALLOWED_PROCEDURES = [
  'apoc.path.',
  'apoc.neighbors.',
  ...APOC_VALUE_HELPERS,
  'apoc.algo.',
  'db.labels',
  'db.relationshipTypes',
  'db.propertyKeys',
  'db.index.fulltext.query',
];

/** Allowed by prefix above, yet they open transactions of their own. */
const DENIED_PROCEDURES = ['apoc.nodes.group'];

/**
 * Namespaced functions a saved query may call: Cypher's temporal, spatial and vector functions
 * and APOC's pure value helpers. APOC functions outside these (apoc.cypher.runFirstColumn*,
 * apoc.load.*, apoc.util.* …) run Cypher text or reach files and URLs.
 */
const ALLOWED_FUNCTIONS = [
  'date.',
  'datetime.',
  'localdatetime.',
  'localtime.',
  'time.',
  'duration.',
  'point.',
  'vector.',
  'db.nameFromElementId',
  ...APOC_VALUE_HELPERS,
  'apoc.math.',
  'apoc.number.',
];

/** A name part: plain or backtick-quoted; parts may be joined by dots with spaces around. */
const NAME = String.raw`(?:[A-Za-z_]\w*|\`[^\`]*\`)(?:\s*\.\s*(?:[A-Za-z_]\w*|\`[^\`]*\`))*`;
/** Not a keyword inside a longer name, a property (`x.use`) or a parameter. */
const WORD_START = String.raw`(?<![\w.$])`;

function allowed(name: string, prefixes: string[]): boolean {
  return prefixes.some((prefix) =>
    prefix.endsWith('.') ? name.startsWith(prefix) : name === prefix,
  );
}

/**
 * Clauses a read transaction does not stop but a saved query must not use: `USE` (another
 * database), `SHOW` / `TERMINATE` (other users' transactions, settings), `LOAD CSV` (files and
 * URLs), procedures outside ALLOWED_PROCEDURES and namespaced functions outside
 * ALLOWED_FUNCTIONS. Procedure and function names are read with only comments and strings
 * blanked, and quoted ones (`` `apoc`.`load`.json ``) are refused outright, so quoting cannot hide
 * a name. Writes are left to the database to refuse. Returns one line per problem.
 */
export function forbiddenClauses(cypher: string): string[] {
  const code = codeOnly(cypher);
  const named = codeOnly(cypher, true);
  const problems: string[] = [];
  const clauses: [RegExp, string][] = [
    [new RegExp(`${WORD_START}USE\\s`, 'i'), '`USE` (queries run on the configured database only)'],
    [
      new RegExp(`${WORD_START}SHOW\\s`, 'i'),
      '`SHOW` (transactions, settings and users are not graph data)',
    ],
    [new RegExp(`${WORD_START}TERMINATE\\s`, 'i'), '`TERMINATE` (other users’ transactions)'],
    [
      new RegExp(`${WORD_START}LOAD\\s+CSV\\b`, 'i'),
      '`LOAD CSV` (it reads files or URLs outside the graph)',
    ],
  ];
  for (const [pattern, what] of clauses) if (pattern.test(code)) problems.push(what);
  const procedureAt = new Set<number>();
  for (const match of named.matchAll(
    new RegExp(`${WORD_START}CALL(?:\\s+|(?=\`))(${NAME})`, 'gi'),
  )) {
    const written = match[1] ?? '';
    procedureAt.add((match.index ?? 0) + match[0].length - written.length);
    const procedure = written.replace(/\s+/g, '');
    if (procedure.includes('`')) {
      problems.push('a backtick-quoted procedure name (write procedure names unquoted)');
    } else if (
      !allowed(procedure, ALLOWED_PROCEDURES) ||
      DENIED_PROCEDURES.some((denied) => procedure.toLowerCase().startsWith(denied))
    ) {
      problems.push(`the procedure ${procedure} (allowed: ${ALLOWED_PROCEDURES.join(', ')})`);
    }
  }
  for (const match of named.matchAll(new RegExp(`(?:${WORD_START}|(?=\`))(${NAME})\\s*\\(`, 'g'))) {
    if (procedureAt.has(match.index ?? 0)) continue;
    const name = (match[1] ?? '').replace(/\s+/g, '');
    if (name.includes('`')) {
      problems.push('a backtick-quoted function name (write function names unquoted)');
    } else if (name.includes('.') && !allowed(name, ALLOWED_FUNCTIONS)) {
      problems.push(`the function ${name} (allowed: ${ALLOWED_FUNCTIONS.join(', ')})`);
    }
  }
  return problems;
}
