import { describe, expect, it } from 'vitest';
import { sampleImapAccount } from '../ipc/fixtures';
import { MailwrightError } from '../model/errors';
import { deferredMailboxService } from './deferred';
import { createMemoryMailboxService } from './memory';

describe('deferredMailboxService', () => {
  it('answers calls and attaches early subscribers once the service is ready', async () => {
    let open!: (s: ReturnType<typeof createMemoryMailboxService>) => void;
    const deferred = deferredMailboxService(new Promise((resolve) => (open = resolve)));
    const seen: string[] = [];
    deferred.subscribe((event) => seen.push(event));
    const gone: string[] = [];
    const off = deferred.subscribe((event) => gone.push(event));
    off(); // unsubscribed before the service was even there
    const listing = deferred.listAccounts();
    open(createMemoryMailboxService());
    expect(await listing).toEqual([]);
    const account = await deferred.addAccount(sampleImapAccount());
    expect(await deferred.listAccounts()).toEqual([account]);
    expect(seen).toEqual(['accounts-changed']);
    expect(gone).toEqual([]);
  });

  it('fails every call with the opening error', async () => {
    const problem = new MailwrightError('keychain', 'No keychain; passwords will be asked each session.');
    const deferred = deferredMailboxService(Promise.reject(problem));
    await expect(deferred.listAccounts()).rejects.toBe(problem);
    await expect(deferred.getSettings()).rejects.toMatchObject({ kind: 'keychain' });
    expect(() => deferred.subscribe(() => {})).not.toThrow();
  });
});
