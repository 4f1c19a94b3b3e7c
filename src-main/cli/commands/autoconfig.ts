/**
 * `mailwright autoconfig ADDR`: which servers serve this address, ranked, each with the
 * reason it was tried (SRV record, MX, conventional name) and what the probe found.
 * Nothing logs in. `--dns-server` names the resolver (else /etc/resolv.conf, or the file in
 * MAILWRIGHT_RESOLV_CONF).
 */
import { readFileSync } from 'node:fs';
import { autoconfigure, type AutoconfigResult } from '../../accounts/autoconfig/autoconfig';
import type { RankedCandidate } from '../../accounts/autoconfig/rank';
import { Resolver } from '../../dns/resolver';
import { MailwrightError } from '../../model/errors';
import {
  printJson,
  UsageError,
  type CliIO,
  type CommandSpec,
  type OptionSpecs,
  type ParsedCommand,
} from '../command';
import { endpoints, strings } from '../flag-values';

export const dnsServerOption: OptionSpecs = { 'dns-server': { type: 'string', multiple: true } };

/** The resolver for autoconfiguration and host names: --dns-server, else resolv.conf. */
export function resolverFromDnsFlags(cmd: ParsedCommand, io: CliIO): Resolver {
  const servers = endpoints(strings(cmd.values['dns-server']), '--dns-server');
  const resolvConfPath = io.env.MAILWRIGHT_RESOLV_CONF;
  return new Resolver({
    ...(servers.length > 0 ? { servers, timeoutMs: 2000, attempts: 2 } : {}),
    ...(resolvConfPath !== undefined && resolvConfPath !== '' ? { resolvConfPath } : {}),
    budgetMs: 8000,
  });
}

/** PEM text of --ca FILE, or undefined. */
export function readCaFlag(cmd: ParsedCommand): string | undefined {
  const file = cmd.values.ca;
  if (typeof file !== 'string') return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--ca ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

const PROTOCOL_LABEL = { imap: 'IMAP', pop3: 'POP3', smtp: 'SMTP' } as const;
const SECURITY_LABEL = { implicit: 'implicit TLS', starttls: 'STARTTLS', none: 'no TLS' } as const;

export function describeServer(c: Pick<RankedCandidate, 'protocol' | 'host' | 'port' | 'security'>): string {
  return `${PROTOCOL_LABEL[c.protocol]} ${c.host}:${c.port} (${SECURITY_LABEL[c.security]})`;
}

function candidateJson(c: RankedCandidate) {
  return {
    protocol: c.protocol,
    host: c.host,
    port: c.port,
    security: c.security,
    reason: c.reason,
    source: c.source,
    status: c.status,
    ...(c.capabilities === undefined ? {} : { capabilities: c.capabilities }),
    ...(c.note === undefined ? {} : { note: c.note }),
    ...(c.error === undefined ? {} : { error: c.error }),
  };
}

export function autoconfigJson(r: AutoconfigResult) {
  return {
    address: r.address,
    domain: r.domain,
    found: r.found,
    incoming: r.incoming === undefined ? null : candidateJson(r.incoming),
    outgoing: r.outgoing === undefined ? null : candidateJson(r.outgoing),
    candidates: r.candidates.map(candidateJson),
    notes: r.notes,
  };
}

function printHuman(io: CliIO, r: AutoconfigResult): void {
  io.out(`Servers for ${r.address}, best first:\n`);
  const where = r.candidates.map((c) => `${c.host}:${c.port}`);
  const width = Math.max(0, ...where.map((w) => w.length));
  r.candidates.forEach((c, i) => {
    const status = c.status === 'ok' ? 'ok    ' : 'failed';
    const why =
      c.status === 'ok' ? (c.note === undefined ? '' : ` (${c.note})`) : ` — ${c.error?.message ?? ''}`;
    io.out(
      `  ${PROTOCOL_LABEL[c.protocol].padEnd(4)}  ${where[i]!.padEnd(width)}  ${SECURITY_LABEL[c.security].padEnd(12)}  ${status}  ${c.reason}${why}\n`,
    );
  });
  for (const note of r.notes) io.out(`Note: ${note}\n`);
  if (r.incoming !== undefined)
    io.out(`Suggested incoming: ${describeServer(r.incoming)}, ${r.incoming.reason}\n`);
  if (r.outgoing !== undefined)
    io.out(`Suggested outgoing: ${describeServer(r.outgoing)}, ${r.outgoing.reason}\n`);
}

/** The error for a result that lacks a side; undefined when both were found. */
export function nothingFoundError(r: AutoconfigResult): MailwrightError | undefined {
  if (r.found) return undefined;
  const missing = [
    r.incoming === undefined ? 'incoming (IMAP or POP3)' : '',
    r.outgoing === undefined ? 'outgoing (SMTP)' : '',
  ]
    .filter((s) => s !== '')
    .join(' or ');
  return new MailwrightError(
    'not-found',
    `No ${missing} server was found for ${r.domain} among ${r.candidates.length} candidates from SRV records, MX and conventional names; enter the servers by hand.`,
    { code: 'AUTOCONFIG_NOTHING_FOUND' },
  );
}

export const autoconfigCommand: CommandSpec = {
  path: ['autoconfig'],
  summary: 'Find the IMAP, POP3 and SMTP servers for an address (SRV, MX, conventional names), ranked',
  usage: 'autoconfig ADDRESS [--dns-server IP[:PORT]]... [--ca FILE] [--json]',
  options: { ...dnsServerOption, ca: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(cmd, io) {
    const address = cmd.positionals[0]!;
    const ca = readCaFlag(cmd);
    const result = await autoconfigure(address, {
      resolver: resolverFromDnsFlags(cmd, io),
      ...(ca === undefined ? {} : { ca }),
    });
    if (cmd.json) printJson(io, autoconfigJson(result));
    else printHuman(io, result);
    const missing = nothingFoundError(result);
    if (missing !== undefined) throw missing;
    return 0;
  },
};
