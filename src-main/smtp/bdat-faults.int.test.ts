/**
 * A BDAT batch to the real Postfix through a proxy that cuts the connection part-way
 * (e2e/support/fault-proxy.ts). The promise under test: a message reported sent arrived
 * exactly once; one reported "not sent" never arrives (sending it again is safe); one
 * reported "delivery unknown" arrived at most once.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mailboxMessages, serverEnv } from '../../e2e/servers/env';
import { startFaultProxy } from '../../e2e/support/fault-proxy';
import { composeMessage } from '../mime/compose';
import { submitMessages, type SubmissionOutcome } from './delivery';

const env = serverEnv();
const MESSAGES = 8;
/** Where the proxy cuts, as a share of the batch's bytes: early, middle and late. */
const CUTS = [0.2, 0.5, 0.8];

type Verdict = 'sent' | 'unknown' | 'not sent';

function verdict(o: SubmissionOutcome): Verdict {
  if (o.ok) return 'sent';
  return o.error.code === 'DELIVERY_UNKNOWN' ? 'unknown' : 'not sent';
}

/** How many messages in carol's Maildir carry each tag. */
async function copies(tags: readonly string[]): Promise<number[]> {
  const all = await mailboxMessages('carol');
  return tags.map((t) => all.filter((m) => m.includes(t)).length);
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a BDAT batch cut part-way', () => {
  it.each(CUTS)(
    'cut at %f of its bytes: sent arrives once, not sent never, unknown at most once',
    async (share) => {
      const tags = Array.from({ length: MESSAGES }, () => `mw-cut-${randomUUID()}`);
      const messages = await Promise.all(
        tags.map(async (tag) => {
          const m = await composeMessage({
            from: 'alice@example.test',
            to: ['carol@example.test'],
            subject: tag,
            text: 'cut test\n',
            attachments: [{ filename: 'a.bin', content: Buffer.alloc(25_000, tag.charCodeAt(10)) }],
          });
          return { envelope: m.envelope, raw: m.raw };
        }),
      );
      const total = messages.reduce((n, m) => n + m.raw.length, 0);
      const proxy = await startFaultProxy({
        target: { host: env.mail.host, port: env.mail.submission },
        faults: { clientToServer: { cutAfterBytes: Math.round(total * share) } },
      });
      try {
        const outcomes = await submitMessages(messages, {
          host: proxy.host,
          port: proxy.port,
          tls: 'starttls',
          servername: env.mail.hostname,
          ca: env.caPem,
          credentials: { user: env.users.alice.user, password: env.users.alice.password },
          idleTimeoutMs: 10_000,
        });
        const verdicts = outcomes.map(verdict);
        // In order: what went through, then what may have, then what surely did not.
        const rank = { sent: 0, unknown: 1, 'not sent': 2 };
        const ranks = verdicts.map((v) => rank[v]);
        expect(ranks).toEqual(ranks.toSorted());
        // The cut came before the end. (Whether any message is still unwritten by then depends on
        // how much the kernel took: chunked-batch.test.ts covers "not sent" deterministically.)
        expect(verdicts.some((v) => v !== 'sent')).toBe(true);
        expect(proxy.stats.cuts).toBe(1);

        const sent = tags.filter((_, i) => verdicts[i] === 'sent');
        await until(async () => (await copies(sent)).every((n) => n === 1), 15_000);
        // Postfix delivers in a moment; give what should never come the time to show up.
        await new Promise((r) => setTimeout(r, 1_500));
        const found = await copies(tags);
        verdicts.forEach((v, i) => {
          if (v === 'sent') expect(found[i], `${tags[i]} sent`).toBe(1);
          else if (v === 'not sent') expect(found[i], `${tags[i]} not sent`).toBe(0);
          else expect(found[i], `${tags[i]} unknown`).toBeLessThanOrEqual(1);
        });
      } finally {
        await proxy.close();
      }
    },
  );
});
