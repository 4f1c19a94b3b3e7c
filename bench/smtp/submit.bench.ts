/**
 * SMTP submission benchmark (issue 4): 1,000 messages of ~10 KB over one authenticated
 * STARTTLS connection to the local Postfix (587), ours vs nodemailer's SMTP transport
 * (pooled to one connection), same server, same bytes, the whole batch handed over at
 * once on both sides. nodemailer 10 pipelines MAIL/RCPT/DATA too; ours also sends each
 * body's final "." together with the next message's commands. Reported with and without
 * PIPELINING on our side.
 *
 * Envelope: MAIL FROM:<> to postmaster@example.test. Postfix accepts it (listed), Dovecot
 * has no such user, and a bounce of a null-sender message is dropped: nothing piles up in
 * a test mailbox. BENCH_SMTP_MESSAGES overrides the count for a quick check.
 */
import nodemailer from 'nodemailer';
import { serverEnv } from '../../e2e/servers/env';
import { startFaultProxy } from '../../e2e/support/fault-proxy';
import { composeMessage } from '../../src-main/mime/compose';
import { SmtpClient } from '../../src-main/smtp/client';
import { alternate, timeMs, type Benchmark, type BenchResult } from '../harness';

const MESSAGES = Number(process.env['BENCH_SMTP_MESSAGES'] ?? 1000);
/** Fewer over the slow link: each message costs several round trips of 4 ms there. */
const LATENCY_MESSAGES = Math.min(MESSAGES, 200);
const RUNS = 3;
const TO = 'postmaster@example.test';

async function messages(count: number): Promise<Buffer[]> {
  const line = 'The quick brown fox jumps over the lazy dog, again and again. 0123456789\n';
  const text = line.repeat(Math.ceil(10_000 / line.length));
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const m = await composeMessage({
      from: 'alice@example.test',
      to: [TO],
      subject: `bench ${i}`,
      text,
      date: new Date('2026-11-26T12:00:00Z'),
      messageId: `<bench-${i}@example.test>`,
    });
    out.push(m.raw);
  }
  return out;
}

interface Target {
  host: string;
  port: number;
}

async function ours(raws: readonly Buffer[], pipelining: boolean, target: Target): Promise<number> {
  const env = serverEnv();
  return timeMs(async () => {
    const client = await SmtpClient.connect({
      host: target.host,
      port: target.port,
      tls: 'starttls',
      servername: env.mail.hostname,
      ca: env.caPem,
      credentials: { user: env.users.alice.user, password: env.users.alice.password },
      pipelining,
    });
    try {
      // The whole batch at once, as the outbox hands it over.
      const out = await client.sendBatch(
        raws.map((message) => ({ envelope: { from: '', to: [TO] }, message })),
      );
      const bad = out.find((o) => !o.ok || o.result.accepted.length !== 1);
      if (bad !== undefined) throw new Error(`ours: not accepted: ${JSON.stringify(bad)}`);
      await client.quit();
    } finally {
      client.destroy();
    }
  });
}

async function peer(raws: readonly Buffer[], target: Target): Promise<number> {
  const env = serverEnv();
  return timeMs(async () => {
    const transport = nodemailer.createTransport({
      host: target.host,
      port: target.port,
      secure: false,
      requireTLS: true,
      tls: { ca: env.caPem, servername: env.mail.hostname },
      auth: { user: env.users.alice.user, pass: env.users.alice.password },
      pool: true,
      maxConnections: 1,
      maxMessages: Infinity,
    });
    try {
      // The whole batch at once: the pool queues it on its one connection.
      const infos = await Promise.all(
        raws.map((raw) => transport.sendMail({ envelope: { from: '', to: [TO] }, raw })),
      );
      const bad = infos.find((info) => info.accepted.length !== 1);
      if (bad !== undefined) throw new Error(`nodemailer: not accepted: ${JSON.stringify(bad.rejected)}`);
    } finally {
      transport.close();
    }
  });
}

function bench(pipelining: boolean): Benchmark {
  return {
    name: `smtp: ${MESSAGES} × 10 KB over one connection, ours ${pipelining ? 'with' : 'without'} PIPELINING`,
    needs: 'servers',
    async run(): Promise<BenchResult> {
      const env = serverEnv();
      const target = { host: env.mail.host, port: env.mail.submission };
      const raws = await messages(MESSAGES);
      const samples = await alternate(
        RUNS,
        () => ours(raws, pipelining, target),
        () => peer(raws, target),
      );
      return {
        ...samples,
        unit: 'ms per batch',
        peerName: 'nodemailer SMTP transport (pool, 1 connection)',
        target: 0.8,
        note: 'Postfix 587, STARTTLS + AUTH PLAIN; the whole batch handed over at once on both sides (ours: sendBatch; nodemailer: pooled sendMail calls). On loopback a round trip costs microseconds and each message costs Postfix a queue-file write, so PIPELINING changes little here; see the latency variant.',
      };
    },
  };
}

/** The same through e2e/support/fault-proxy.ts delaying every chunk 2 ms each way (a 4 ms RTT link). */
function latencyBench(pipelining: boolean): Benchmark {
  return {
    name: `smtp: ${LATENCY_MESSAGES} × 10 KB over a 4 ms RTT link, ours ${pipelining ? 'with' : 'without'} PIPELINING`,
    needs: 'servers',
    async run(): Promise<BenchResult> {
      const env = serverEnv();
      const proxy = await startFaultProxy({
        target: { host: env.mail.host, port: env.mail.submission },
        faults: { clientToServer: { delayMs: 2 }, serverToClient: { delayMs: 2 } },
        maxLifetimeMs: 600_000,
      });
      try {
        const target = { host: proxy.host, port: proxy.port };
        const raws = await messages(LATENCY_MESSAGES);
        const samples = await alternate(
          RUNS,
          () => ours(raws, pipelining, target),
          () => peer(raws, target),
        );
        return {
          ...samples,
          unit: 'ms per batch',
          peerName: 'nodemailer SMTP transport (pool, 1 connection)',
          target: 0.8,
          note: 'Postfix 587 behind a loopback proxy adding 2 ms per chunk each way; both pipeline MAIL/RCPT/DATA; ours also puts the next message\'s commands behind each final ".".',
        };
      } finally {
        await proxy.close();
      }
    },
  };
}

export default [bench(true), bench(false), latencyBench(true), latencyBench(false)];
