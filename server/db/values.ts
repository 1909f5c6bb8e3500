import {
  isDate,
  isDateTime,
  isDuration,
  isLocalDateTime,
  isLocalTime,
  isNode,
  isPath,
  isPoint,
  isRelationship,
  isTime,
} from 'neo4j-driver';

/** Converts driver values (temporals, nodes, relationships) into plain JSON-ready values. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    // Lists of plain values (order ids, epoch seconds) are most of what detection reads.
    return value.every((item) => item !== null && typeof item !== 'object')
      ? value
      : value.map(toPlain);
  }
  if (typeof value !== 'object') return value;
  if (
    isDateTime(value) ||
    isDate(value) ||
    isLocalDateTime(value) ||
    isTime(value) ||
    isLocalTime(value) ||
    isDuration(value)
  ) {
    return value.toString();
  }
  if (isNode(value)) {
    return {
      labels: value.labels,
      properties: toPlain(value.properties),
      elementId: value.elementId,
    };
  }
  if (isRelationship(value)) {
    return {
      type: value.type,
      properties: toPlain(value.properties),
      elementId: value.elementId,
      startNodeElementId: value.startNodeElementId,
      endNodeElementId: value.endNodeElementId,
    };
  }
  if (isPath(value)) {
    // As Neo4j's HTTP API writes a path: its nodes and relationships alternating, start first, so
    // a result of paths keeps the nodes its relationships join.
    return [
      toPlain(value.start),
      ...value.segments.flatMap((segment) => [toPlain(segment.relationship), toPlain(segment.end)]),
    ];
  }
  if (isPoint(value)) return { x: value.x, y: value.y, z: value.z, srid: value.srid };
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toPlain(inner)]));
}

/**
 * A record's fields as a plain row. Converted in place: the object is the driver's fresh copy,
 * and detection reads rows by the hundred thousand.
 */
export function toPlainRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (value === undefined || (value !== null && typeof value === 'object')) {
      row[key] = toPlain(value);
    }
  }
  return row;
}
