import { z } from 'zod';
import { builder } from '../builder.ts';
import type {
  GraphEdgeRecord,
  GraphNodeRecord,
  NeighborhoodRecord,
  PathRecord,
} from '../db/records.ts';
import { entityIdSchema } from './entity-id.ts';
import { selectsField } from './selection.ts';

/** Node labels a neighbourhood can be narrowed to. */
export const EntityType = builder.enumType('EntityType', {
  values: [
    'Account',
    'Merchant',
    'Ring',
    'Order',
    'Device',
    'IP',
    'Address',
    'Phone',
    'Identity',
    'BankAccount',
    'Tracking',
  ] as const,
});

/** Input files number accounts, orders and identifiers independently, so one id may name several. */
const KIND_OF_ID =
  'The kind of entity the id names, for ids several kinds share (an account id that is also a phone number); without it an account comes first, then a merchant, ring, order and identifier.';

const GraphNodeData = builder.objectRef<GraphNodeRecord>('GraphNodeData');
GraphNodeData.implement({
  fields: (t) => ({
    id: t.id({
      description: 'Element id, `Label:id` (unique across kinds).',
      resolve: (node) => `${node.type}:${node.entityId}`,
    }),
    entityId: t.exposeID('entityId', {
      description: 'The API id, for account/merchant/ring/node.',
    }),
    type: t.exposeString('type'),
    label: t.exposeString('label'),
    risk: t.exposeFloat('risk', { nullable: true, description: 'Risk, or score for rings.' }),
    hop: t.exposeInt('hop', { description: 'Distance from the start node.' }),
  }),
});

const GraphEdgeData = builder.objectRef<GraphEdgeRecord>('GraphEdgeData');
GraphEdgeData.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    source: t.id({ resolve: (edge) => `${edge.sourceType}:${edge.sourceId}` }),
    target: t.id({ resolve: (edge) => `${edge.targetType}:${edge.targetId}` }),
    type: t.exposeString('type', { description: 'Relationship type.' }),
  }),
});

const GraphNode = builder.objectRef<{ data: GraphNodeRecord }>('GraphNode');
GraphNode.implement({
  description: 'A Cytoscape node element.',
  fields: (t) => ({ data: t.expose('data', { type: GraphNodeData }) }),
});

const GraphEdge = builder.objectRef<{ data: GraphEdgeRecord }>('GraphEdge');
GraphEdge.implement({
  description: 'A Cytoscape edge element.',
  fields: (t) => ({ data: t.expose('data', { type: GraphEdgeData }) }),
});

const TypeCount = builder.objectRef<{ type: string; count: number }>('TypeCount');
TypeCount.implement({
  fields: (t) => ({ type: t.exposeString('type'), count: t.exposeInt('count') }),
});

export const Neighborhood = builder.objectRef<NeighborhoodRecord>('Neighborhood');

Neighborhood.implement({
  description: 'Elements for Cytoscape around one entity, nearest first.',
  fields: (t) => ({
    nodes: t.field({
      type: [GraphNode],
      description: 'The start node (hop 0) first.',
      resolve: (graph) => graph.nodes.map((data) => ({ data })),
    }),
    edges: t.field({
      type: [GraphEdge],
      description: 'The breadth-first tree edges that reached the nodes.',
      resolve: (graph) => graph.edges.map((data) => ({ data })),
    }),
    truncated: t.exposeBoolean('truncated', {
      description: 'More nodes were reachable than `limit`.',
    }),
    counts: t.field({
      type: [TypeCount],
      description: "Exact per-type counts of the start node's direct neighbours (hubs show here).",
      resolve: (graph) => graph.counts,
    }),
  }),
});

builder.queryField('neighborhood', (t) =>
  t.field({
    type: Neighborhood,
    nullable: true,
    description: 'Nodes and edges around an entity (any kind, by id); null when none has the id.',
    authScopes: { readAll: true },
    args: {
      id: t.arg.id({ required: true, validate: entityIdSchema }),
      type: t.arg({ type: EntityType, description: KIND_OF_ID }),
      hops: t.arg.int({ defaultValue: 1, validate: z.number().int().min(1).max(3) }),
      limit: t.arg.int({ defaultValue: 200, validate: z.number().int().min(1).max(1000) }),
      types: t.arg({
        type: [EntityType],
        description:
          'Only these kinds count against `limit` (nearest first); the nodes of other kinds on the paths to them come too, so every node connects to the start. A typed search of two or three hops reads at most 20,000 nodes (stopping there sets `truncated`); `[]` returns the start node alone.',
      }),
    },
    resolve: async (_root, { id, type, hops, limit, types }, context, info) => {
      const [graph] = await context.read<NeighborhoodRecord>('neighborhood', {
        id,
        type: type ?? null,
        hops: hops ?? 1,
        limit: limit ?? 200,
        types: types ?? null,
        // Counting a shop's 100,000 orders costs most of a one-hop read: only when asked.
        counts: selectsField(info, 'counts'),
      });
      return graph ?? null;
    },
  }),
);

export const Path = builder.objectRef<PathRecord>('Path');

Path.implement({
  description: 'The shortest connection between two entities, as Cytoscape elements.',
  fields: (t) => ({
    length: t.exposeInt('length', { description: 'Relationships on the path.' }),
    nodes: t.field({
      type: [GraphNode],
      description: 'From `from` (hop 0) to `to`.',
      resolve: (path) => path.nodes.map((data) => ({ data })),
    }),
    edges: t.field({
      type: [GraphEdge],
      resolve: (path) => path.edges.map((data) => ({ data })),
    }),
  }),
});

builder.queryField('path', (t) =>
  t.field({
    type: Path,
    nullable: true,
    description:
      'The shortest connection between two entities (any kind, by id) within maxHops; null when there is none. From an entity to itself: that one node, length 0.',
    authScopes: { readAll: true },
    args: {
      from: t.arg.id({ required: true, validate: entityIdSchema }),
      fromType: t.arg({ type: EntityType, description: KIND_OF_ID }),
      to: t.arg.id({ required: true, validate: entityIdSchema }),
      toType: t.arg({ type: EntityType, description: KIND_OF_ID }),
      maxHops: t.arg.int({ defaultValue: 4, validate: z.number().int().min(1).max(6) }),
    },
    resolve: async (_root, { from, fromType, to, toType, maxHops }, context) => {
      const [path] = await context.read<PathRecord>('path', {
        from,
        fromType: fromType ?? null,
        to,
        toType: toType ?? null,
        maxHops: maxHops ?? 4,
      });
      return path ?? null;
    },
  }),
);
