import { z } from 'zod';

/** Data contract v1: the CSV files RingScope loads, their columns and what each must hold. */

const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

const text = z.string().trim();
const required = (what: string) => text.min(1, `required ${what} is empty`);
/** Optional columns may be absent from the header or empty in a row; both mean "no value". */
const optional = text.optional().transform((value) => (value === '' ? undefined : value));

/** Date.parse accepts 2026-02-30 and 24:00; Neo4j does not, so every field is range-checked. */
function isValidTimestamp(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!match || !ISO_WITH_OFFSET.test(value)) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year as number, month as number, 0)).getUTCDate();
  return (
    (month as number) >= 1 &&
    (month as number) <= 12 &&
    (day as number) >= 1 &&
    (day as number) <= daysInMonth &&
    (hour as number) <= 23 &&
    (minute as number) <= 59 &&
    (second as number) <= 59
  );
}

const timestamp = (what: string) =>
  text.refine(isValidTimestamp, {
    message: `${what} must be an ISO-8601 timestamp with offset, e.g. 2026-03-14T21:05:09+08:00`,
  });
const optionalTimestamp = (what: string) =>
  text
    .optional()
    .refine((value) => !value || isValidTimestamp(value), {
      message: `${what} must be empty or an ISO-8601 timestamp with offset`,
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
