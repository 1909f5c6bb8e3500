import type { DayRange } from './filters.ts';

/**
 * What the investigator has done to a graph view; the URL holds it (so a link reproduces the
 * view) and undo/redo step through it.
 */
export type ViewState = {
  /** Element ids whose neighbourhoods were added. */
  expanded: string[];
  hiddenTypes: string[];
  range: DayRange;
  /** Orders drawn as nodes rather than collapsed into weighted BNPL edges. */
  showOrders: boolean;
  /** Index of the highlighted reason. */
  reason: number | null;
  /** Two element ids whose shortest path was added. */
  path: [string, string] | null;
  selected: string | null;
};

export const EMPTY_VIEW: ViewState = Object.freeze({
  expanded: [],
  hiddenTypes: [],
  range: { from: null, to: null },
  showOrders: false,
  reason: null,
  path: null,
  selected: null,
}) as ViewState;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads a view from query parameters, ignoring what does not parse. */
export function parseViewState(params: URLSearchParams): ViewState {
  const day = (name: string) => {
    const value = params.get(name);
    return value !== null && DAY.test(value) ? value : null;
  };
  const reason = Number(params.get('reason'));
  const path = params.getAll('path');
  return {
    expanded: params.getAll('expand'),
    hiddenTypes: params.getAll('hide'),
    range: { from: day('from'), to: day('to') },
    showOrders: params.get('orders') === '1',
    reason: params.has('reason') && Number.isInteger(reason) && reason >= 0 ? reason : null,
    path: path.length === 2 ? [path[0] as string, path[1] as string] : null,
    selected: params.get('sel'),
  };
}

/**
 * Query parameters for a view: only what differs from the empty view, in a stable order; lists
 * repeat their parameter (`expand=A&expand=B`), so ids may hold any character.
 */
export function formatViewState(state: ViewState): URLSearchParams {
  const params = new URLSearchParams();
  for (const id of state.expanded) params.append('expand', id);
  for (const type of state.hiddenTypes) params.append('hide', type);
  if (state.range.from) params.set('from', state.range.from);
  if (state.range.to) params.set('to', state.range.to);
  if (state.showOrders) params.set('orders', '1');
  if (state.reason !== null) params.set('reason', String(state.reason));
  for (const id of state.path ?? []) params.append('path', id);
  if (state.selected) params.set('sel', state.selected);
  return params;
}

/** Undo/redo over immutable states; `push` drops the redo branch. */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];

  constructor(private present: T) {}

  get current(): T {
    return this.present;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  push(next: T): T {
    this.past.push(this.present);
    this.future = [];
    this.present = next;
    return next;
  }

  /** Replaces the present without an undo step (e.g. selection). */
  replace(next: T): T {
    this.present = next;
    return next;
  }

  undo(): T {
    return this.step(this.past, this.future);
  }

  redo(): T {
    return this.step(this.future, this.past);
  }

  /** Moves the present onto `to` and takes the newest of `from`, if any. */
  private step(from: T[], to: T[]): T {
    const next = from.pop();
    if (next !== undefined) {
      to.push(this.present);
      this.present = next;
    }
    return this.present;
  }
}
