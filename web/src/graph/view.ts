import type { Core, ElementDefinition, NodeSingular } from 'cytoscape';
import {
  coreEdgeLength,
  incrementalLayout,
  initialLayout,
  LEAF_PLACEMENT_ABOVE,
  spiral,
} from './layouts.ts';
import { registerExtensions } from './register-extensions.ts';
import { stylesheet } from './style.ts';

export type ViewEvents = {
  /** A node or edge was tapped (null: the background). */
  onSelect(id: string | null): void;
  /** A node was double-clicked or double-tapped: expand it. */
  onExpand(id: string): void;
};

/** True when the browser can give Cytoscape a WebGL 2 context. */
export function hasWebgl(): boolean {
  try {
    return document.createElement('canvas').getContext('webgl2') !== null;
  } catch {
    return false;
  }
}

/**
 * The one owner of a Cytoscape instance: it adds, updates and removes elements (always in
 * `cy.batch()`), lays them out, and sets the filter/highlight classes. Everything it draws
 * comes from the pure functions in elements.ts and filters.ts.
 */
export class GraphView {
  readonly cy: Core;
  readonly webgl: boolean;
  /** `performance.now()` when the last layout finished (read by tests and the benchmark). */
  laidOutAt: number | null = null;
  private laidOut = false;
  /** True while the viewport is the one a fit chose: the investigator has not panned or zoomed since. */
  private fitted = false;
  private readonly onDoubleClick: () => void;

  constructor(container: HTMLElement, events: ViewEvents, options: { webgl: boolean }) {
    const cytoscape = registerExtensions();
    this.webgl = options.webgl && hasWebgl();
    this.cy = cytoscape({
      container,
      style: stylesheet(),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: true,
      hideEdgesOnViewport: !this.webgl,
      textureOnViewport: !this.webgl,
      // Cytoscape reads renderer hints from the top-level options too (typed there).
      webgl: this.webgl,
    });
    // A mouse double-click is the browser's own (its interval is the one the investigator set
    // in the OS): Cytoscape's dbltap needs both clicks within 250 ms of each other, which a
    // busy page (a tap renders the details panel) misses. Touch keeps Cytoscape's double tap.
    let tappedNode: string | null = null;
    this.cy.on('tapstart', () => {
      tappedNode = null;
    });
    this.cy.on('tap', (event) => {
      const onBackground = event.target === this.cy;
      tappedNode = !onBackground && event.target.isNode() ? (event.target.id() as string) : null;
      events.onSelect(onBackground ? null : (event.target.id() as string));
    });
    this.cy.on('dbltap', 'node', (event) => {
      const original = event.originalEvent;
      // Cytoscape falls back to pointer events (MouseEvents too) where touch events are missing.
      const byMouse =
        original instanceof MouseEvent &&
        !(original instanceof PointerEvent && original.pointerType !== 'mouse');
      if (!byMouse) events.onExpand(event.target.id() as string);
    });
    this.onDoubleClick = () => {
      if (tappedNode !== null) events.onExpand(tappedNode);
    };
    container.addEventListener('dblclick', this.onDoubleClick);
    // The canvas changes size after the first fit (the panels beside it fill in, the window is
    // resized); without a new fit, nodes end up outside the visible canvas. Once the
    // investigator has moved the view, the view is theirs.
    this.cy.on('resize', () => {
      if (this.fitted) this.fit();
    });
    this.cy.on('dragpan pinchzoom scrollzoom', () => {
      this.fitted = false;
    });
  }

  /**
   * Makes the canvas hold exactly `elements`: removes the rest, adds the new, updates data of
   * the kept. The first call lays everything out; later calls place only new nodes, next to a
   * neighbour, with the others fixed.
   */
  async render(elements: readonly ElementDefinition[]): Promise<void> {
    const cy = this.cy;
    performance.mark('ringscope:render');
    const wanted = new Set(elements.map((element) => element.data.id as string));
    const fresh: ElementDefinition[] = [];
    cy.batch(() => {
      cy.elements()
        .filter((element) => !wanted.has(element.id()))
        .remove();
      for (const element of elements) {
        const existing = cy.getElementById(element.data.id as string);
        if (existing.nonempty()) existing.data(element.data);
        else fresh.push(element);
      }
    });
    const added = cy.add(fresh);
    const addedNodes = added.nodes();
    performance.mark('ringscope:added');
    performance.measure('ringscope:add', 'ringscope:render', 'ringscope:added');
    if (!this.laidOut) {
      await this.layoutAll();
      this.laidOut = cy.nodes().nonempty();
      this.fitted = this.laidOut;
    } else if (addedNodes.nonempty()) {
      this.placeNear(addedNodes);
      const anchors = addedNodes.neighborhood().nodes().difference(addedNodes);
      const scope = addedNodes.union(anchors).union(addedNodes.connectedEdges());
      const fixed = anchors.map((node) => ({
        nodeId: node.id(),
        position: { ...(node as NodeSingular).position() },
      }));
      await this.run(scope.layout(incrementalLayout(fixed)));
    }
    this.laidOutAt = performance.now();
    // Visible in the browser's performance panel, and read by the benchmark.
    performance.measure('ringscope:layout', 'ringscope:added');
  }

