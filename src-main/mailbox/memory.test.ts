import { describe, expect, it } from 'vitest';
import { sampleImapAccount } from '../ipc/fixtures';
import { MailwrightError } from '../model/errors';
import { createMemoryMailboxService } from './memory';

describe('memory mailbox stand-in', () => {
  it('adds, lists and removes accounts, emitting accounts-changed', async () => {
    const service = createMemoryMailboxService();
    const seen: string[] = [];
    service.subscribe((event) => seen.push(event));
    const account = await service.addAccount(sampleImapAccount());
    expect(account.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await service.listAccounts()).toEqual([account]);
    await service.removeAccount(account.id);
    expect(await service.listAccounts()).toEqual([]);
    expect(seen).toEqual(['accounts-changed', 'accounts-changed']);
  });

  it('refuses a duplicate address and unknown accounts', async () => {
    const service = createMemoryMailboxService();
    await service.addAccount(sampleImapAccount());
    await expect(
      service.addAccount({ ...sampleImapAccount(), address: 'ADA@example.test' }),
    ).rejects.toMatchObject({
      kind: 'bad-input',
    });
    await expect(service.listFolders('nope')).rejects.toBeInstanceOf(MailwrightError);
    await expect(service.setPassword('nope', 'pw')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('never returns a password', async () => {
    const service = createMemoryMailboxService();
    const account = await service.addAccount(sampleImapAccount());
    await service.setPassword(account.id, 'hunter2-secret');
    expect(JSON.stringify(await service.listAccounts())).not.toContain('hunter2-secret');
  });
});
