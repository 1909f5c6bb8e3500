import fs from 'node:fs';
import path from 'node:path';

/**
 * A generated marketplace as a first load and the days after it: `target/base` holds every file
 * but the last `count` slices of `size` orders, which go to `target/batch-1` … `batch-N` as
 * orders files alone. Rows are split on line ends, which holds for generated files (their
 * fields never span lines); the other files are linked, not copied.
 */
export function splitOrders(
  source: string,
  target: string,
  size: number,
  count: number,
): { base: string; batches: string[] } {
  const base = path.join(target, 'base');
  fs.mkdirSync(base, { recursive: true });
  for (const file of ['accounts.csv', 'merchants.csv', 'sessions.csv']) {
    fs.symlinkSync(path.join(source, file), path.join(base, file));
  }
  const lines = fs.readFileSync(path.join(source, 'orders.csv'), 'utf8').trimEnd().split('\n');
  const [header, ...rows] = lines as [string, ...string[]];
  const cut = rows.length - size * count;
  fs.writeFileSync(
    path.join(base, 'orders.csv'),
    `${[header, ...rows.slice(0, cut)].join('\n')}\n`,
  );
  const batches = Array.from({ length: count }, (_, i) => {
    const dir = path.join(target, `batch-${i + 1}`);
    fs.mkdirSync(dir, { recursive: true });
    const slice = rows.slice(cut + i * size, cut + (i + 1) * size);
    fs.writeFileSync(path.join(dir, 'orders.csv'), `${[header, ...slice].join('\n')}\n`);
    return dir;
  });
  return { base, batches };
}
