import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export type StaticFile = { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> };

/**
 * A file of the built web app for a URL path, or index.html for client-side routes (paths
 * without an extension); undefined when neither exists. Paths never leave `webDir`.
 */
export function findStaticFile(webDir: string, urlPath: string): StaticFile | undefined {
  const relative = path.posix.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.?\/)+/, '');
  const file = path.join(webDir, relative);
  if (file.startsWith(webDir + path.sep) && isFile(file)) {
    // Vite fingerprints everything under assets/, so those names never change content.
    const immutable = relative.startsWith('/assets/') || relative.startsWith('assets/');
    return read(file, immutable);
  }
  if (path.extname(relative) !== '') return undefined;
  const index = path.join(webDir, 'index.html');
  return isFile(index) ? read(index, false) : undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function read(file: string, immutable: boolean): StaticFile {
  return {
    body: new Uint8Array(fs.readFileSync(file)),
    headers: {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    },
  };
}
