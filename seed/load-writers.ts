import type { Tx } from '../server/db/run.ts';
import type { AccountRow, ContractName, MerchantRow, OrderRow, SessionRow } from './contract.ts';

import type { Reject as ReferenceReject, ValidRow } from './validate.ts';

/**
 * Writes one batch; returns the rows refused for their references and how many of the batch's
 * entities were in the database already (updated in place rather than created).
 */
type BatchWriter<T> = (
  tx: Tx,
  rows: ValidRow<T>[],
) => Promise<{ rejects: ReferenceReject[]; existing: number }>;

function distinct(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}

/** Optional columns absent from the file arrive as undefined; Cypher wants null. */
function plain<T extends object>(value: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, inner ?? null]));
}

/**
 * Why a row is refused whose account or merchant id the other kind already has: the API's
 * `node`, `neighborhood`, `addNote` and `auditLog` take a bare id, so one id must name one actor.
 */
export function takenIdReason(kind: 'account' | 'merchant', id: string): string {
  const other = kind === 'account' ? 'merchant' : 'account';
  return `${kind}_id '${id}' is already the id of a ${other}; accounts and merchants need distinct ids (the API finds both by id alone), e.g. prefixed by kind`;
}

/**
 * Accounts and merchants: upserts a batch, refusing the ids the other kind has (in the database,
 * so also earlier in this load), and counts those already there.
 */
function actorWriter<T extends AccountRow | MerchantRow>(
  kind: 'account' | 'merchant',
  idOf: (row: T) => string,
): BatchWriter<T> {
  return async (tx, rows) => {
    const [found] = await tx.run<{ existing: number; taken: string[] }>(`load/${kind}s-existing`, {
      ids: rows.map((row) => idOf(row.value)),
    });
    const taken = new Set(found?.taken);
    const rejects: ReferenceReject[] = [];
    const kept: Record<string, unknown>[] = [];
    for (const row of rows) {
      const id = idOf(row.value);
      if (taken.has(id)) {
        rejects.push({
          line: row.line,
          raw: row.raw,
          column: `${kind}_id`,
          reason: takenIdReason(kind, id),
        });
      } else {
        kept.push(plain(row.value));
      }
    }
    if (kept.length > 0) await tx.run(`load/${kind}s`, { rows: kept });
    return { rejects, existing: found?.existing ?? 0 };
  };
}

const writeAccounts = actorWriter<AccountRow>('account', (row) => row.account_id);
const writeMerchants = actorWriter<MerchantRow>('merchant', (row) => row.merchant_id);

const writeSessions: BatchWriter<SessionRow> = async (tx, rows) => {
  const missing = await tx.run<{ i: number }>('load/session-actors-missing', {
    rows: rows.map(({ value }) => ({ actor_type: value.actor_type, actor_id: value.actor_id })),
  });
  const missingIndexes = new Set(missing.map((row) => row.i));
  const rejects = [...missingIndexes].map((i) => {
    const row = rows[i] as ValidRow<SessionRow>;
    return {
      line: row.line,
      raw: row.raw,
      column: 'actor_id',
      reason: `unknown ${row.value.actor_type} '${row.value.actor_id}' (not in this load nor in the database)`,
    };
  });
  const kept = rows.filter((_, i) => !missingIndexes.has(i));
  if (kept.length > 0) {
    await tx.run('load/sessions', { rows: kept.map((row) => plain(row.value)) });
  }
  // A session is folded into links, not stored: it has no node to find again.
  return { rejects, existing: 0 };
};

type OrderLookup = { id: string; exists: boolean; account: boolean; merchant: boolean };

const writeOrders: BatchWriter<OrderRow> = async (tx, rows) => {
  const lookups = await tx.run<OrderLookup>('load/orders-lookup', {
    rows: rows.map(({ value }) => ({
      order_id: value.order_id,
      account_id: value.account_id,
      merchant_id: value.merchant_id,
    })),
  });
  const rejects: ReferenceReject[] = [];
  const created: ValidRow<OrderRow>[] = [];
  const updated: ValidRow<OrderRow>[] = [];
  rows.forEach((row, i) => {
    const lookup = lookups[i] as OrderLookup;
    if (!lookup.account) {
      rejects.push({
        line: row.line,
        raw: row.raw,
        column: 'account_id',
        reason: `unknown account '${row.value.account_id}' (not in this load nor in the database)`,
      });
    } else if (!lookup.merchant) {
      rejects.push({
        line: row.line,
        raw: row.raw,
        column: 'merchant_id',
        reason: `unknown merchant '${row.value.merchant_id}' (not in this load nor in the database)`,
      });
    } else {
      (lookup.exists ? updated : created).push(row);
    }
  });
  const valid = [...created, ...updated].map((row) => row.value);
  await tx.run('load/order-identifiers', {
    devices: distinct(valid.map((row) => row.device_id)),
    ips: distinct(valid.map((row) => row.ip)),
    addresses: distinct(valid.map((row) => row.address_hash)),
    trackings: distinct(valid.map((row) => row.tracking_no)),
  });
  if (created.length > 0) {
    await tx.run('load/orders-create', { rows: created.map((row) => plain(row.value)) });
  }
  if (updated.length > 0) {
    await tx.run('load/orders-update', { rows: updated.map((row) => plain(row.value)) });
  }
  return { rejects, existing: updated.length };
};

/** One writer per contract file; each runs inside the caller's write transaction. */
export const BATCH_WRITERS: { [K in ContractName]: BatchWriter<never> } = {
  accounts: writeAccounts as BatchWriter<never>,
  merchants: writeMerchants as BatchWriter<never>,
  sessions: writeSessions as BatchWriter<never>,
  orders: writeOrders as BatchWriter<never>,
};
