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
