import { buildSchema, execute, type GraphQLResolveInfo, parse } from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { selectsField } from '../../server/schema/selection.ts';

const schema = buildSchema(`
  type Hood { nodes: [String!]! counts: [Int!]! inner: Hood }
  type Query { hood: Hood }
`);

/** What `selectsField(info, 'counts')` says at `hood` for a document. */
function asksForCounts(document: string): boolean {
  let asked: boolean | undefined;
  execute({
    schema,
    document: parse(document),
    rootValue: {
      hood: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
        asked = selectsField(info, 'counts');
        return null;
      },
    },
  });
  if (asked === undefined) throw new Error('hood was not resolved');
  return asked;
}

describe('selectsField', () => {
  it('sees a field asked for directly', () => {
    expect(asksForCounts('{ hood { nodes counts } }')).toBe(true);
    expect(asksForCounts('{ hood { nodes } }')).toBe(false);
  });

  it('sees it through inline fragments and fragment spreads, nested ones included', () => {
    expect(asksForCounts('{ hood { ... on Hood { counts } } }')).toBe(true);
    expect(
      asksForCounts('{ hood { ...A } } fragment A on Hood { ...B } fragment B on Hood { counts }'),
    ).toBe(true);
  });

  it('does not take the field of a nested object for the field itself', () => {
    expect(asksForCounts('{ hood { nodes inner { counts } } }')).toBe(false);
  });

  it('counts a field behind @skip or @include as asked, so it is never left without data', () => {
    expect(asksForCounts('{ hood { nodes counts @skip(if: true) } }')).toBe(true);
  });

  it('sees it when the same field is asked twice and only one copy selects it', () => {
    expect(asksForCounts('{ hood { nodes } hood { counts } }')).toBe(true);
  });
});
