import type { Db, Params } from '../db/run.ts';
import { CO_MERCHANT_MAX_SHOPS, CO_MERCHANT_MIN_SHARED, HIGH_DRAW_RATIO } from './weights.ts';

/**
 * The queries an incremental run sends that a full run does not send with parameters of the
 * same types, in the order the run sends them, with parameters of those types (values do not
 * matter to a plan; a JavaScript number reaches Cypher as a float; an empty list has a type
 * of its own). Neo4j caches a plan per query text and parameter types, and plans each on first
 * use after a server start: about 0.8 s of a 1,000-order incremental run that follows a
 * full run or a restart. A detection test records what a full run and an incremental run
 * through the crowd checks send, and fails unless this list holds exactly the difference.
 */
export const INCREMENTAL_QUERIES: readonly [
  name: string,
  params: Params,
  mode: 'READ' | 'WRITE',
][] = [
  ['detect/units-stored', {}, 'READ'],
  ['detect/identifier-users', { identifiers: [''] }, 'READ'],
  [
    'detect/co-merchant-edges',
    {
      merchants: [''],
      ratio: HIGH_DRAW_RATIO,
      maxShops: CO_MERCHANT_MAX_SHOPS,
      minShared: CO_MERCHANT_MIN_SHARED,
    },
    'READ',
  ],
  ['detect/unit-link-changes', { merchants: [''], accounts: [''], users: [''] }, 'READ'],
  ['detect/unit-order-times', { merchants: [''] }, 'READ'],
  ['detect/merchant-count', {}, 'READ'],
  ['detect/unit-pairs', { all: false, merchants: [''] }, 'READ'],
  ['detect/store-units', { all: false, merchants: [''], units: [{}] }, 'WRITE'],
  ['detect/unit-members', { keys: [''] }, 'READ'],
  ['detect/refresh-risk', { all: false, accounts: [''], merchants: [''] }, 'WRITE'],
];

/**
 * Plans the incremental run's queries (EXPLAIN, nothing runs), one after another: started
 * beside a run's first queries, it plans on Neo4j's other core while they execute, and costs a
 * few milliseconds a query once the plans are cached.
 */
export async function planIncrementalQueries(db: Db): Promise<void> {
  for (const [name, params, mode] of INCREMENTAL_QUERIES) await db.explain(name, params, mode);
}
