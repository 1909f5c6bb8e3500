import type { FcoseLayoutOptions } from 'cytoscape-fcose';

/** fcose for a fresh graph. */
export function initialLayout(size: number): FcoseLayoutOptions {
  return {
    name: 'fcose',
    /** Draft quality skips the final CoSE polish, which costs most on big graphs. */
    quality: size > 1200 ? 'draft' : 'default',
    /** Start from a spectral layout instead of the current (meaningless) positions. */
    randomize: true,
    /** No animation: the canvas appears laid out, and big graphs stay responsive. */
    animate: false,
    /** Leave room around the graph after fitting. */
    padding: 30,
    /** Enough distance that labels of neighbours do not overlap at fit zoom. */
    idealEdgeLength: () => 60,
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
