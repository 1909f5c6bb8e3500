/** Data contract v1: the header row of every generated CSV file, in column order. */
export const CSV_COLUMNS = {
  accounts: ['account_id', 'created_at', 'phone', 'id_hash', 'bnpl_limit', 'kyc_level', 'city'],
  merchants: [
    'merchant_id',
    'name',
    'created_at',
    'category',
    'city',
    'owner_id_hash',
    'payout_account',
  ],
  orders: [
    'order_id',
    'account_id',
    'merchant_id',
    'created_at',
    'amount',
    'payment_method',
    'status',
    'device_id',
    'ip',
    'address_hash',
    'tracking_no',
    'bnpl_due_at',
    'repayment_status',
  ],
  sessions: ['actor_type', 'actor_id', 'device_id', 'ip', 'at'],
} as const satisfies Record<string, readonly string[]>;

export type CsvFile = keyof typeof CSV_COLUMNS;

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** CNY with two decimals from integer cents, e.g. 129900 -> `1299.00`. */
export function formatAmount(cents: number): string {
  return `${Math.floor(cents / 100)}.${TWO_DIGITS[cents % 100]}`;
}
