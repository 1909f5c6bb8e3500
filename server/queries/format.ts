import { csvLine } from '../../seed/csv-writer.ts';
import type { QueryResult } from './run-query.ts';

/** One cell as text: nodes as `Type:id`, lists joined by spaces, maps as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cellText).join(' ');
  if (typeof value === 'object') {
    const node = value as { id?: unknown; type?: unknown; properties?: unknown };
    if (typeof node.id === 'string' && typeof node.type === 'string' && node.properties) {
      return `${node.type}:${node.id}`;
    }
    return JSON.stringify(value);
  }
  return String(value);
}

const MAX_CELL = 60;

/** An aligned text table, long cells cut with `…` (csv and json keep everything). */
export function formatTable(result: QueryResult): string {
  const cells = result.rows.map((row) =>
    row.map((value) => {
      const text = cellText(value);
      return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
    }),
  );
  const widths = result.columns.map((column, index) =>
    Math.max(column.length, ...cells.map((row) => row[index]?.length ?? 0)),
  );
  const line = (values: string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(result.columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')}\n`;
}

export function formatCsv(result: QueryResult): string {
  return csvLine(result.columns) + result.rows.map((row) => csvLine(row.map(cellText))).join('');
}

/** JSON with rows as objects keyed by column, and the run's facts (truncated, limit, time). */
export function formatJson(result: QueryResult): string {
  const rows = result.rows.map((row) =>
    Object.fromEntries(result.columns.map((column, index) => [column, row[index] ?? null])),
  );
  const { name, columns, truncated, rowLimit, elapsedMs } = result;
  return `${JSON.stringify({ name, columns, rows, truncated, rowLimit, elapsedMs }, null, 2)}\n`;
}
