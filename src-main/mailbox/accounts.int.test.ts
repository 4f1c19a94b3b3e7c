/**
 * Account requests through the service against the real servers and the test DNS:
 * autoconfigure (SRV/MX/conventional candidates probed with the test CA), add what it
 * proposes, test the connection (right and wrong password), update, remove (the
 * account's files go, accounts-changed tells the shells).
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { accountDir } from './layout';
import { env, openHarness, type Harness } from './testing/int-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('mailbox service, accounts', () => {
  it('autoconfigures, adds the proposal, tests it, updates and removes it', async () => {
    h = await openHarness();
    const { service, seen } = h;
    const proposal = await service.autoconfigure(env.users.alice.user, env.caPem);
    expect(proposal.found).toBe(true);
    expect(proposal.candidates.some((c) => c.ok && c.reason.length > 0)).toBe(true);
    const settings = proposal.settings!;
    expect(settings.incoming.server).toMatchObject({
      port: 993,
      security: 'implicit',
      user: env.users.alice.user,
    });
    expect(settings.extraCaPem).toBe(env.caPem);

    const account = await service.addAccount(settings);
    await service.setPassword(account.id, 'not-the-password');
    const wrong = await service.testAccount(account.id);
    expect(wrong.find((c) => c.role === 'imap')).toMatchObject({ ok: false, error: { kind: 'auth' } });
    await service.setPassword(account.id, env.users.alice.password);
    const checks = await service.testAccount(account.id);
    expect(checks.map((c) => [c.role, c.ok])).toEqual([
      ['imap', true],
      ['smtp', true],
    ]);

    const renamed = await service.updateAccount(account.id, { ...settings, displayName: 'Alice Renamed' });
    expect(renamed.displayName).toBe('Alice Renamed');
    expect((await service.listAccounts()).map((a) => a.displayName)).toEqual(['Alice Renamed']);
    expect(existsSync(accountDir(h.home, account.id))).toBe(true);

    await service.removeAccount(account.id);
    service.flushEvents();
    expect(await service.listAccounts()).toEqual([]);
    expect(existsSync(accountDir(h.home, account.id))).toBe(false);
    expect(seen('accounts-changed').at(-1)).toEqual({ accounts: [] });
    await expect(service.listFolders(account.id)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('a domain with no mail servers proposes nothing and says why', async () => {
    h = await openHarness();
    const proposal = await h.service.autoconfigure('someone@nothing-here.test', env.caPem);
    expect(proposal.found).toBe(false);
    expect(proposal.settings).toBeNull();
  });
});
