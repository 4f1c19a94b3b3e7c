import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseEndpoint } from '../../dns/endpoint';
import { Resolver } from '../../dns/resolver';
import { composeMessage, type ComposeAttachment } from '../../mime/compose';
import { submit, type DeliveryReport } from '../../smtp/delivery';
import { deliverDirect } from '../../smtp/direct';
import { printJson, UsageError, type CliIO, type CommandSpec, type ParsedCommand } from '../command';
import { optionalString, strings } from '../flag-values';
import { connectionOptions, connectionUsage, parsePort, readConnectionFlags } from '../connection-flags';

function readFile(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`${flag} ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

function body(cmd: ParsedCommand): { text: string; html?: string } {
  const text = optionalString(cmd, 'text');
  const textFile = optionalString(cmd, 'text-file');
  if ((text === undefined) === (textFile === undefined)) {
    throw new UsageError('give exactly one of --text TEXT or --text-file FILE');
  }
  const htmlFile = optionalString(cmd, 'html-file');
  return {
    text: text ?? readFile(textFile ?? '', '--text-file').toString('utf8'),
    ...(htmlFile !== undefined ? { html: readFile(htmlFile, '--html-file').toString('utf8') } : {}),
  };
}

function attachments(cmd: ParsedCommand): ComposeAttachment[] {
  return strings(cmd.values.attach).map((path) => ({
    filename: basename(path),
    content: readFile(path, '--attach'),
  }));
}

async function deliver(cmd: ParsedCommand, io: CliIO, envelope: { from: string; to: string[] }, raw: Buffer) {
  const message = { envelope, raw };
  if (cmd.values.direct === true) {
    for (const flag of ['host', 'port', 'tls', 'user', 'password-env', 'allow-plaintext-auth']) {
      if (cmd.values[flag] !== undefined) throw new UsageError(`--${flag} cannot be used with --direct`);
    }
    const dns = optionalString(cmd, 'dns-server');
    const mxPort = optionalString(cmd, 'mx-port');
    const ca = optionalString(cmd, 'ca');
    const resolver = new Resolver(
      dns === undefined ? {} : { servers: [parseEndpoint(dns)], timeoutMs: 2_000, attempts: 2 },
    );
    return deliverDirect(message, {
      resolver,
      ...(mxPort !== undefined ? { port: parsePort(mxPort, '--mx-port') } : {}),
      ...(ca !== undefined ? { ca: readFile(ca, '--ca').toString('utf8') } : {}),
    });
  }
  for (const flag of ['dns-server', 'mx-port']) {
    if (cmd.values[flag] !== undefined) throw new UsageError(`--${flag} needs --direct`);
  }
  const flags = readConnectionFlags(cmd, io, 'starttls');
  if (flags.user !== undefined && flags.password === undefined) {
    throw new UsageError('--user needs --password-env (the password is read from that variable)');
  }
  const { servername } = flags;
  return submit(message, {
    host: flags.host,
    tls: flags.tls,
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(servername !== undefined ? { servername } : {}),
    ...(flags.ca !== undefined ? { ca: flags.ca } : {}),
    ...(flags.user !== undefined && flags.password !== undefined
      ? { credentials: { user: flags.user, password: flags.password } }
      : {}),
    allowPlaintextAuth: flags.allowPlaintextAuth,
    ...(cmd.values['no-pipelining'] === true ? { pipelining: false } : {}),
  });
}

function printHuman(io: CliIO, messageId: string, report: DeliveryReport): void {
  if (report.accepted.length > 0) {
    const how = report.tls
      ? report.tlsVerified
        ? 'over verified TLS'
        : 'over TLS (certificate not verified)'
      : 'without TLS';
    io.out(`Sent ${messageId} to ${report.accepted.join(', ')} ${how}.\n`);
  }
  for (const r of report.rejected) {
    const code = r.code === 0 ? '' : ` ${r.code}${r.enhanced === undefined ? '' : ` ${r.enhanced}`}`;
    const what =
      r.deliveryUnknown === true ? 'Delivery unknown (check before resending) for' : 'Not delivered to';
    io.out(`${what} ${r.address}${code}: ${r.text}\n`);
  }
}

export const sendCommand: CommandSpec = {
  path: ['send'],
  summary: 'Compose a message and send it by submission (with login) or directly to the MX hosts',
  usage: `send --from ADDR --to ADDR [--to ...] [--cc ADDR]... [--bcc ADDR]... --subject TEXT (--text TEXT | --text-file FILE) [--html-file FILE] [--attach FILE]... [${connectionUsage} [--no-pipelining] | --direct [--dns-server IP[:PORT]] [--mx-port PORT] [--ca FILE]] [--json]`,
  options: {
    ...connectionOptions,
    from: { type: 'string' },
    to: { type: 'string', multiple: true },
    cc: { type: 'string', multiple: true },
    bcc: { type: 'string', multiple: true },
    subject: { type: 'string' },
    text: { type: 'string' },
    'text-file': { type: 'string' },
    'html-file': { type: 'string' },
    attach: { type: 'string', multiple: true },
    direct: { type: 'boolean' },
    'dns-server': { type: 'string' },
    'mx-port': { type: 'string' },
    'no-pipelining': { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const from = optionalString(cmd, 'from');
    if (from === undefined) throw new UsageError('--from is required');
    const subject = optionalString(cmd, 'subject');
    if (subject === undefined) throw new UsageError('--subject is required');
    const to = strings(cmd.values.to);
    const cc = strings(cmd.values.cc);
    const bcc = strings(cmd.values.bcc);
    if (to.length + cc.length + bcc.length === 0)
      throw new UsageError('give at least one --to, --cc or --bcc');
    const composed = await composeMessage({
      from,
      to,
      cc,
      bcc,
      subject,
      ...body(cmd),
      attachments: attachments(cmd),
    });
    const report = await deliver(cmd, io, composed.envelope, composed.raw);
    if (cmd.json) {
      printJson(io, {
        messageId: composed.messageId,
        accepted: report.accepted,
        rejected: report.rejected.map((r) => ({
          address: r.address,
          code: r.code,
          enhanced: r.enhanced ?? null,
          text: r.text,
          ...(r.deliveryUnknown === true ? { deliveryUnknown: true } : {}),
        })),
        tls: report.tls,
        tlsVerified: report.tlsVerified,
      });
    } else {
      printHuman(io, composed.messageId, report);
    }
    return report.accepted.length > 0 && report.rejected.length === 0 ? 0 : 1;
  },
};
