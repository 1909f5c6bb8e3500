/**
 * Every tunable number of the detector in one place. Bump DETECTOR_VERSION when any of them
 * changes: stored rings record the version that scored them.
 */
export const DETECTOR_VERSION = 'ringscope-detect-7';

/** A BNPL order of at least this share of the buyer's credit limit counts as near the limit. */
export const NEAR_LIMIT_RATIO = 0.8;
/** Accounts at most this many days old at their first order with a merchant count as fresh. */
export const FRESH_ACCOUNT_DAYS = 14;
/** Identifiers shared by more actors than this are not fetched (their weight is ~0). */
export const MAX_IDENTIFIER_ACTORS = 500;
/** Orders of two buyers at one merchant this close in time count as synchronous. */
export const SYNC_WINDOW_SECONDS = 3600;

/** An order drawing at least this share of the credit limit counts as a high draw. */
export const HIGH_DRAW_RATIO = 0.5;
/** Shops sharing at least this many high-draw buyers… */
export const CO_MERCHANT_MIN_SHARED = 2;
/** …making up at least this share of the smaller shop's high-draw buyers are scored as one unit. */
export const CO_MERCHANT_OVERLAP = 0.3;
/** Buyers drawing high at more shops than this are shoppers, not a ring's link between shops. */
export const CO_MERCHANT_MAX_SHOPS = 20;

/** Weights of the behaviour of one buyer at one merchant (each signal is in [0, 1]). */
export const PAIR_WEIGHTS = {
  repeat: 0.8,
  creditDraw: 1.0,
  nearLimit: 0.6,
  night: 0.5,
  logistics: 1.0,
  outcome: 0.7,
  fresh: 0.6,
  exclusivity: 0.6,
} as const;

/** Weights of the links of a buyer inside a merchant's candidate group. */
export const LINK_WEIGHTS = { merchant: 1.6, peers: 1.0, sync: 0.6 } as const;

/** A buyer joins a merchant's group at this member score. */
export const MEMBER_THRESHOLD = 1.6;
/**
 * A ring's members start buying at its shops within a short window; the window is measured
 * against this horizon (a fixed span, not the loaded history, so that a ring's score changes
 * only when its own orders do).
 */
export const ONSET_HORIZON_DAYS = 90;
/** Fewest buyers that make a ring. */
export const MIN_RING_BUYERS = 3;
/**
 * A merchant group larger than this is a crowd of a busy shop's customers, not a ring: rings are
 * a few dozen accounts (cash handed back person to person does not scale to hundreds).
 */
export const MAX_RING_BUYERS = 150;
/** Groups at two merchants sharing this share of buyers (Jaccard) are one ring. */
export const MERGE_JACCARD = 0.3;
/** Rings at or above this score are flagged for investigators. */
export const FLAG_THRESHOLD = 0.38;
/** A new ring keeps the id of an earlier ring whose members overlap at least this much. */
export const STABLE_ID_JACCARD = 0.5;
