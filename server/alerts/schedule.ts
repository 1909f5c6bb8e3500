import type { Config } from '../config.ts';
import type { Db } from '../db/run.ts';
import { createQueryRuntime } from '../queries/library.ts';
import { evaluateRules } from './evaluate.ts';

export type AlertSchedule = { stop(): Promise<void> };

/**
 * Checks the early-warning rules every `config.alertIntervalSeconds` (first check at once):
 * "on new orders" rules run when the orders changed, scheduled rules when their interval has
 * passed. Checks never overlap; `stop()` waits for a running one. Interval 0: does nothing.
 */
export function startAlertSchedule(
  db: Db,
  config: Config,
  log: (line: string) => void,
): AlertSchedule {
  if (config.alertIntervalSeconds === 0) return { stop: async () => {} };
  const runtime = createQueryRuntime(db, config);
  let running: Promise<void> | undefined;
  let stopped = false;
  const check = () => {
    if (running || stopped) return;
    running = evaluateRules(runtime, { dueOnly: true })
      .then((outcomes) => {
        for (const outcome of outcomes) {
          if (outcome.error) log(`Alert rule ${outcome.rule} failed: ${outcome.error}`);
          else if (outcome.created > 0) {
            log(`Alert rule ${outcome.rule}: ${outcome.created} new alert(s)`);
          }
        }
      })
      .catch((error: unknown) => {
        log(`Alert rules were not checked: ${error instanceof Error ? error.message : error}`);
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(check, config.alertIntervalSeconds * 1000);
  // The schedule alone must not keep a process alive that is otherwise done.
  timer.unref();
  check();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
