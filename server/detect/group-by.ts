/** Rows by the key `keyOf` gives them, each group in the rows' order. */
export function groupBy<R>(rows: Iterable<R>, keyOf: (row: R) => string): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
