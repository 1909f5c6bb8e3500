// A CLI command in a worker thread (see bin.mjs). Progress is drawn on stderr only when it is a
// terminal, and a worker's stderr is a pipe to the main thread: report what the main thread's is.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

Object.defineProperty(process.stderr, 'isTTY', { value: workerData.stderrIsTTY });
register();
const { main } = await import('./main.ts');
parentPort.postMessage(await main(process.argv.slice(2)));
