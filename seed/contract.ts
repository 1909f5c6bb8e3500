import { z } from 'zod';

/** Data contract v1: the CSV files RingScope loads, their columns and what each must hold. */

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;

const text = z.string().trim();
const required = (what: string) => text.min(1, `required ${what} is empty`);
/** Optional columns may be absent from the header or empty in a row; both mean "no value". */
const optional = text.optional().transform((value) => (value === '' ? undefined : value));

type TimestampProblem = { kind: 'format' } | { kind: 'offset'; offset: string };

/**
 * What makes `value` a timestamp Neo4j would refuse, if anything. Date.parse accepts 2026-02-30
 * and 24:00, the pattern accepts +19:00; Neo4j takes none of them and one such row would fail
 * its whole batch (or the bulk import), so every field is range-checked here.
 */
function timestampProblem(value: string): TimestampProblem | undefined {
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
  const offset = match[7] as string;
  if (offset === 'Z') return undefined;
  const offsetHours = Number(match[8]);
  const offsetMinutes = Number(match[9]);
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
    .transform(Number)
    .refine((value) => value >= 0, { message: `${what} must not be negative` });
const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);
const optionalDecimal = (what: string) => z.preprocess(emptyAsAbsent, decimal(what).optional());

const ORDER_STATUSES = ['paid', 'shipped', 'delivered', 'refunded', 'cancelled'] as const;
const REPAYMENT_STATUSES = ['n/a', 'open', 'repaid', 'overdue', 'defaulted'] as const;

export const accountRow = z.object({
  account_id: required('account_id'),
  created_at: timestamp('created_at'),
  phone: optional,
  id_hash: optional,
  bnpl_limit: optionalDecimal('bnpl_limit'),
  kyc_level: optional,
  city: optional,
});

export const merchantRow = z.object({
  merchant_id: required('merchant_id'),
  name: optional,
  created_at: timestamp('created_at'),
  category: optional,
  city: optional,
  owner_id_hash: optional,
  payout_account: optional,
});

export const orderRow = z.object({
  order_id: required('order_id'),
  account_id: required('account_id'),
  merchant_id: required('merchant_id'),
  created_at: timestamp('created_at'),
  amount: decimal('amount'),
  payment_method: text.regex(
    /^[a-z][a-z_]*$/,
    'payment_method must be a lowercase word such as bnpl, card or wallet',
  ),
  status: z.enum(ORDER_STATUSES, `status must be one of ${ORDER_STATUSES.join(', ')}`),
  device_id: optional,
  ip: optional,
  address_hash: optional,
  tracking_no: optional,
  bnpl_due_at: optionalTimestamp('bnpl_due_at'),
  repayment_status: z
    .union([
      z.literal('').transform(() => undefined),
      z.enum(
        REPAYMENT_STATUSES,
        `repayment_status must be one of ${REPAYMENT_STATUSES.join(', ')}`,
      ),
    ])
    .optional(),
});

export const sessionRow = z.object({
  actor_type: z.enum(['account', 'merchant'], 'actor_type must be account or merchant'),
  actor_id: required('actor_id'),
  device_id: required('device_id'),
  ip: optional,
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
