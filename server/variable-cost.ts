import { type CostLimitOptions, costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
// 'graphql/index.js', not 'graphql': the copy Yoga uses, also under Vite (see yoga.ts).
import {
  type ArgumentNode,
  type DocumentNode,
  Kind,
  type ValueNode,
  validate,
  visit,
} from 'graphql/index.js';
import type { Plugin } from 'graphql-yoga';

/** Page-size arguments armor's cost multiplies a connection by. */
const PAGE_ARGUMENTS = new Set(['first', 'last']);

/** Whether a document passes a page size as a variable; most (membership calls) do not. */
const pagesByVariable = new WeakMap<DocumentNode, boolean>();

function pageSizeFromVariable(document: DocumentNode): boolean {
  let found = pagesByVariable.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      Argument(node) {
        if (PAGE_ARGUMENTS.has(node.name.value) && node.value.kind === Kind.VARIABLE) found = true;
      },
    });
    pagesByVariable.set(document, found);
  }
  return found;
}

/** The document with each page size given as a variable written in as the literal it holds. */
function withPageSizesInline(
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>>,
): DocumentNode {
  return visit(document, {
    Argument(node): ArgumentNode | undefined {
      if (!PAGE_ARGUMENTS.has(node.name.value) || node.value.kind !== Kind.VARIABLE) return;
      const size = variables[node.value.name.value];
      if (typeof size !== 'number') return;
      const value: ValueNode = { kind: Kind.INT, value: String(size) };
      return { ...node, value };
    },
  });
}

/**
 * Armor's cost limit, applied again once the variables are known. Armor prices a connection by
 * a literal `first` and counts `first: $n` as one, so fifteen aliases of a 100-ring page with
 * 100 orders each passed as variables; here the same rule reprices such a document with the
 * page sizes it really asks for, before anything runs. Documents without variable page sizes
 * (every membership call) skip it.
 */
export function useVariablePageCost(options: CostLimitOptions): Plugin {
  return {
    onExecute({ args }) {
      if (!pageSizeFromVariable(args.document)) return;
      const priced = withPageSizesInline(args.document, args.variableValues ?? {});
      const [error] = validate(args.schema, priced, [costLimitRule(options)]);
      if (error) throw error;
    },
  };
}
