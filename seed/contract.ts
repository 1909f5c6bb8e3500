import { z } from 'zod';

/** Data contract v1: the CSV files RingScope loads, their columns and what each must hold. */

/**
 * A contract timestamp: year, month, day, hour, minute, second, fraction, then the offset
 * (`Z` or the whole `+08:00`) with its sign, hours and minutes.
 */
export const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

const text = z.string().trim();

/**
 * Longest value of a column that becomes a node id or another indexed property. Neo4j cannot
 * index a value over about 8 KB (8,167 bytes: "Property value is too large to index"); a longer
 * one failed its whole batch online and, in bulk, the schema build after the import, which left
 * the import pending. zod counts UTF-16 code units, each at most 3 bytes of UTF-8 (a 4-byte
 * character is two units), so 1,000 stays under 3,000 bytes whatever the script, and no real
 * id, hash, phone or shop name comes near it.
 */
export const MAX_KEY_CHARS = 1000;

const bounded = (what: string) =>
  text.max(MAX_KEY_CHARS, {
    error: (issue) =>
      `${what} is longer than ${MAX_KEY_CHARS.toLocaleString('en')} characters (${String(issue.input).length.toLocaleString('en')}); indexed values are capped to stay under Neo4j's index size limit`,
  });
const required = (what: string) => bounded(what).min(1, `required ${what} is empty`);
const emptyAsUndefined = (value: string | undefined) => (value === '' ? undefined : value);
/** Optional columns may be absent from the header or empty in a row; both mean "no value". */
const optional = text.optional().transform(emptyAsUndefined);
/** An optional column that becomes a node id or an indexed property (see MAX_KEY_CHARS). */
const optionalKey = (what: string) => bounded(what).optional().transform(emptyAsUndefined);

type TimestampProblem = { kind: 'format' } | { kind: 'offset'; offset: string };

/**
 * What makes `value` a timestamp Neo4j would refuse, if anything. Date.parse accepts 2026-02-30
 * and 24:00, the pattern accepts +19:00; Neo4j takes none of them and one such row would fail
 * its whole batch (or the bulk import), so every field is range-checked here.
 */
export function timestampProblem(value: string): TimestampProblem | undefined {
  const match = ISO_WITH_OFFSET.exec(value);
  if (!match) return { kind: 'format' };
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const fieldsInRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  if (!fieldsInRange) return { kind: 'format' };
  const offset = match[8] as string;
  if (offset === 'Z') return undefined;
  const offsetHours = Number(match[10]);
  const offsetMinutes = Number(match[11]);
  // java.time's ZoneOffset limits, which Neo4j applies: ±18:00 at most, minutes 00-59.
  if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 18 * 60) {
    return { kind: 'offset', offset };
  }
  return undefined;
}

function addTimestampIssue(ctx: z.RefinementCtx, what: string, value: string, format: string) {
  const problem = timestampProblem(value);
  if (!problem) return;
  ctx.addIssue({
    code: 'custom',
    message:
      problem.kind === 'format'
        ? format
        : `${what} has offset ${problem.offset}, which Neo4j refuses: use Z or an offset from -18:00 to +18:00 with minutes 00-59`,
  });
}

const timestamp = (what: string) =>
  text.superRefine((value, ctx) =>
    addTimestampIssue(
      ctx,
      what,
      value,
      `${what} must be an ISO-8601 timestamp with offset, e.g. 2026-03-14T21:05:09+08:00`,
    ),
  );
const optionalTimestamp = (what: string) =>
  text
    .optional()
    .superRefine((value, ctx) => {
      if (value) {
        addTimestampIssue(
          ctx,
          what,
          value,
          `${what} must be empty or an ISO-8601 timestamp with offset`,
        );
      }
    })
    .transform((value) => (value === '' ? undefined : value));

const decimal = (what: string) =>
  text
    .refine((value) => /^-?\d+(?:\.\d+)?$/.test(value), {
      message: `${what} must be a decimal number like 1299.00`,
    })
    // + 0 turns -0 into 0: online it would be stored as -0.0, in bulk as 0.0.
    .transform((value) => Number(value) + 0)
    // Hundreds of digits parse to Infinity, which the two load paths would store differently.
    // One check, not a superRefine: that allocates per row and cost the bulk convert a fifth.
    .refine((value) => value >= 0 && value !== Infinity, {
      error: (issue) =>
        Number.isFinite(issue.input)
          ? `${what} must not be negative`
          : `${what} is too large to be a number`,
    });
const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);
const optionalDecimal = (what: string) => z.preprocess(emptyAsAbsent, decimal(what).optional());

