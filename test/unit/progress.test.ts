import { describe, expect, it } from 'vitest';
import { progressLine } from '../../seed/progress.ts';

describe('progressLine', () => {
  it('shows rows of the total, the percentage, rows/s and the ETA', () => {
    expect(progressLine('sessions.csv', 2500, 10_000, 2)).toBe(
      'sessions.csv  2,500/10,000 rows  25%  1,250 rows/s  ETA 6s',
    );
  });

  it('shows rows and rows/s without a total', () => {
    expect(progressLine('detect', 300, undefined, 3)).toBe('detect  300 rows  100 rows/s');
  });

  it('shows no ETA before any time has passed', () => {
    expect(progressLine('orders.csv', 0, 10, 0)).toBe('orders.csv  0/10 rows  0%  0 rows/s');
  });

  it('stops at 100% without an ETA when the rows overtake an estimated total', () => {
    expect(progressLine('sessions.csv', 120, 100, 1)).toBe(
      'sessions.csv  120/100 rows  100%  120 rows/s',
    );
  });
});
