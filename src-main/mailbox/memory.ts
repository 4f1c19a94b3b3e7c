import { randomUUID } from 'node:crypto';
import type { Account, AccountSettings, AppSettings } from '../model';
import { MailwrightError } from '../model/errors';
import type { MailboxListener, MailboxService } from './service';

/**
 * A stand-in MailboxService that keeps accounts in memory and has no mail: enough for
 * the shells' own tests (router, WebSocket, IPC door), which test the transport and not
 * the mail. The shells themselves run the real service (mailbox/index.ts).
 * Nothing here is written to disk; a restart forgets every account.
 */
export function createMemoryMailboxService(): MailboxService {
  const accounts = new Map<string, Account>();
  // Held only so a later stage can be tested against this stand-in; never returned.
  const passwords = new Map<string, string>();
  const listeners = new Set<MailboxListener>();
  let settings: AppSettings = { notifyNewMail: true, protocolLogLines: 2000 };
  const noMail = (): never => {
    throw new MailwrightError('not-found', 'That message does not exist (any more); refresh the list.');
  };

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
    async updateAccount(accountId, next) {
      need(accountId);
      const account: Account = { ...structuredClone(next), id: accountId };
      accounts.set(accountId, account);
      emitAccounts();
      return structuredClone(account);
    },
    async setPop3Mode(accountId, mode) {
      const account = need(accountId);
      if (account.incoming.protocol !== 'pop3') {
        throw new MailwrightError('bad-input', 'This is not a POP3 account; only POP3 accounts have a mode.');
      }
      account.incoming.pop3 =
        mode === 'keep'
          ? { mode, leaveDays: null, deleteWhenDeletedLocally: false, headersOnlyOverBytes: null }
          : { mode, headersOnlyOverBytes: null };
      emitAccounts();
      return structuredClone(account);
    },
    async passwordStore() {
      return { kind: 'session' as const };
    },
    async testAccount(accountId) {
      need(accountId);
      return [];
    },
    async autoconfigure() {
      return {
        found: false,
        settings: null,
        candidates: [],
        notes: ['The stand-in service probes nothing.'],
      };
    },
    async syncNow() {
      return [];
    },
    async getMessage(ref) {
      need(ref.accountId);
      return noMail();
    },
    async getAttachment(ref) {
      need(ref.accountId);
      return noMail();
    },
    async downloadFull(ref) {
      need(ref.accountId);
      return noMail();
    },
    async setFlag(refs) {
      need(refs.accountId);
      return noMail();
    },
    async moveMessages(refs) {
      need(refs.accountId);
      noMail();
    },
    async deleteMessages(refs) {
      need(refs.accountId);
      noMail();
    },
    async send(accountId) {
      need(accountId);
      throw new MailwrightError('internal', 'The stand-in service sends nothing.');
    },
    async saveDraft(accountId) {
      need(accountId);
      throw new MailwrightError('internal', 'The stand-in service stores nothing.');
    },
    async listOutbox(accountId) {
      need(accountId);
      return [];
    },
    async retryOutbox(accountId) {
      need(accountId);
      return noMail();
    },
    async protocolLog(accountId) {
      need(accountId);
      return [];
    },
    async getSettings() {
      return { ...settings };
    },
    async setSettings(next) {
      settings = { ...next };
      return { ...settings };
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
