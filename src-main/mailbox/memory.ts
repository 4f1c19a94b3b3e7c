import { randomUUID } from 'node:crypto';
import type { Account, AccountSettings } from '../model';
import { MailwrightError } from '../model/errors';
import type { MailboxListener, MailboxService } from './service';

/**
 * A stand-in MailboxService that keeps accounts in memory and has no mail: enough for
 * the shells and the renderer to work end to end before the mailbox issue lands (it
 * replaces this with the real orchestrator: settings file, keychain, sync, store).
 * Nothing here is written to disk; a restart forgets every account.
 */
export function createMemoryMailboxService(): MailboxService {
  const accounts = new Map<string, Account>();
  // Held only so a later stage can be tested against this stand-in; never returned.
  const passwords = new Map<string, string>();
  const listeners = new Set<MailboxListener>();

  function emitAccounts(): void {
    const list = [...accounts.values()];
    for (const listener of listeners) listener('accounts-changed', { accounts: structuredClone(list) });
  }

  function need(accountId: string): Account {
    const account = accounts.get(accountId);
    if (account === undefined) {
      throw new MailwrightError(
        'not-found',
        'That account does not exist (any more); reload the account list.',
      );
    }
    return account;
  }

  return {
    async listAccounts() {
      return structuredClone([...accounts.values()]);
    },
    async addAccount(settings: AccountSettings) {
      for (const existing of accounts.values()) {
        if (existing.address.toLowerCase() === settings.address.toLowerCase()) {
          throw new MailwrightError(
            'bad-input',
            `An account for ${settings.address} already exists; edit that one instead.`,
          );
        }
      }
      const account: Account = { ...structuredClone(settings), id: randomUUID() };
      accounts.set(account.id, account);
      emitAccounts();
      return structuredClone(account);
    },
    async removeAccount(accountId) {
      need(accountId);
      accounts.delete(accountId);
      passwords.delete(accountId);
      emitAccounts();
    },
    async setPassword(accountId, password) {
      need(accountId);
      passwords.set(accountId, password);
    },
    async listFolders(accountId) {
      need(accountId);
      return []; // No sync yet: the mailbox issue brings folders.
    },
    async pageMessages(request) {
      need(request.accountId);
      return { messages: [], total: 0, nextOffset: null };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
