import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RingscopeError } from '../errors.ts';

export const CYPHER_DIR = fileURLToPath(new URL('../../cypher/', import.meta.url));

export type CypherFile = Readonly<{ name: string; file: string; text: string }>;

/** File text without a BOM or surrounding blank lines; header comments stay (Cypher ignores them). */
function bodyOf(text: string): string {
  return text.replace(/^\uFEFF/, '').trim();
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name.endsWith('.cypher') ? [full] : [];
  });
}

/**
 * Every `.cypher` file under `cypher/`, keyed by its path without extension
 * (`load/orders-create`). Read once at start; a missing name fails loudly.
 */
export class QueryRegistry {
  private readonly byName: ReadonlyMap<string, CypherFile>;

  /** Later roots add to (and may not shadow) earlier ones; tests add their own folder. */
  constructor(roots: readonly string[] = [CYPHER_DIR]) {
    const entries = new Map<string, CypherFile>();
    for (const root of roots) {
      for (const file of walk(root)) {
        const name = path
          .relative(root, file)
          .replace(/\.cypher$/, '')
          .split(path.sep)
          .join('/');
        if (entries.has(name)) {
          throw new RingscopeError(
            'QUERY_DUPLICATE',
            `Two Cypher files are named ${name}: ${file} and ${entries.get(name)?.file}.`,
          );
        }
        entries.set(name, { name, file, text: bodyOf(fs.readFileSync(file, 'utf8')) });
      }
    }
    this.byName = entries;
  }

  get(name: string): CypherFile {
    const query = this.byName.get(name);
    if (!query) {
      throw new RingscopeError('QUERY_MISSING', `No Cypher file cypher/${name}.cypher was found.`);
    }
    return query;
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}

/**
 * Splits a file of schema statements on `;` at line ends. Only for files we write ourselves
 * (constraints, indexes): they contain no string literals with semicolons.
 */
export function splitStatements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((statement) =>
      statement
        .split('\n')
        .filter((line) => !line.trim().startsWith('//'))
        .join('\n')
        .trim(),
    )
    .filter((statement) => statement.length > 0);
}

/**
 * Schema statements grouped by the label or relationship type they are FOR, in file order
 * within a group. Two statements on one label at once deadlock on its schema lock; statements
 * on different labels may run side by side. A statement for no single label (a DROP, an index
 * over `A|B`) could race the others, so it is refused.
 */
export function schemaGroups(statements: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const statement of statements) {
    const match = /\bFOR\b[^:]*:\s*(\w+)(\s*\|)?/i.exec(statement);
    const target = match?.[1];
    if (target === undefined || match?.[2] !== undefined) {
      throw new Error(`A schema statement must be FOR one label or type: ${statement}`);
    }
    const group = groups.get(target);
    if (group) group.push(statement);
    else groups.set(target, [statement]);
  }
  return [...groups.values()];
}
