import { REDACTED, redactClientLine } from './redact';
import type { ConnectOptions, TlsInfo, TranscriptLine } from './types';

/** Writing the protocol log: bounded, redacted, and never able to break a session. */

/** Transcript lines are cut here: a log is for people, not for megabytes of base64. */
const TRANSCRIPT_MAX_CHARS = 2_000;
const TRANSCRIPT_MAX_LINES = 20;

export function tlsSummary(t: TlsInfo): string {
  const who = t.peerCertificateSubject ? `, certificate ${t.peerCertificateSubject}` : '';
  const trust = t.authorized ? 'verified' : `NOT verified (${t.authorizationError ?? 'unknown reason'})`;
  return `${t.protocol} ${t.cipher}${who}, ${trust}`;
}

export function note(opts: ConnectOptions, text: string): void {
  log(opts, 'info', text);
}

export function log(opts: ConnectOptions, direction: TranscriptLine['direction'], text: string): void {
  const sink = opts.transcript;
  if (!sink) return;
  try {
    sink({ direction, text, time: Date.now() });
  } catch {
    // A broken log must never break a mail session.
  }
}

/** One write: its lines, each redacted, bounded; or only its size when it holds a secret. */
export function logClientWrite(opts: ConnectOptions, buf: Buffer, secret: boolean): void {
  if (!opts.transcript) return;
  if (secret) {
    log(opts, 'client', `${REDACTED} (${buf.length} bytes)`);
    return;
  }
  logLines(opts, 'client', splitLines(buf), (line) => redactClientLine(opts.protocol, line));
}

/** A chunk or line from the server, bounded. */
export function logServerLines(opts: ConnectOptions, lines: string[]): void {
  if (!opts.transcript) return;
  logLines(opts, 'server', lines, (line) => line);
}

export function splitLines(buf: Buffer): string[] {
  const lines = buf.toString('utf8').split(/\r?\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

function logLines(
  opts: ConnectOptions,
  direction: TranscriptLine['direction'],
  lines: string[],
  redact: (line: string) => string,
): void {
  const shown = lines.slice(0, TRANSCRIPT_MAX_LINES);
  for (const line of shown) log(opts, direction, redact(line).slice(0, TRANSCRIPT_MAX_CHARS));
  if (lines.length > shown.length) log(opts, direction, `... ${lines.length - shown.length} more lines`);
}
