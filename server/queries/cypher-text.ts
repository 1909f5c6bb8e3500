/**
 * The `$parameters` a Cypher text uses, outside comments, string literals and backtick-quoted
 * names (so `'$5 off'` or `// $x` do not count), sorted and distinct.
 */
export function usedParameters(cypher: string): string[] {
  const found = new Set<string>();
  let i = 0;
  const skipQuoted = (quote: string) => {
    i += 1;
    while (i < cypher.length && cypher[i] !== quote) i += cypher[i] === '\\' ? 2 : 1;
    i += 1;
  };
  while (i < cypher.length) {
    const char = cypher[i];
    const next = cypher[i + 1];
    if (char === '/' && next === '/') {
      const end = cypher.indexOf('\n', i);
      i = end < 0 ? cypher.length : end + 1;
    } else if (char === '/' && next === '*') {
      const end = cypher.indexOf('*/', i + 2);
      i = end < 0 ? cypher.length : end + 2;
    } else if (char === "'" || char === '"' || char === '`') {
      skipQuoted(char);
    } else if (char === '$') {
      const match = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]+)`)/.exec(cypher.slice(i));
      const name = match?.[1] ?? match?.[2];
      if (name) found.add(name);
      i += match ? match[0].length : 1;
    } else {
      i += 1;
    }
  }
  return [...found].sort();
}
