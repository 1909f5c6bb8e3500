import type { GraphEdgeRecord, GraphNodeRecord, NeighborhoodRecord } from '../db/records.ts';

/** Node and relationship shapes as `toPlain` (server/db/values.ts) returns them. */
type PlainNode = { labels: string[]; properties: Record<string, unknown>; elementId: string };
type PlainRelationship = {
  type: string;
  properties: Record<string, unknown>;
  elementId: string;
  startNodeElementId: string;
  endNodeElementId: string;
};

/** A node in a result row: its API id, kind, display label and properties. */
export type NodeCell = {
  id: string;
  type: string;
  label: string;
  properties: Record<string, unknown>;
};

function isPlainNode(value: unknown): value is PlainNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as PlainNode).labels) &&
    typeof (value as PlainNode).elementId === 'string'
  );
}

function isPlainRelationship(value: unknown): value is PlainRelationship {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PlainRelationship).startNodeElementId === 'string'
  );
}

// Loads add `Touched` to what they upsert; it is bookkeeping, never the kind of a node.
const BOOKKEEPING_LABELS = new Set(['Touched']);

function nodeCell(node: PlainNode): NodeCell {
  const type = node.labels.find((label) => !BOOKKEEPING_LABELS.has(label)) ?? 'Node';
  const id = node.properties.id ?? node.properties.name ?? node.elementId;
  const name = node.properties.name;
  return {
    id: String(id),
    type,
    label: typeof name === 'string' && name !== '' ? name : String(id),
    properties: node.properties,
  };
}

/** Every node and relationship anywhere in the rows (lists, maps and paths included). */
function collectElements(rows: unknown[][]) {
  const nodes = new Map<string, NodeCell>();
  const relationships = new Map<string, PlainRelationship>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (isPlainRelationship(value)) {
      relationships.set(value.elementId, value);
    } else if (isPlainNode(value)) {
      nodes.set(value.elementId, nodeCell(value));
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) visit(item);
    }
  };
  for (const row of rows) visit(row);
  return { nodes, relationships };
}

/**
 * Result values as plain JSON: nodes become `{id, type, label, properties}`, relationships
 * `{type, source, target, properties}` with `Type:id` ends when the result holds both nodes.
 */
export function toCells(rows: unknown[][]): unknown[][] {
  const { nodes } = collectElements(rows);
  const elementOf = (elementId: string) => {
    const node = nodes.get(elementId);
    return node ? `${node.type}:${node.id}` : null;
  };
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (isPlainRelationship(value)) {
      return {
        type: value.type,
        source: elementOf(value.startNodeElementId),
        target: elementOf(value.endNodeElementId),
        properties: value.properties,
      };
    }
    if (isPlainNode(value)) return nodeCell(value);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, convert(inner)]));
    }
    return value;
  };
  return rows.map((row) => row.map(convert));
}

/**
 * The nodes and relationships of a result as the Cytoscape elements `neighborhood` returns;
 * null when the result holds no nodes. Relationships whose ends are not in the result are left
 * out (they would dangle).
 */
export function toGraph(rows: unknown[][], truncated: boolean): NeighborhoodRecord | null {
  const { nodes, relationships } = collectElements(rows);
  if (nodes.size === 0) return null;
  const graphNodes: GraphNodeRecord[] = [...nodes.values()].map((node) => {
    const risk = node.properties.risk ?? node.properties.score;
    return {
      entityId: node.id,
      type: node.type,
      label: node.label,
      risk: typeof risk === 'number' ? risk : null,
      hop: 0,
    };
  });
  const edges: GraphEdgeRecord[] = [];
  for (const relationship of relationships.values()) {
    const source = nodes.get(relationship.startNodeElementId);
    const target = nodes.get(relationship.endNodeElementId);
    if (!source || !target) continue;
    edges.push({
      id: `${source.type}:${source.id}-${relationship.type}->${target.type}:${target.id}`,
      sourceType: source.type,
      sourceId: source.id,
      targetType: target.type,
      targetId: target.id,
      type: relationship.type,
    });
  }
  const counts = new Map<string, number>();
  for (const node of graphNodes) counts.set(node.type, (counts.get(node.type) ?? 0) + 1);
  return {
    found: true,
    nodes: graphNodes,
    edges,
    truncated,
    counts: [...counts].map(([type, count]) => ({ type, count })),
  };
}
