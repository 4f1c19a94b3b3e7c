/**
 * Which servers to try for an address, and why: pure functions from what DNS said to a
 * list of candidates, each carrying the reason a person will read.
 *
 * Three sources, in the order they are trusted:
 * 1. SRV records (RFC 6186, RFC 8314 for _submissions/_imaps/_pop3s);
 * 2. names derived from the domain the MX points into (as Thunderbird does: mail for
 *    example.org handled by mx.provider.net suggests imap.provider.net);
 * 3. conventional names under the address's own domain (imap., pop., smtp., mail.).
 * A server offered by several sources is kept once, with the most trusted reason.
 */
import type { Security } from '../../model/account';

export type Protocol = 'imap' | 'pop3' | 'smtp';
export type CandidateSource = 'srv' | 'mx' | 'conventional';

export interface Candidate {
  protocol: Protocol;
  host: string;
  port: number;
  /** What we will try: implicit TLS, or STARTTLS on a plaintext port. */
  security: Security;
  source: CandidateSource;
  reason: string;
  /** SRV priority (lower first); 0 for other sources. */
  priority: number;
}

/** The SRV services of RFC 6186 / RFC 8314, and what each means. */
export const SRV_SERVICES: ReadonlyArray<{ service: string; protocol: Protocol; security: Security }> = [
  { service: 'imaps', protocol: 'imap', security: 'implicit' },
  { service: 'imap', protocol: 'imap', security: 'starttls' },
  { service: 'pop3s', protocol: 'pop3', security: 'implicit' },
  { service: 'pop3', protocol: 'pop3', security: 'starttls' },
  { service: 'submissions', protocol: 'smtp', security: 'implicit' },
  { service: 'submission', protocol: 'smtp', security: 'starttls' },
];

/** The standard ports to try on a guessed host: implicit TLS first, then STARTTLS. */
export const STANDARD_PORTS: Readonly<Record<Protocol, ReadonlyArray<{ port: number; security: Security }>>> =
  {
    imap: [
      { port: 993, security: 'implicit' },
      { port: 143, security: 'starttls' },
    ],
    pop3: [
      { port: 995, security: 'implicit' },
      { port: 110, security: 'starttls' },
    ],
    smtp: [
      { port: 465, security: 'implicit' },
      { port: 587, security: 'starttls' },
    ],
  };

/** The host prefixes guessed for each protocol, most likely first. */
export const CONVENTIONAL_PREFIXES: Readonly<Record<Protocol, readonly string[]>> = {
  imap: ['imap', 'mail'],
  pop3: ['pop', 'mail'],
  smtp: ['smtp', 'mail'],
};

export const PROTOCOLS: readonly Protocol[] = ['imap', 'pop3', 'smtp'];

export interface SrvFinding {
  service: string;
  /** The record's owner name, e.g. `_imaps._tcp.example.test`. */
  name: string;
  targets: ReadonlyArray<{ priority: number; port: number; target: string }>;
}

function clean(host: string): string {
  return host.replace(/\.$/, '').toLowerCase();
}

export function fromSrv(findings: readonly SrvFinding[]): Candidate[] {
  const out: Candidate[] = [];
  for (const f of findings) {
    const meaning = SRV_SERVICES.find((s) => s.service === f.service);
    if (meaning === undefined) continue;
    for (const t of f.targets) {
      if (t.target === '' || t.port === 0) continue;
      out.push({
        protocol: meaning.protocol,
        host: clean(t.target),
        port: t.port,
        security: meaning.security,
        source: 'srv',
        reason: `from SRV record ${clean(f.name)}`,
        priority: t.priority,
      });
    }
  }
  return out;
}

/**
 * The domain an MX host lives in: its name without the first label, when at least two
 * labels remain (mx2.example.test → example.test; mx.test → none). Thunderbird uses the
 * public-suffix list here; without one, dropping one label is the honest approximation.
 */
export function mxBaseDomain(mxHost: string): string | undefined {
  const labels = clean(mxHost)
    .split('.')
    .filter((l) => l !== '');
  if (labels.length < 3) return undefined;
  return labels.slice(1).join('.');
}

function guesses(domain: string, source: CandidateSource, reasonFor: (host: string) => string): Candidate[] {
  const out: Candidate[] = [];
  for (const protocol of PROTOCOLS) {
    for (const prefix of CONVENTIONAL_PREFIXES[protocol]) {
      const host = `${prefix}.${domain}`;
      for (const { port, security } of STANDARD_PORTS[protocol]) {
        out.push({ protocol, host, port, security, source, reason: reasonFor(host), priority: 0 });
      }
    }
  }
  return out;
}

/**
 * Guesses under each MX host's domain, in MX order. A domain equal to the address's own
 * adds nothing the conventional names would not, so it is left to them.
 */
export function fromMx(mxHosts: readonly string[], addressDomain: string): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>([clean(addressDomain)]);
  for (const mx of mxHosts) {
    const base = mxBaseDomain(mx);
    if (base === undefined || seen.has(base)) continue;
    seen.add(base);
    out.push(...guesses(base, 'mx', () => `derived from MX ${clean(mx)}`));
  }
  return out;
}

export function conventional(domain: string): Candidate[] {
  return guesses(clean(domain), 'conventional', (host) => `conventional name ${host}`);
}

export function candidateKey(c: Pick<Candidate, 'protocol' | 'host' | 'port'>): string {
  return `${c.protocol} ${c.host}:${c.port}`;
}

/** All candidates in trust order, each server once (the first, most trusted, reason wins). */
export function mergeCandidates(...lists: ReadonlyArray<readonly Candidate[]>): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const list of lists) {
    for (const c of list) {
      const key = candidateKey(c);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}
