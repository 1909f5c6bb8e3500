import type { Random } from '../random.ts';
import type { AccountView } from './account-view.ts';
import type { Drafts, RingKind, RingPlan, SessionDraft, World } from './world.ts';

/** Accounts not yet drafted into a ring and carrying no look-alike role. */
export interface MemberPool {
  /** Up to `count` accounts of any age; the caller re-profiles them as fresh sign-ups. */
  takeAny(count: number): number[];
  /** Up to `count` accounts created before `createdBefore` with >= `minOrders` ordinary orders. */
  takeAged(count: number, createdBefore: number, minOrders: number): number[];
}

/** One planted ring pattern: how members are chosen and what rows they leave behind. */
export interface RingKindModule {
  readonly kind: RingKind;
  /** Fills members, hubs and the ring's time span, re-profiling member accounts as needed. */
  plan(world: World, ring: RingPlan, pool: MemberPool, maxMembers: number, rng: Random): void;
  /** Ring orders and extra sessions of one member (its ordinary rows are drafted elsewhere). */
  emitMemberRows(world: World, ring: RingPlan, view: AccountView, rng: Random, out: Drafts): void;
  /** Extra back-office sessions of a ring merchant. */
  emitMerchantSessions(
    world: World,
    ring: RingPlan,
    merchant: number,
    rng: Random,
    out: SessionDraft[],
  ): void;
}
