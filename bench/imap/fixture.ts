/**
 * The IMAP benchmark's mailbox: two folders in the `uni` test user's account (no test resets
 * or fills that account), made once per run and deleted at the end, so the account is left
 * as found. While it exists, one raw session's server bytes are recorded for the parser
 * benchmarks (greeting to LOGOUT, so replay starts and ends on response boundaries).
 */
import { ImapFlow } from 'imapflow';
import * as tls from 'node:tls';
import { serverEnv } from '../../e2e/servers/env';
import type { ImapClient } from '../../src-main/imap/client';
import { appendMany } from '../../src-main/imap/commands/append';
import { createMailbox, deleteMailbox } from '../../src-main/imap/commands/mailboxes';
import { connectImap, type ImapConnectOptions } from '../../src-main/imap/connect';

export const USER = 'uni' as const;
export const HEADERS_FOLDER = 'Bench-Headers';
export const BODIES_FOLDER = 'Bench-Bodies';
export const HEADER_MESSAGES = Number(process.env['BENCH_IMAP_HEADERS'] ?? 10_000);
export const BODY_MESSAGES = Number(process.env['BENCH_IMAP_BODIES'] ?? 1_000);
const BODY_SIZE = 30_000;

export function imapOptions(): ImapConnectOptions {
  const env = serverEnv();
  return {
    host: env.mail.host,
    port: env.mail.imaps,
    tls: 'implicit',
    servername: env.mail.hostname,
    ca: env.caPem,
    user: env.users[USER].user,
    password: env.users[USER].password,
    connectTimeoutMs: 10_000,
    idleTimeoutMs: 60_000,
  };
}

export function connect(): Promise<ImapClient> {
  return connectImap(imapOptions());
}

/** The peer, imapflow, logged in to the same account over the same IMAPS listener. */
export async function connectPeer(): Promise<ImapFlow> {
  const env = serverEnv();
  const client = new ImapFlow({
    host: env.mail.host,
    port: env.mail.imaps,
    secure: true,
    servername: env.mail.hostname,
    tls: { ca: env.caPem, servername: env.mail.hostname },
    auth: { user: env.users[USER].user, pass: env.users[USER].password },
    logger: false,
  });
  await client.connect();
  return client;
}

function message(i: number, bodyBytes: number): Buffer {
  const line = `Line ${i} of the benchmark body, plain ASCII text to fill the message.\r\n`;
  const body = line.repeat(Math.max(1, Math.ceil(bodyBytes / line.length)));
  return Buffer.from(
    `From: Sender ${i} <s${i}@example.test>\r\nTo: Uni <uni@example.test>\r\nSubject: Bench message ${i}\r\n` +
      `Date: Thu, 26 Nov 2026 12:00:00 +0000\r\nMessage-ID: <bench-${i}@example.test>\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n${body}`,
  );
}

async function fill(c: ImapClient, folder: string, count: number, bodyBytes: number): Promise<void> {
  await deleteMailbox(c, folder).catch(() => undefined);
  await createMailbox(c, folder);
  const per = bodyBytes > 10_000 ? 100 : 1000;
  const jobs: Promise<unknown>[] = [];
  for (let start = 0; start < count; start += per) {
    const batch = Array.from({ length: Math.min(per, count - start) }, (_, k) =>
      message(start + k + 1, bodyBytes),
    );
    jobs.push(appendMany(c, folder, batch));
  }
  await Promise.all(jobs);
}

export interface Fixture {
  /** Server bytes of one session: LOGIN, EXAMINE, UID FETCH headers of every message. */
  headerBytes: Buffer;
  /** Server bytes of one session: UID FETCH BODY.PEEK[] of every message in the bodies folder. */
  bodyBytes: Buffer;
  /** Total size of the bodies (sum of RFC822.SIZE). */
  bodyTotal: number;
}

let made: Promise<Fixture> | null = null;