  /**
   * The first layout. Big graphs (a hub's neighbourhood is mostly leaves) get fcose on the
   * nodes with two or more neighbours, then each node's leaves in a disc around it.
   */
  private async layoutAll(): Promise<void> {
    const cy = this.cy;
    const size = cy.nodes().length;
    if (size <= LEAF_PLACEMENT_ABOVE) {
      await this.run(cy.elements().layout(initialLayout(size)));
      return;
    }
    // A leaf hangs off a node with other neighbours (a lone pair stays in the fcose pass).
    const leaves = cy.nodes().filter((node) => {
      const neighbours = node.neighborhood().nodes();
      return neighbours.length === 1 && neighbours.neighborhood().nodes().length > 1;
    });
    const core = cy.elements().difference(leaves).difference(leaves.connectedEdges());
    const leafCount = (node: NodeSingular) =>
      node.neighborhood().nodes().intersection(leaves).length;
    await this.run(
      core.layout(
        initialLayout(core.nodes().length, (edge) =>
          coreEdgeLength(leafCount(edge.source()), leafCount(edge.target())),
        ),
      ),
    );
    cy.batch(() => {
      core.nodes().forEach((node) => {
        const own = node.neighborhood().nodes().intersection(leaves);
        const places = spiral(node.position(), own.length);
        own.forEach((leaf, index) => {
          leaf.position(places[index] as { x: number; y: number });
        });
      });
    });
    cy.fit(undefined, 30);
  }

  /** New nodes start on a neighbour already placed (else the centre), slightly apart. */
  private placeNear(nodes: ReturnType<Core['nodes']>): void {
    const center = { x: this.cy.width() / 2, y: this.cy.height() / 2 };
    const placed = new Set(nodes.map((node) => node.id()));
    nodes.forEach((node: NodeSingular, index: number) => {
      const anchor = node
        .neighborhood()
        .nodes()
        .filter((other) => !placed.has(other.id()))[0] as NodeSingular | undefined;
      const base = anchor ? anchor.position() : center;
      const angle = (index * 2.4) % (2 * Math.PI);
      node.position({ x: base.x + 40 * Math.cos(angle), y: base.y + 40 * Math.sin(angle) });
    });
  }

  private run(layout: ReturnType<Core['layout']>): Promise<void> {
    const done = layout.promiseOn('layoutstop').then(() => undefined);
    layout.run();
    return done;
  }

  /** Hides exactly these elements (filters), shows the rest. */
  applyFilter(hidden: ReadonlySet<string>): void {
    this.cy.batch(() => {
      this.cy.elements().forEach((element) => {
        element.toggleClass('hidden', hidden.has(element.id()));
      });
    });
  }

  /**
   * Marks `ids` with `className` and fades everything else; null clears it. Used for a
   * reason's evidence and for a shortest path.
   */
  highlight(ids: ReadonlySet<string> | null, className: 'evidence' | 'on-path'): void {
    this.cy.batch(() => {
      this.cy.elements().forEach((element) => {
        const marked = ids?.has(element.id()) ?? false;
        element.toggleClass(className, marked);
      });
      const active = this.cy.elements('.evidence, .on-path');
      this.cy.elements().forEach((element) => {
        element.toggleClass('faded', active.nonempty() && !element.is('.evidence, .on-path'));
      });
    });
  }

  select(id: string | null): void {
    this.cy.batch(() => {
      this.cy.elements(':selected').unselect();
      if (id !== null) this.cy.getElementById(id).select();
    });
  }

  selectedNodeIds(): string[] {
    return this.cy.nodes(':selected').map((node) => node.id());
  }

  fit(): void {
    this.cy.fit(this.cy.elements(':visible'), 30);
    this.fitted = true;
  }

  png(): Blob {
    return this.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
  }

  destroy(): void {
    this.cy.container()?.removeEventListener('dblclick', this.onDoubleClick);
    this.cy.destroy();
  }
}
