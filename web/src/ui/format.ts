const yen = new Intl.NumberFormat('zh-CN', {
  style: 'currency',
  currency: 'CNY',
  maximumFractionDigits: 0,
});
const count = new Intl.NumberFormat('en-US');

export function formatYen(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : yen.format(value);
}

export function formatCount(value: number): string {
  return count.format(value);
}

export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(2);
}

/** `2026-02-09 20:42` in UTC, or a dash. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
