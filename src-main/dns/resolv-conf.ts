/**
 * Reads the parts of resolv.conf(5) a stub resolver needs: `nameserver` lines and
 * `options timeout:N attempts:N`. Search lists are not applied: Mailwright resolves
 * mail domains and host names as given, never relative ones.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Endpoint } from './endpoint';

export interface ResolvConf {
  servers: Endpoint[];
  /** Per-try timeout in milliseconds (resolv.conf gives seconds). */
  timeoutMs: number;
  attempts: number;
}

/** glibc's limits and defaults (resolv.h: MAXNS 3, RES_TIMEOUT 5, RES_DFLRETRY 2, RES_MAXRETRANS 30, RES_MAXRETRY 5). */
const MAX_SERVERS = 3;
const DEFAULT_TIMEOUT_S = 5;
const MAX_TIMEOUT_S = 30;
const DEFAULT_ATTEMPTS = 2;
const MAX_ATTEMPTS = 5;

/** Pure: the text of a resolv.conf file → servers and options. */
export function parseResolvConf(text: string): ResolvConf {
  const servers: Endpoint[] = [];
  let timeoutS = DEFAULT_TIMEOUT_S;
  let attempts = DEFAULT_ATTEMPTS;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/[#;].*$/, '').trim();
    if (line === '') continue;
    const [keyword, ...args] = line.split(/\s+/);
    if (keyword === 'nameserver' && args[0] !== undefined && servers.length < MAX_SERVERS) {
      // A link-local scope (fe80::1%eth0) is kept: the socket needs it to pick the interface.
      const address = args[0];
      if (isIP(address.replace(/%.*$/, '')) !== 0) servers.push({ address, port: 53 });
    } else if (keyword === 'options') {
      for (const opt of args) {
        const m = /^(timeout|attempts):(\d+)$/.exec(opt);
        if (m === null) continue;
        const n = Number(m[2]);
        if (m[1] === 'timeout') timeoutS = Math.min(Math.max(n, 1), MAX_TIMEOUT_S);
        else attempts = Math.min(Math.max(n, 1), MAX_ATTEMPTS);
      }
    }
  }
  // With no nameserver line, glibc asks the local machine.
  if (servers.length === 0) servers.push({ address: '127.0.0.1', port: 53 });
  return { servers, timeoutMs: timeoutS * 1000, attempts };
}

export function readResolvConf(path = '/etc/resolv.conf'): ResolvConf {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // A missing file means defaults, as in glibc.
  }
  return parseResolvConf(text);
}
