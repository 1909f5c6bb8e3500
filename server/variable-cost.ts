import { type CostLimitOptions, costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
// 'graphql/index.js', not 'graphql': the copy Yoga uses, also under Vite (see yoga.ts).
import {
  type ArgumentNode,
  type DocumentNode,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
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

/**
 * The page sizes the operation's variables hold: the request's values, else the variables'
 * defaults. A null or absent one is left to armor, which prices a connection without `first`
 * as one page, as it does when the argument itself is left out.
 */
function pageSizeValues(
  operation: OperationDefinitionNode,
  given: Readonly<Record<string, unknown>>,
): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const value = given[name];
    if (typeof value === 'number') sizes.set(name, value);
    else if (value === undefined && definition.defaultValue?.kind === Kind.INT) {
      sizes.set(name, Number(definition.defaultValue.value));
    }
  }
  return sizes;
}

/**
 * The operation that runs, with the fragments, each page size given as a variable written in as
 * the literal it holds.
 */
function pricedOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  sizes: ReadonlyMap<string, number>,
): DocumentNode {
  const alone: DocumentNode = {
    ...document,
    definitions: document.definitions.filter(
      (definition) => definition === operation || definition.kind === Kind.FRAGMENT_DEFINITION,
    ),
  };
  return visit(alone, {
    Argument(node): ArgumentNode | undefined {
      if (!PAGE_ARGUMENTS.has(node.name.value) || node.value.kind !== Kind.VARIABLE) return;
      const size = sizes.get(node.value.name.value);
      if (size === undefined) return;
      const value: ValueNode = { kind: Kind.INT, value: String(size) };
      return { ...node, value };
    },
  });
}

/**
 * Armor's cost limit, applied again once the variables are known. Armor prices a connection by
 * a literal `first` and counts `first: $n` as one, so fifteen aliases of a 100-ring page with
 * 100 orders each passed as variables; here the same rule reprices the operation that runs with
 * the page sizes it really asks for, before anything runs. Documents without variable page
 * sizes (every membership call) skip it.
 */
export function useVariablePageCost(options: CostLimitOptions): Plugin {
  return {
    onExecute({ args }) {
      if (!pageSizeFromVariable(args.document)) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const sizes = pageSizeValues(operation, args.variableValues ?? {});
      const priced = pricedOperation(args.document, operation, sizes);
      const [error] = validate(args.schema, priced, [costLimitRule(options)]);
      if (error) throw error;
    },
  };
}
