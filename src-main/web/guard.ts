/**
 * Who may talk to the browser shell: pure decisions, tested without a socket.
 *
 * Design (the token's path): `npm run web` prints `http://127.0.0.1:PORT/#token=T`. The
 * fragment never leaves the browser, so the server never sees it in a page request. The
 * page's script reads it and presents it as a WebSocket subprotocol (`token.T`, next to
 * `mailwright.v1`) when it opens /api. Static files (the built renderer: HTML, JS, CSS,
 * icons) hold no data, so they are served without the token; everything that holds data
 * goes over /api, which requires it. Host and Origin must name this very server on
 * loopback: that defeats DNS rebinding and cross-site pages, including other local ports.
 */
import { timingSafeEqual } from 'node:crypto';

export const API_PATH = '/api';
export const PROTOCOL = 'mailwright.v1';
const TOKEN_PREFIX = 'token.';

export type Decision = { allow: true } | { allow: false; status: 403 | 404 | 405 | 426; reason: string };

const allow: Decision = { allow: true };

function refuse(status: 403 | 404 | 405 | 426, reason: string): Decision {
  return { allow: false, status, reason };
}

/** The Host header must be this server by its loopback name (no DNS-rebound names). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * A browser sends Origin on every WebSocket and on cross-origin fetches; when present it
 * must be this server itself. Absent (a navigation, a non-browser client) is acceptable:
 * the token still guards the data.
 */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads `token.T` out of a Sec-WebSocket-Protocol header (`mailwright.v1, token.T`). */
export function tokenFromProtocols(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(',')) {
    const p = part.trim();
    if (p.startsWith(TOKEN_PREFIX)) return p.slice(TOKEN_PREFIX.length);
  }
  return undefined;
}

export interface RequestFacts {
  method: string | undefined;
  /** The path part of the request target, without the query. */
  path: string;
  host: string | undefined;
  origin: string | undefined;
}

/** A WebSocket upgrade: only to /api, from this origin, with the token. */
export function decideUpgrade(
  req: RequestFacts & { protocols: string | undefined },
  port: number,
  token: string,
): Decision {
  if (!hostAllowed(req.host, port)) return refuse(403, 'Host is not this loopback server');
  if (!originAllowed(req.origin, port)) return refuse(403, 'Origin is not this server');
  if (req.path !== API_PATH) return refuse(404, 'No WebSocket here');
  const protocols = (req.protocols ?? '').split(',').map((p) => p.trim());
  if (!protocols.includes(PROTOCOL)) return refuse(403, `The ${PROTOCOL} subprotocol is required`);
  if (!tokenMatches(tokenFromProtocols(req.protocols), token)) return refuse(403, 'Missing or wrong token');
  return allow;
}

/** A plain HTTP request: static files only, read-only, from this origin. */
export function decideHttp(req: RequestFacts, port: number): Decision {
  if (!hostAllowed(req.host, port)) return refuse(403, 'Host is not this loopback server');
  if (!originAllowed(req.origin, port)) return refuse(403, 'Origin is not this server');
  // The contract lives only on the WebSocket, behind the token.
  if (req.path === API_PATH || req.path.startsWith(`${API_PATH}/`)) {
    return refuse(403, 'The API is only served over the WebSocket, with the token');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'Only GET and HEAD are served');
  return allow;
}
