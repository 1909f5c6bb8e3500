import fs from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE } from '../../server/scripts/print-schema.ts';

const DOCUMENTS_FILE = new URL('../../web/src/api/documents.ts', import.meta.url);

/** The app's GraphQL documents: the template literals marked `/* GraphQL *\/`. */
function appDocuments(): string[] {
  const source = fs.readFileSync(DOCUMENTS_FILE, 'utf8');
  return [...source.matchAll(/\/\* GraphQL \*\/\s*`([^`]*)`/g)].map((match) => match[1] as string);
}

describe('GraphQL documents of the web app', () => {
  it('are all found (one per call in web/src/api/documents.ts)', () => {
    expect(appDocuments().length).toBeGreaterThanOrEqual(14);
  });

  it('validate against the committed schema.graphql, so the app and the API cannot drift apart', () => {
    const schema = buildSchema(fs.readFileSync(SCHEMA_FILE, 'utf8'));
    const problems = appDocuments().flatMap((document) =>
      validate(schema, parse(document)).map(
        (error) => `${document.trim().split('\n')[0]}: ${error.message}`,
      ),
    );
    expect(problems).toEqual([]);
  });
});
