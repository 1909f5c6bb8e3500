const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/;

/** A contract timestamp as Neo4j sees it: the instant (seconds + nanoseconds) and its offset. */
export type Instant = { seconds: number; nanos: number; offsetSeconds: number };

/**
 * Parses a timestamp the contract already accepted (ISO-8601 with offset). Cypher calls two
 * DateTimes equal only when instant and offset match, so `equalityKey` carries both.
 */
export function parseInstant(text: string): Instant {
  const m = ISO.exec(text);
  if (!m) throw new Error(`not a contract timestamp: ${text}`);
  const offsetSeconds =
    m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60);
  const local = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
  );
  return {
    seconds: local / 1000 - offsetSeconds,
    nanos: m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0')),
    offsetSeconds,
  };
}

export function equalityKey(instant: Instant): string {
  return `${instant.seconds}.${instant.nanos}@${instant.offsetSeconds}`;
}

/**
 * Cypher's order of DateTimes: by instant, and at the same instant by offset (smaller first:
 * `datetime('…T02:00Z') < datetime('…T10:00+08:00')` is true).
 */
export function compareInstants(a: Instant, b: Instant): number {
  if (a.seconds !== b.seconds) return a.seconds - b.seconds;
  if (a.nanos !== b.nanos) return a.nanos - b.nanos;
  return a.offsetSeconds - b.offsetSeconds;
}
