import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql/index.js';

/**
 * Whether the document asks for `name` directly under the field being resolved, through inline
 * fragments and fragment spreads too; a field behind `@skip`/`@include` counts as asked, so a
 * resolver that skips work on `false` never leaves an asked field without its data.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const search = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return search(selection.selectionSet);
      const fragment = selection.name.value;
      if (seen.has(fragment)) return false;
      seen.add(fragment);
      return search(info.fragments[fragment]?.selectionSet);
    });
  return info.fieldNodes.some((node) => search(node.selectionSet));
}
