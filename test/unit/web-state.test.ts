import { describe, expect, it } from 'vitest';
import type { RingSummary, SavedQueryParameter } from '../../web/src/api/types.ts';
import {
  EMPTY_VIEW,
  formatViewState,
  History,
  parseViewState,
  type ViewState,
} from '../../web/src/graph/view-state.ts';
import { DEFAULT_FILTER, DEFAULT_SORT, queueRows } from '../../web/src/ui/queue-model.ts';
import { initialValue, toParams } from '../../web/src/ui/saved-query-form.ts';

describe('view state in the URL', () => {
  it('round-trips expansions, hidden types, day range, orders, reason, path and selection', () => {
    const state: ViewState = {
      expanded: ['IP:1.2.3.4', 'Device:d,1'],
      hiddenTypes: ['Phone'],
      range: { from: '2026-02-01', to: '2026-02-03' },
      showOrders: true,
      reason: 2,
      path: ['Account:A1', 'Merchant:M1'],
      selected: 'Account:A1',
    };
    const url = formatViewState(state).toString();
    expect(parseViewState(new URLSearchParams(url))).toEqual(state);
  });

  it('writes nothing for the empty view and ignores what does not parse', () => {
    expect(formatViewState(EMPTY_VIEW).toString()).toBe('');
    expect(parseViewState(new URLSearchParams('from=yesterday&reason=-1&path=one'))).toEqual(
      EMPTY_VIEW,
    );
  });
});

describe('History (undo/redo)', () => {
  it('steps back and forth, and a new step drops the redo branch', () => {
    const history = new History(1);
    history.push(2);
    history.push(3);
    expect(history.undo()).toBe(2);
    expect(history.undo()).toBe(1);
    expect(history.canUndo).toBe(false);
    expect(history.undo()).toBe(1);
    expect(history.redo()).toBe(2);
    history.push(5);
    expect(history.canRedo).toBe(false);
    expect(history.undo()).toBe(2);
  });

  it('replace changes the present without an undo step', () => {
    const history = new History('a');
    history.replace('b');
    expect(history.canUndo).toBe(false);
    expect(history.current).toBe('b');
  });
});

const ring = (id: string, score: number, lastOrderAt: string, merchants: number): RingSummary => ({
  id,
  score,
  flagged: score >= 0.38,
  status: 'OPEN',
  size: 5,
  exposure: score * 1000,
  orderCount: 10,
  lastOrderAt,
  members: Array.from({ length: merchants }, () => ({ type: 'MERCHANT' as const })),
});

describe('queue rows', () => {
  const rings = [
    ring('R-a', 0.9, '2026-01-01T00:00:00Z', 1),
    ring('R-b', 0.3, '2026-03-01T00:00:00Z', 2),
    ring('R-c', 0.5, '2026-02-01T00:00:00Z', 3),
  ];

  it('shows the newest activity first by default', () => {
    expect(queueRows(rings, DEFAULT_FILTER, DEFAULT_SORT).map((r) => r.id)).toEqual([
      'R-b',
      'R-c',
      'R-a',
    ]);
  });

  it('sorts by any column either way and filters by flag, score and id', () => {
    expect(
      queueRows(rings, DEFAULT_FILTER, { column: 'merchants', descending: false }).map((r) => r.id),
    ).toEqual(['R-a', 'R-b', 'R-c']);
    expect(
      queueRows(rings, { ...DEFAULT_FILTER, flaggedOnly: true }, DEFAULT_SORT).map((r) => r.id),
    ).toEqual(['R-c', 'R-a']);
    expect(
      queueRows(rings, { ...DEFAULT_FILTER, minScore: 0.6, text: 'r-' }, DEFAULT_SORT).map(
        (r) => r.id,
      ),
    ).toEqual(['R-a']);
  });
});

const parameter = (
  name: string,
  type: SavedQueryParameter['type'],
  extra: Partial<SavedQueryParameter> = {},
): SavedQueryParameter => ({
  name,
  type,
  description: '',
  default: null,
  required: false,
  min: null,
  max: null,
  ...extra,
});

describe('saved-query form', () => {
  const parameters = [
    parameter('minScore', 'FLOAT', { min: 0, max: 1, default: 0.5 }),
    parameter('limit', 'INTEGER', { required: true, min: 1, max: 100 }),
    parameter('since', 'DATETIME'),
    parameter('ids', 'STRING_LIST', { max: 2 }),
    parameter('flagged', 'BOOLEAN', { default: true }),
    parameter('city', 'STRING'),
  ];

  it('turns form text into typed parameters, leaving empty optional ones to their defaults', () => {
    const { params, errors } = toParams(parameters, {
      minScore: '0.7',
      limit: '10',
      since: '2026-03-14T21:05:00+08:00',
      ids: 'A1, A2',
      flagged: false,
      city: '',
    });
    expect(errors).toEqual({});
    expect(params).toEqual({
      minScore: 0.7,
      limit: 10,
      since: '2026-03-14T13:05:00.000Z',
      ids: ['A1', 'A2'],
      flagged: false,
    });
  });

  it('names each parameter that does not parse or is out of range', () => {
    const { errors } = toParams(parameters, {
      minScore: '2',
      limit: '1.5',
      since: 'soon',
      ids: 'A1\nA2\nA3',
    });
    expect(errors).toEqual({
      minScore: 'At most 1.',
      limit: 'A whole number.',
      since: 'A date and time, e.g. 2026-03-14T21:05:00+08:00.',
      ids: 'At most 2 items.',
    });
    expect(toParams(parameters, {}).errors).toEqual({ limit: 'Required.' });
  });

  it('starts inputs from the URL, else from the declared default', () => {
    expect(initialValue(parameters[0] as SavedQueryParameter, null)).toBe('0.5');
    expect(initialValue(parameters[0] as SavedQueryParameter, '0.9')).toBe('0.9');
    expect(initialValue(parameters[4] as SavedQueryParameter, null)).toBe(true);
  });
});