const ORDER_STATUSES = ['paid', 'shipped', 'delivered', 'refunded', 'cancelled'] as const;
const REPAYMENT_STATUSES = ['n/a', 'open', 'repaid', 'overdue', 'defaulted'] as const;
const ACTOR_TYPES = ['account', 'merchant'] as const;

function oneOf(what: string, values: readonly [string, ...string[]]): string {
  if (values.length === 2) return `${what} must be ${values[0]} or ${values[1]}`;
  return `${what} must be one of ${values.join(', ')}`;
}
/** Trimmed like every other column: a CSV exported with padded cells keeps its enums. */
const requiredEnum = <const T extends readonly [string, ...string[]]>(what: string, values: T) =>
  text.pipe(z.enum(values, oneOf(what, values)));
const optionalEnum = <const T extends readonly [string, ...string[]]>(what: string, values: T) =>
  optional.pipe(z.enum(values, oneOf(what, values)).optional());

export const accountRow = z.object({
  account_id: required('account_id'),
  created_at: timestamp('created_at'),
  phone: optionalKey('phone'),
  id_hash: optionalKey('id_hash'),
  bnpl_limit: optionalDecimal('bnpl_limit'),
  kyc_level: optional,
  city: optional,
});

export const merchantRow = z.object({
  merchant_id: required('merchant_id'),
  // Merchant.name has a range index (cypher/schema/indexes.cypher).
  name: optionalKey('name'),
  created_at: timestamp('created_at'),
  category: optional,
  city: optional,
  owner_id_hash: optionalKey('owner_id_hash'),
  payout_account: optionalKey('payout_account'),
});

export const orderRow = z.object({
  order_id: required('order_id'),
  account_id: required('account_id'),
  merchant_id: required('merchant_id'),
  created_at: timestamp('created_at'),
  amount: decimal('amount'),
  // Order.payment_method has a range index.
  payment_method: bounded('payment_method').regex(
    /^[a-z][a-z_]*$/,
    'payment_method must be a lowercase word such as bnpl, card or wallet',
  ),
  status: requiredEnum('status', ORDER_STATUSES),
  device_id: optionalKey('device_id'),
  ip: optionalKey('ip'),
  address_hash: optionalKey('address_hash'),
  tracking_no: optionalKey('tracking_no'),
  bnpl_due_at: optionalTimestamp('bnpl_due_at'),
  repayment_status: optionalEnum('repayment_status', REPAYMENT_STATUSES),
});

export const sessionRow = z.object({
  actor_type: requiredEnum('actor_type', ACTOR_TYPES),
  actor_id: required('actor_id'),
  device_id: required('device_id'),
  ip: optionalKey('ip'),
  at: timestamp('at'),
});

export type AccountRow = z.infer<typeof accountRow>;
export type MerchantRow = z.infer<typeof merchantRow>;
export type OrderRow = z.infer<typeof orderRow>;
export type SessionRow = z.infer<typeof sessionRow>;

export type ContractFile = {
  /** File name inside the load folder. */
  file: string;
  schema: z.ZodObject;
  required: readonly string[];
  optional: readonly string[];
  /** Column that identifies a row (duplicates with other data are rejected); none for events. */
  key?: string;
};

function columnsOf(schema: z.ZodObject, requiredColumns: readonly string[]): ContractFile {
  const all = Object.keys(schema.shape);
  return {
    file: '',
    schema,
    required: requiredColumns,
    optional: all.filter((column) => !requiredColumns.includes(column)),
  };
}

/** In dependency order: what a file references is loaded before it. */
export const CONTRACT = {
  accounts: {
    ...columnsOf(accountRow, ['account_id', 'created_at']),
    file: 'accounts.csv',
    key: 'account_id',
  },
  merchants: {
    ...columnsOf(merchantRow, ['merchant_id', 'created_at']),
    file: 'merchants.csv',
    key: 'merchant_id',
  },
  sessions: {
    ...columnsOf(sessionRow, ['actor_type', 'actor_id', 'device_id', 'at']),
    file: 'sessions.csv',
  },
  orders: {
    ...columnsOf(orderRow, [
      'order_id',
      'account_id',
      'merchant_id',
      'created_at',
      'amount',
      'payment_method',
      'status',
    ]),
    file: 'orders.csv',
    key: 'order_id',
  },
} as const satisfies Record<string, ContractFile>;

export type ContractName = keyof typeof CONTRACT;
export const LOAD_ORDER: readonly ContractName[] = ['accounts', 'merchants', 'sessions', 'orders'];
