import type { RingStatus, RingSummary } from '../api/types.ts';

/** Sortable columns of the ring queue. */
export type QueueColumn = 'score' | 'size' | 'exposure' | 'merchants' | 'status' | 'lastOrderAt';

export type QueueFilter = {
  text: string;
  status: RingStatus | 'ANY';
  flaggedOnly: boolean;
  minScore: number;
};

export type QueueSort = { column: QueueColumn; descending: boolean };

/** Newest activity first: what changed last is what an investigator looks at first. */
export const DEFAULT_SORT: QueueSort = { column: 'lastOrderAt', descending: true };

export const DEFAULT_FILTER: QueueFilter = {
  text: '',
  status: 'ANY',
  flaggedOnly: false,
  minScore: 0,
};

export function merchantCount(ring: RingSummary): number {
  return ring.members.filter((member) => member.type === 'MERCHANT').length;
}

function value(ring: RingSummary, column: QueueColumn): number | string {
  switch (column) {
    case 'merchants':
      return merchantCount(ring);
    case 'lastOrderAt':
      return ring.lastOrderAt ? Date.parse(ring.lastOrderAt) : 0;
    case 'status':
      return ring.status;
    default:
      return ring[column];
  }
}

/** The rings the filter keeps, sorted (ties by score, then id, so the order is stable). */
export function queueRows(
  rings: readonly RingSummary[],
  filter: QueueFilter,
  sort: QueueSort,
): RingSummary[] {
  const text = filter.text.trim().toLowerCase();
  const kept = rings.filter(
    (ring) =>
      (text === '' || ring.id.toLowerCase().includes(text)) &&
      (filter.status === 'ANY' || ring.status === filter.status) &&
      (!filter.flaggedOnly || ring.flagged) &&
      ring.score >= filter.minScore,
  );
  const direction = sort.descending ? -1 : 1;
  return kept.sort((a, b) => {
    const x = value(a, sort.column);
    const y = value(b, sort.column);
    if (x < y) return -direction;
    if (x > y) return direction;
    return b.score - a.score || a.id.localeCompare(b.id);
  });
}
