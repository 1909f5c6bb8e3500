// A CLI command in a worker thread (see bin.mjs). Progress bars are drawn only on a terminal,
// and a worker's stdout and stderr are pipes to the main thread: report what the main thread's are.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

Object.defineProperty(process.stdout, 'isTTY', { value: workerData.stdoutIsTTY });
Object.defineProperty(process.stderr, 'isTTY', { value: workerData.stderrIsTTY });
register();
const { main } = await import('./main.ts');
parentPort.postMessage(await main(process.argv.slice(2)));
