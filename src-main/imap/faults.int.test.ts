import { afterEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../e2e/support/fault-proxy';
import { serverEnv } from '../../e2e/servers/env';
import { MailwrightError } from '../model/errors';
import { uidFetch } from './commands/fetch';
import { uidSearch } from './commands/search';
import { select } from './commands/select';
import { openAs } from './int-helpers';
import { raw } from './serialize';

/** The UID of the big (~4 MB) seeded message in alice's INBOX, and its size. */
async function bigMessage(): Promise<{ uid: number; size: number }> {
  const c = await openAs('alice');
  try {
    await select(c, 'INBOX', { readOnly: true });
    const [uid] = await uidSearch(c, [raw('LARGER'), raw('1000000')]);
    if (uid === undefined) throw new Error('the seeded big message is missing from alice INBOX');
    const [m] = await uidFetch(c, String(uid), ['RFC822.SIZE']);
    return { uid, size: m?.attributes.rfc822Size ?? 0 };
  } finally {
    await c.logout();
  }
}

describe('IMAP under network faults (real Dovecot behind the fault proxy)', () => {
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('a cut in the middle of a FETCH literal is a network error (no partial message, no hang); a new session gets it whole', async () => {
    const env = serverEnv();
    const big = await bigMessage();
    expect(big.size).toBeGreaterThan(1_000_000);
    proxy = await startFaultProxy({
      target: { host: env.mail.host, port: env.mail.imaps },
      // Well past the login and SELECT, well before the end of the literal.
      faults: { serverToClient: { cutAfterBytes: 600_000 } },
      maxLifetimeMs: 30_000,
    });
    const c = await openAs('alice', { host: proxy.host, port: proxy.port });
    const failures: MailwrightError[] = [];
    c.onFailure((e) => failures.push(e));
    await select(c, 'INBOX', { readOnly: true });
    const err = await uidFetch(c, String(big.uid), ['BODY.PEEK[]']).catch((e: unknown) => e);
    expect(failures).toEqual([err]);
    expect(c.failed).toBe(err);
    expect(err).toBeInstanceOf(MailwrightError);
    expect((err as MailwrightError).kind).toBe('network');
    expect(c.state).toBe('logout');
    expect(proxy.stats.cuts).toBe(1);

    const again = await openAs('alice');
    try {
      await select(again, 'INBOX', { readOnly: true });
      const [m] = await uidFetch(again, String(big.uid), ['BODY.PEEK[]']);
      expect(m?.attributes.sections?.[0]?.data?.length).toBe(big.size);
    } finally {
      await again.logout();
    }
  });

  it('a stalled server mid-response ends in a timeout error, not a hang', async () => {
    const env = serverEnv();
    proxy = await startFaultProxy({
      target: { host: env.mail.host, port: env.mail.imaps },
      faults: { serverToClient: { stallAfterBytes: 400_000 } },
      maxLifetimeMs: 30_000,
    });
    const big = await bigMessage();
    const c = await openAs('alice', { host: proxy.host, port: proxy.port, idleTimeoutMs: 1_500 });
    await select(c, 'INBOX', { readOnly: true });
    await expect(uidFetch(c, String(big.uid), ['BODY.PEEK[]'])).rejects.toMatchObject({ kind: 'timeout' });
    expect(c.state).toBe('logout');
  });
});
