/**
 * `mailwright dns mx DOMAIN` and `mailwright dns query NAME TYPE`, through our own
 * resolver. Without --server the stub servers come from /etc/resolv.conf (or the file
 * named by MAILWRIGHT_RESOLV_CONF); --iterative / --root walk down from the roots.
 */
import { MailwrightError } from '../../model/errors';
import { nxdomainError } from '../../dns/errors';
import { resolveMx, type MxResult } from '../../dns/mx';
import { displayName, recordToJson } from '../../dns/present';
import { Resolver } from '../../dns/resolver';
import { formatTraceStep, type TraceStep } from '../../dns/trace';
import { Rcode, rcodeToText, typeFromText, typeToText } from '../../dns/types';
import {
  printJson,
  UsageError,
  type CliIO,
  type CommandSpec,
  type OptionSpecs,
  type ParsedCommand,
} from '../command';
import { endpoints, strings } from '../flag-values';

const resolverOptions: OptionSpecs = {
  server: { type: 'string', multiple: true },
  iterative: { type: 'boolean' },
  root: { type: 'string', multiple: true },
  trace: { type: 'boolean' },
};
const resolverUsage = '[--server IP[:PORT]]... [--iterative] [--root IP[:PORT]]... [--trace] [--json]';

/** The resolver the flags describe. --root implies --iterative; --server contradicts it. */
export function resolverFromFlags(cmd: ParsedCommand, io: CliIO): Resolver {
  const servers = endpoints(strings(cmd.values.server), '--server');
  const roots = endpoints(strings(cmd.values.root), '--root');
  const iterative = cmd.values.iterative === true || roots.length > 0;
  if (iterative && servers.length > 0) {
    throw new UsageError(
      '--server asks a recursive server and --iterative/--root resolve from the roots: use one or the other',
    );
  }
  // One command, one resolver with its own cache: the exchanges' lookups reuse what the MX
  // lookup learnt (zone cuts when iterating), and nothing outlives the process.
  if (iterative) return new Resolver({ mode: 'iterative', ...(roots.length > 0 ? { roots } : {}) });
  const resolvConfPath = io.env.MAILWRIGHT_RESOLV_CONF;
  return new Resolver({
    ...(servers.length > 0 ? { servers } : {}),
    ...(resolvConfPath !== undefined && resolvConfPath !== '' ? { resolvConfPath } : {}),
  });
}

/** Runs `body`; with --trace, prints the steps (also when it fails, to stderr then). */
async function withTrace<T>(
  cmd: ParsedCommand,
  io: CliIO,
  body: (trace: TraceStep[]) => Promise<T>,
): Promise<T> {
  const trace: TraceStep[] = [];
  try {
    return await body(trace);
  } catch (e) {
    if (cmd.values.trace === true && !cmd.json)
      for (const s of trace) io.err(`trace: ${formatTraceStep(s)}\n`);
    throw e;
  }
}

function printTrace(io: CliIO, trace: TraceStep[]): void {
  for (const s of trace) io.out(`${formatTraceStep(s)}\n`);
  if (trace.length > 0) io.out('\n');
}

export const dnsMxCommand: CommandSpec = {
  path: ['dns', 'mx'],
  summary: 'Show where mail for a domain is delivered (MX, RFC 5321 §5.1), with addresses',
  usage: `dns mx DOMAIN ${resolverUsage}`,
  options: resolverOptions,
  positionals: { min: 1, max: 1 },
  async run(cmd, io) {
    const domain = cmd.positionals[0]!.replace(/\.$/, '');
    const resolver = resolverFromFlags(cmd, io);
    const wantTrace = cmd.values.trace === true;
    return withTrace(cmd, io, async (trace) => {
      let result: MxResult;
      try {
        result = await resolveMx(resolver, domain, { trace });
      } catch (e) {
        if (e instanceof MailwrightError && e.kind === 'no-mail' && cmd.json) {
          // The machine-readable answer is still an answer: the domain says "no mail".
          printJson(io, {
            domain,
            nullMx: true,
            implicit: false,
            exchanges: [],
            ...(wantTrace ? { trace } : {}),
          });
        }
        throw e;
      }
      if (cmd.json) {
        printJson(io, { ...result, ...(wantTrace ? { trace } : {}) });
        return 0;
      }
      if (wantTrace) printTrace(io, trace);
      io.out(
        result.implicit
          ? `${domain} has no MX records; mail goes to the domain itself (implicit MX):\n`
          : `${domain} MX, in delivery order:\n`,
      );
      for (const x of result.exchanges) {
        const addresses = x.addresses.length > 0 ? x.addresses.join(' ') : '(no address)';
        io.out(`  ${String(x.preference).padStart(5)} ${x.exchange}  ${addresses}\n`);
      }
      return 0;
    });
  },
};

export const dnsQueryCommand: CommandSpec = {
  path: ['dns', 'query'],
  summary: 'Ask for the records of one name and type (A, AAAA, MX, TXT, SRV, NS, SOA, CNAME, PTR, TYPEnn)',
  usage: `dns query NAME TYPE ${resolverUsage}`,
  options: resolverOptions,
  positionals: { min: 2, max: 2 },
  async run(cmd, io) {
    const name = cmd.positionals[0]!.replace(/\.$/, '');
    const typeText = cmd.positionals[1]!;
    const type = typeFromText(typeText);
    if (type === undefined)
      throw new UsageError(
        `unknown record type "${typeText}"; use A, AAAA, MX, TXT, SRV, NS, SOA, CNAME, PTR or TYPEnn`,
      );
    const resolver = resolverFromFlags(cmd, io);
    const wantTrace = cmd.values.trace === true;
    return withTrace(cmd, io, async (trace) => {
      const r = await resolver.query(name, type, { trace });
      if (r.rcode === Rcode.NXDOMAIN) throw nxdomainError(name);
      const answers = r.answers.map(recordToJson);
      if (cmd.json) {
        printJson(io, {
          name: displayName(name),
          type: typeToText(type),
          rcode: rcodeToText(r.rcode),
          answers,
          ...(wantTrace ? { trace } : {}),
        });
        return 0;
      }
      if (wantTrace) printTrace(io, trace);
      if (answers.length === 0) io.out(`${displayName(name)} has no ${typeToText(type)} records.\n`);
      for (const a of answers) io.out(`${a.name}\t${a.ttl}\tIN\t${a.type}\t${a.data}\n`);
      return 0;
    });
  },
};
