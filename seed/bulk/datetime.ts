import { ISO_WITH_OFFSET } from '../contract.ts';

/** The instant a contract timestamp names, and that instant spelt in UTC. */
export type UtcTime = { seconds: number; nanos: number; text: string };

/**
 * Parses a timestamp the contract already accepted (ISO-8601 with offset). `text` is the one
 * spelling of the instant whatever offset it was written with; Neo4j reads it as the DateTime
 * `datetime({datetime: datetime(timestamp), timezone: 'Z'})` of the online loader.
 */
export function toUtc(timestamp: string): UtcTime {
  const m = ISO_WITH_OFFSET.exec(timestamp);
  if (!m) throw new Error(`not a contract timestamp: ${timestamp}`);
  const offsetSeconds =
    m[9] === undefined ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60);
  const local = new Date(0);
  // Unlike Date.UTC, setUTCFullYear does not take years 0-99 for 1900-1999.
  local.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  local.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  const seconds = local.getTime() / 1000 - offsetSeconds;
  const nanos = m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0'));
  // Years that UTC moves past 9999 or before 0000 come out as Neo4j writes and reads them
  // (+010000, -000001).
  const whole = new Date(seconds * 1000).toISOString().slice(0, -5);
  const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0')}`;
  return { seconds, nanos, text: `${whole}${fraction}Z` };
}

export function compareUtc(a: UtcTime, b: UtcTime): number {
  return a.seconds - b.seconds || a.nanos - b.nanos;
}
