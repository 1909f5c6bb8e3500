/**
 * The Cypher with comments, string literals and backtick-quoted names blanked out (replaced by
 * spaces, so positions stay), leaving only code to look at.
 */
function codeOnly(cypher: string): string {
  let out = '';
  let i = 0;
  const blank = (end: number) => {
    out += cypher.slice(i, end).replace(/[^\n]/g, ' ');
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
      const stop = end < 0 ? cypher.length : end + 1;
      out += cypher.slice(i, stop);
      i = stop;
    } else if (char === '`') {
      const end = cypher.indexOf('`', i + 1);
      blank(end < 0 ? cypher.length : end + 1);
    } else {
      out += char;
      i += 1;
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

/**
 * Procedures a saved query may call: read-only graph helpers. Everything else (dbms.*, APOC's
 * load/import/export/periodic/trigger/cypher, GDS catalog writes …) could reach outside the graph
 * or past the read transaction, so it is refused before Neo4j sees it.
 */
const ALLOWED_PROCEDURES = [
  'apoc.path.',
  'apoc.neighbors.',
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
  'apoc.algo.',
  'db.labels',
  'db.relationshipTypes',
  'db.propertyKeys',
  'db.index.fulltext.query',
];

/**
 * Clauses a read transaction does not stop but a saved query must not use: `USE` (another
 * database), `SHOW` / `TERMINATE` (other users' transactions, settings), `LOAD CSV` (files and
 * URLs), and procedures outside ALLOWED_PROCEDURES. Writes are left to the database to refuse.
 * Returns one line per problem.
 */
export function forbiddenClauses(cypher: string): string[] {
  const code = codeOnly(cypher);
  const problems: string[] = [];
  const clauses: [RegExp, string][] = [
    [/\bUSE\s/i, '`USE` (queries run on the configured database only)'],
    [/\bSHOW\s/i, '`SHOW` (transactions, settings and users are not graph data)'],
    [/\bTERMINATE\s/i, '`TERMINATE` (other users’ transactions)'],
    [/\bLOAD\s+CSV\b/i, '`LOAD CSV` (it reads files or URLs outside the graph)'],
  ];
  for (const [pattern, what] of clauses) if (pattern.test(code)) problems.push(what);
  for (const match of code.matchAll(/\bCALL\s+([A-Za-z_][\w.]*)/gi)) {
    const procedure = match[1] ?? '';
    if (!ALLOWED_PROCEDURES.some((prefix) => procedure.startsWith(prefix))) {
      problems.push(`the procedure ${procedure} (allowed: ${ALLOWED_PROCEDURES.join(', ')})`);
    }
  }
  return problems;
}
