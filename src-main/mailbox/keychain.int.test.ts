/**
 * The service with its default secret store, the OS keychain. Run plainly there is no
 * D-Bus session: the service says so once (a 'keychain' problem) and keeps passwords for
 * this session only. Under `bash e2e/support/with-keyring.sh npx vitest run --project
 * integration src-main/mailbox/keychain.int.test.ts` a throwaway Secret Service answers:
 * the password goes there, a POP3 sync logs in with it, and removing the account forgets
 * it. Either way no file of the profile holds the password.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deliver, resetMailbox } from '../../e2e/servers/env';
import { KeychainSecretStore } from '../accounts/secrets/keychain';
import { env, expectNoPasswordAnywhere, openHarness, testAccount, type Harness } from './testing/int-helpers';

const hasBus = (process.env.DBUS_SESSION_BUS_ADDRESS ?? '') !== '';
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('mailbox service with the OS keychain', () => {
  it('stores the password where the keychain is (or says plainly there is none), never in a file', async () => {
    await resetMailbox('pop3');
    await deliver('pop3', 'From: k@example.test\r\nSubject: keyed\r\n\r\nx\r\n');
    h = await openHarness({ secrets: undefined });
    const { service } = h;
    if (hasBus) {
      expect(service.keychainProblem).toBeUndefined();
      expect(await service.passwordStore()).toEqual({ kind: 'keychain' });
    } else {
      expect(service.keychainProblem).toMatchObject({ kind: 'keychain' });
      expect(await service.passwordStore()).toMatchObject({ kind: 'session', problem: { kind: 'keychain' } });
    }

    const account = await service.addAccount(testAccount('pop3', 'pop3'));
    await service.setPassword(account.id, env.users.pop3.password);
    const [synced] = await service.syncNow(account.id);
    expect(synced).toMatchObject({ ok: true, downloaded: 1 });
    await expectNoPasswordAnywhere(h, [env.users.pop3.password]);

    if (hasBus) {
      const keychain = new KeychainSecretStore();
      expect(await keychain.get(account.id, 'pop3')).toBe(env.users.pop3.password);
      await service.removeAccount(account.id);
      expect(await keychain.get(account.id, 'pop3')).toBeUndefined();
    }
  });
});
