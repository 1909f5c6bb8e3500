import { randomBytes } from 'node:crypto';
import type { ApiKey } from '../config.ts';

/**
 * Browser sessions of the web app: an opaque random id per sign-in, mapped to the API key it was
 * exchanged for. Held in memory: a restart signs everyone out, which is what a key rotation needs.
 */
export type SessionStore = {
  create(key: ApiKey): string;
  /** The key of a live session (its idle clock restarts); undefined when unknown or expired. */
  find(id: string): ApiKey | undefined;
  delete(id: string): void;
};

/** `idleMs` is config.sessionIdleMs (RINGSCOPE_SESSION_IDLE_HOURS, a working day by default). */
export function createSessionStore(idleMs: number, now: () => number = Date.now): SessionStore {
  const sessions = new Map<string, { key: ApiKey; seen: number }>();
  return {
    create(key) {
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, { key, seen: now() });
      return id;
    },
    find(id) {
      const session = sessions.get(id);
      if (!session) return undefined;
      if (now() - session.seen > idleMs) {
        sessions.delete(id);
        return undefined;
      }
      session.seen = now();
      return session.key;
    },
    delete(id) {
      sessions.delete(id);
    },
  };
}
