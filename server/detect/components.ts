import { compareIds } from './compare-ids.ts';

function find(parent: Map<string, string>, node: string): string {
  let root = node;
  while (parent.get(root) !== root) root = parent.get(root) as string;
  parent.set(node, root);
  return root;
}

/**
 * The connected components of `nodes` joined by `edges` (both ends must be nodes), each sorted,
 * ordered by their first node: the same output for the same graph whatever the input order.
 */
export function connectedSets(nodes: Iterable<string>, edges: [string, string][]): string[][] {
  const parent = new Map([...nodes].map((node) => [node, node]));
  for (const [a, b] of edges) parent.set(find(parent, a), find(parent, b));
  const sets = new Map<string, string[]>();
  for (const node of parent.keys()) {
    const root = find(parent, node);
    const set = sets.get(root);
    if (set) set.push(node);
    else sets.set(root, [node]);
  }
  return [...sets.values()].map((set) => set.sort()).sort((a, b) => compareIds(a[0], b[0]));
}
