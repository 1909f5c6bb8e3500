import type { EdgeSingular } from 'cytoscape';
import type { FcoseLayoutOptions } from 'cytoscape-fcose';

/** fcose for a fresh graph; `edgeLength` overrides the ideal length per edge. */
export function initialLayout(
  size: number,
  edgeLength: (edge: EdgeSingular) => number = () => 60,
): FcoseLayoutOptions {
  return {
    name: 'fcose',
    /** Spectral start plus the force-directed polish (draft alone stacks trees onto a few points). */
    quality: 'default',
    /** Fewer polish iterations on big graphs: most of the layout time, little visible gain. */
    numIter: size > 400 ? 1000 : 2500,
    /** Start from a spectral layout instead of the current (meaningless) positions. */
    randomize: true,
    /** No animation: the canvas appears laid out, and big graphs stay responsive. */
    animate: false,
    /** Leave room around the graph after fitting. */
    padding: 30,
    /** Enough distance that labels of neighbours do not overlap at fit zoom. */
    idealEdgeLength: edgeLength,
    /** Pulls disconnected parts (e.g. a filtered graph) together. */
    nodeRepulsion: () => 6000,
  };
}

/**
 * fcose for nodes added to a laid-out graph: existing nodes stay where they are (fixed
 * constraints), new ones start next to their neighbour, no spectral restart — so the graph
 * does not jump when it grows.
 */
export function incrementalLayout(
  fixed: { nodeId: string; position: { x: number; y: number } }[],
): FcoseLayoutOptions {
  return {
    name: 'fcose',
    /** fcose refines given positions only in proof quality. */
    quality: 'proof',
    /** Keep the seeded positions as the starting point. */
    randomize: false,
    animate: false,
    /** Do not move the viewport under the investigator's eyes. */
    fit: false,
    /** The nodes already on screen stay put. */
    fixedNodeConstraint: fixed,
    idealEdgeLength: () => 60,
    nodeRepulsion: () => 6000,
  };
}

/** Above this many nodes, one-neighbour nodes (leaves) are placed around their neighbour by
 * `spiral` instead of by fcose, which then lays out only the rest (measured: fcose on 1,000
 * nodes takes seconds, on the few hundred non-leaves a fraction of that). */
export const LEAF_PLACEMENT_ABOVE = 400;

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * `count` positions in a disc around `center` (a sunflower spiral): evenly spread, no overlap
 * at `spacing`, and compact however many there are.
 */
export function spiral(
  center: { x: number; y: number },
  count: number,
  spacing = 14,
): { x: number; y: number }[] {
  return Array.from({ length: count }, (_, index) => {
    const radius = 28 + spacing * Math.sqrt(index);
    const angle = index * GOLDEN_ANGLE;
    return { x: center.x + radius * Math.cos(angle), y: center.y + radius * Math.sin(angle) };
  });
}

/** Edge length for the fcose pass without leaves: room for the leaf discs at both ends. */
export function coreEdgeLength(
  leavesAtSource: number,
  leavesAtTarget: number,
  spacing = 14,
): number {
  return 60 + spacing * (Math.sqrt(leavesAtSource) + Math.sqrt(leavesAtTarget));
}