export function fixture(): Promise<Fixture> {
  made ??= (async () => {
    try {
      const c = await connect();
      try {
        await fill(c, HEADERS_FOLDER, HEADER_MESSAGES, 200);
        await fill(c, BODIES_FOLDER, BODY_MESSAGES, BODY_SIZE);
      } finally {
        await c.logout();
      }
    } catch (e) {
      // Never leave half-filled folders behind in the account.
      await cleanup().catch(() => undefined);
      throw e;
    }
    const headerBytes = (
      await rawSession(`UID FETCH 1:* (UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE)`, HEADERS_FOLDER)
    ).bytes;
    const bodies = await rawSession('UID FETCH 1:* (BODY.PEEK[])', BODIES_FOLDER);
    const sizeSession = await rawSession('UID FETCH 1:* (RFC822.SIZE)', BODIES_FOLDER);
    const sizes = [...sizeSession.bytes.toString('latin1').matchAll(/RFC822\.SIZE (\d+)/g)].map((m) =>
      Number(m[1]),
    );
    return { headerBytes, bodyBytes: bodies.bytes, bodyTotal: sizes.reduce((a, b) => a + b, 0) };
  })();
  return made;
}

/** Deletes the benchmark folders (the account is left as found). */
export async function cleanup(): Promise<void> {
  const c = await connect();
  try {
    await deleteMailbox(c, HEADERS_FOLDER).catch(() => undefined);
    await deleteMailbox(c, BODIES_FOLDER).catch(() => undefined);
  } finally {
    await c.logout();
  }
}

/**
 * A raw TLS session with no parser at all: AUTHENTICATE PLAIN (SASL-IR), EXAMINE, one command,
 * LOGOUT, all written at once; it reads until the connection closes and keeps every byte.
 * The recording for the parser benchmarks.
 */
export function rawSession(
  command: string,
  folder: string,
  keep = true,
): Promise<{ bytes: Buffer; total: number }> {
  const env = serverEnv();
  const { user, password } = env.users[USER];
  const plain = Buffer.from(`\0${user}\0${password}`, 'utf8').toString('base64');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const socket = tls.connect({
      host: env.mail.host,
      port: env.mail.imaps,
      servername: env.mail.hostname,
      ca: env.caPem,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('raw IMAP session took over 120 s'));
    }, 120_000);
    socket.on('secureConnect', () => {
      socket.write(
        `A1 AUTHENTICATE PLAIN ${plain}\r\nA2 EXAMINE "${folder}"\r\nA3 ${command}\r\nA4 LOGOUT\r\n`,
      );
    });
    socket.on('data', (b: Buffer) => {
      total += b.length;
      if (keep) chunks.push(b);
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ bytes: Buffer.concat(chunks), total });
    });
  });
}

/**
 * The raw socket's transfer time alone: log in and EXAMINE first (untimed), then time from
 * writing the command to the tagged OK at the end of the stream (bytes counted, not kept).
 */
export function rawFetchTimed(command: string, folder: string): Promise<{ ms: number; bytes: number }> {
  const env = serverEnv();
  const { user, password } = env.users[USER];
  const plain = Buffer.from(`\0${user}\0${password}`, 'utf8').toString('base64');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: env.mail.host,
      port: env.mail.imaps,
      servername: env.mail.hostname,
      ca: env.caPem,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('raw IMAP session took over 120 s'));
    }, 120_000);
    let phase: 'login' | 'fetch' = 'login';
    let tail = '';
    let bytes = 0;
    let start = 0n;
    socket.on('secureConnect', () =>
      socket.write(`A1 AUTHENTICATE PLAIN ${plain}\r\nA2 EXAMINE "${folder}"\r\n`),
    );
    socket.on('data', (b: Buffer) => {
      tail = (tail + b.subarray(Math.max(0, b.length - 200)).toString('latin1')).slice(-200);
      if (phase === 'login') {
        if (/\r\nA2 OK[^\r\n]*\r\n$/.test(tail) || /^A2 OK/m.test(tail)) {
          phase = 'fetch';
          tail = '';
          start = process.hrtime.bigint();
          socket.write(`A3 ${command}\r\n`);
        } else if (/\r\nA[12] (NO|BAD)/.test(tail)) reject(new Error(`raw session refused: ${tail}`));
        return;
      }
      bytes += b.length;
      if (/\r\nA3 (OK|NO|BAD)[^\r\n]*\r\n$/.test(tail)) {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        clearTimeout(timer);
        socket.end('A4 LOGOUT\r\n');
        resolve({ ms, bytes });
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/**
 * Samples this process's RSS every 10 ms while `fn` runs; returns its result and the peak
 * growth over the RSS at the start, in MB (both sides run in this one process, so the growth
 * is what tells them apart).
 */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakMb: Math.round((peak - start) / 1e6) };
  } finally {
    clearInterval(timer);
  }
}
