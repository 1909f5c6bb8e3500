import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
// 'graphql/index.js', not 'graphql': the copy Pothos builds with, also under Vite (see errors.ts).
import { valueFromASTUntyped } from 'graphql/index.js';
import type { GraphQLContext } from './context.ts';
import { BadUserInputError, ForbiddenError } from './errors.ts';

/**
 * The one SchemaBuilder. Scopes: `summary` (every role: membership and ring summaries),
 * `readAll` (investigator, analyst), `write` (investigator: notes and ring status),
 * `runQueries` (analyst: run and save saved queries). Relay comes before scope-auth as the
 * plugin docs ask.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: { summary: boolean; readAll: boolean; write: boolean; runQueries: boolean };
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [RelayPlugin, ScopeAuthPlugin, ValidationPlugin],
  defaultFieldNullability: false,
  relay: {
    // Ids are the input files' ids, not base64 global ids: `node` is defined in schema/node.ts.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  scopeAuth: {
    authScopes: (context) => ({
      summary: true,
      readAll: context.principal.role !== 'service',
      write: context.principal.role === 'investigator',
      runQueries: context.principal.role === 'analyst',
    }),
    unauthorizedError: (_parent, context, info) =>
      new ForbiddenError(
        `The ${context.principal.role} role may not read ${info.parentType.name}.${info.fieldName}.`,
      ),
  },
  validation: {
    validationError: (result) =>
      new BadUserInputError(
        result.issues
          .map((issue) => {
            const where = issue.path?.map((part) => (typeof part === 'object' ? part.key : part));
            return where && where.length > 0
              ? `${where.join('.')}: ${issue.message}`
              : issue.message;
          })
          .join('; '),
      ),
  },
});

builder.scalarType('JSON', {
  description: 'A plain JSON value: saved-query parameters in, result cells out.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

builder.queryType({});
builder.mutationType({});
