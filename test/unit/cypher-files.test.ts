import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CYPHER_DIR,
  QueryRegistry,
  schemaGroups,
  splitStatements,
} from '../../server/db/queries.ts';

function cypherFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return cypherFiles(full);
    return entry.name.endsWith('.cypher') ? [full] : [];
  });
}

const files = cypherFiles(CYPHER_DIR).map((file) => ({
  file,
  name: path
    .relative(CYPHER_DIR, file)
    .replace(/\.cypher$/, '')
    .split(path.sep)
    .join('/'),
}));
const registry = new QueryRegistry();

const commentLines = (text: string) =>
  text.split('\n').filter((line) => line.trim().startsWith('//'));
const codeLines = (text: string) =>
  text.split('\n').filter((line) => !line.trim().startsWith('//'));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-cypher-'));

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('cypher/ files', () => {
  it('exist, with kebab-case names', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const { name } of files)
      expect(name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)+$/);
  });

  it('are each loaded by QueryRegistry under their path without extension, and nothing else is', () => {
    expect(registry.names()).toEqual(files.map(({ name }) => name).sort());
  });

  it.each(files)(
    '$name: the registry holds the file text without surrounding blank lines',
    ({ file, name }) => {
      expect(registry.get(name).text).toBe(
        fs
          .readFileSync(file, 'utf8')
          .replace(/^\uFEFF/, '')
          .trim(),
      );
      expect(registry.get(name).file).toBe(file);
    },
  );

  it.each(files)(
    '$name: starts with a // header comment that states its purpose in words',
    ({ name }) => {
      const text = registry.get(name).text;
      const [first] = text.split('\n');
      expect(first).toMatch(/^\/\/ \S/);
      expect(first?.replace(/^\/\/\s*/, '').split(/\s+/).length).toBeGreaterThanOrEqual(5);
    },
  );

  it.each(files)('$name: names in its header every $parameter the query uses', ({ name }) => {
    const text = registry.get(name).text;
    const header = commentLines(text).join('\n');
    const used = new Set(
      [
        ...codeLines(text)
          .join('\n')
          .matchAll(/\$(\w+)/g),
      ].map((match) => match[1]),
    );
    for (const parameter of used) expect(header).toContain(`$${parameter}`);
  });

  it.each(files)(
    '$name: passes values as $parameters, never by concatenating text into the query',
    ({ name }) => {
      const code = codeLines(registry.get(name).text).join('\n');
      expect(code).not.toMatch(/' \+|\+ '|" \+|\+ "/);
      expect(code).not.toContain('${');
    },
  );
});

describe('QueryRegistry', () => {
  it('fails with QUERY_MISSING naming the file when a query name does not exist', () => {
    expect(() => registry.get('load/no-such-query')).toThrow(
      expect.objectContaining({
        code: 'QUERY_MISSING',
        message: expect.stringContaining('cypher/load/no-such-query.cypher'),
      }),
    );
  });

  it('refuses a second root that shadows a name from the first one', () => {
    fs.mkdirSync(path.join(tmp, 'stats'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'stats', 'counts.cypher'), '// Shadow.\nRETURN 1\n');
    expect(() => new QueryRegistry([CYPHER_DIR, tmp])).toThrow(
      expect.objectContaining({ code: 'QUERY_DUPLICATE' }),
    );
  });
});

describe('splitStatements on cypher/schema', () => {
  const schemaFiles = files.filter(({ name }) => name.startsWith('schema/'));

  it('finds the constraint and index files', () => {
    expect(schemaFiles.map(({ name }) => name)).toEqual(
      expect.arrayContaining(['schema/constraints', 'schema/indexes']),
    );
  });

  it.each(schemaFiles)(
    '$name: yields only CREATE … IF NOT EXISTS statements, without comments or semicolons',
    ({ name }) => {
      const statements = splitStatements(registry.get(name).text);
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(statement).toMatch(
          /^CREATE (?:[A-Z]+ )?(?:CONSTRAINT|INDEX) [a-z0-9_]+ IF NOT EXISTS\b/,
        );
        expect(statement).not.toContain('//');
        expect(statement).not.toContain(';');
      }
    },
  );

  it('gives every entity key a uniqueness constraint and every statement a distinct name', () => {
    const constraints = splitStatements(registry.get('schema/constraints').text);
    const uniqueIds = constraints
      .filter((statement) => /REQUIRE n\.id IS UNIQUE$/.test(statement))
      .map((statement) => /\(n:(\w+)\)/.exec(statement)?.[1]);
    expect(uniqueIds).toEqual(
      expect.arrayContaining([
        'Account',
        'Address',
        'BankAccount',
        'Device',
        'IP',
        'Identity',
        'Merchant',
        'Order',
        'Phone',
        'Tracking',
      ]),
    );
    const statements = schemaFiles.flatMap(({ name }) => splitStatements(registry.get(name).text));
    const names = statements.map(
      (statement) => /(?:CONSTRAINT|INDEX) (\w+) IF NOT EXISTS/.exec(statement)?.[1],
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it('splits on semicolons at line ends only and drops comment lines', () => {
    expect(
      splitStatements(
        '// header;\nCREATE INDEX a IF NOT EXISTS\n  FOR (n:X) ON (n.y);\n\n// trailing\n',
      ),
    ).toEqual(['CREATE INDEX a IF NOT EXISTS\n  FOR (n:X) ON (n.y)']);
  });
});

describe('schemaGroups', () => {
  it('keeps the statements of one label or relationship type together and in file order', () => {
    const statements = [
      'CREATE CONSTRAINT order_id IF NOT EXISTS FOR (n:Order) REQUIRE n.id IS UNIQUE',
      'CREATE CONSTRAINT account_id IF NOT EXISTS FOR (n:Account) REQUIRE n.id IS UNIQUE',
      'CREATE INDEX order_created_at IF NOT EXISTS FOR (n:Order) ON (n.created_at)',
      'CREATE INDEX placed_at IF NOT EXISTS FOR ()-[r:PLACED]-() ON (r.at)',
      'CREATE INDEX placed_amount IF NOT EXISTS FOR ()-[r:PLACED]-() ON (r.amount)',
    ];
    expect(schemaGroups(statements)).toEqual([
      [statements[0], statements[2]],
      [statements[1]],
      [statements[3], statements[4]],
    ]);
  });

  it('refuses a statement that is not FOR one label or relationship type', () => {
    expect(() => schemaGroups(['DROP INDEX order_created_at IF EXISTS'])).toThrow(/one label/);
    expect(() =>
      schemaGroups([
        'CREATE FULLTEXT INDEX names IF NOT EXISTS FOR (n:Account|Merchant) ON EACH [n.name]',
      ]),
    ).toThrow(/one label/);
  });

  it('puts every statement of cypher/schema in exactly one group', () => {
    const statements = files
      .filter(({ name }) => name.startsWith('schema/'))
      .flatMap(({ name }) => splitStatements(registry.get(name).text));
    const groups = schemaGroups(statements);
    expect(groups.flat().sort()).toEqual([...statements].sort());
    const orderGroup = groups.find((group) => group.some((s) => s.includes('(n:Order)')));
    expect(orderGroup?.every((s) => s.includes('(n:Order)'))).toBe(true);
    expect(orderGroup?.length).toBeGreaterThan(1);
  });
});
