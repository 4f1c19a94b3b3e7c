import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path to a file inside `root`, or undefined when it would leave the root
 * (`..`, encoded slashes, NUL) or is malformed. `/` is index.html. Pure apart from `resolve`.
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return undefined;
  if (decoded.split('/').some((seg) => seg === '..' || seg === '.')) return undefined;
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const absRoot = resolve(root);
  const full = resolve(absRoot, relative);
  return full.startsWith(absRoot + sep) ? full : undefined;
}

/** Reads a regular file; undefined when it is missing or not a file. */
export async function readStatic(path: string): Promise<Buffer | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    return await readFile(path);
  } catch {
    return undefined;
  }
}
