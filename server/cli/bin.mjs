#!/usr/bin/env node
// Entry point for `npx ringscope`: Node 20 cannot run TypeScript itself, so tsx's loader is
// registered before the real CLI module is imported.
import { Worker } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

/**
 * `load` streams with a bounded working set, but V8 grows a heap it is allowed to grow: run in a
 * worker with a capped old generation, collection keeps the loader's RSS under 400 MB whatever
 * the file size (measured on 1M orders: 438 MB uncapped, 283 MB at 192 MB). A worker, not a
 * child process, so that killing the CLI kills the load with it.
 */
const LOADER_HEAP_MB = 256;

if (process.argv[2] === 'load') {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
    argv: process.argv.slice(2),
    workerData: { stderrIsTTY: Boolean(process.stderr.isTTY) },
    resourceLimits: { maxOldGenerationSizeMb: LOADER_HEAP_MB },
  });
  process.exitCode = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => resolve(code));
  });
} else {
  register();
  const { main } = await import('./main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
