/**
 * The accounts of one profile together with their passwords: the one object the mailbox
 * service holds. Settings go to the profile's settings.json (AccountStore), passwords to a
 * SecretStore (the OS keychain, or the per-process session store when no keychain answers).
 * Nothing returned from here carries a password except `password()`, which the service
 * calls just before it logs in.
 */
import type { Account, AccountId, AccountSettings } from '../model/account';
import { MailwrightError } from '../model/errors';
import { checkAccount, passwordRoles, type CheckOptions, type ServerCheck } from './check';
import { openSecretStore, type KeytarLike } from './secrets/keychain';
import type { SecretStore, ServerRole } from './secrets/secret-store';
import { AccountStore } from './settings/store';

export interface AccountsOptions {
  /** A ready store (tests, or a service that already chose); default: openSecretStore(). */
  secrets?: SecretStore;
  keytar?: KeytarLike;
}

export class Accounts {
  readonly store: AccountStore;
  readonly secrets: SecretStore;
  /** Why passwords live only for this session (no keychain), for the UI to say once. */
  readonly keychainProblem: MailwrightError | undefined;

  private constructor(store: AccountStore, secrets: SecretStore, problem: MailwrightError | undefined) {
    this.store = store;
    this.secrets = secrets;
    this.keychainProblem = problem;
  }

  static async open(profileDir: string, options: AccountsOptions = {}): Promise<Accounts> {
    const store = new AccountStore(profileDir);
    if (options.secrets !== undefined) return new Accounts(store, options.secrets, undefined);
    const opened = await openSecretStore(options.keytar === undefined ? {} : { keytar: options.keytar });
    return new Accounts(store, opened.store, opened.keychainProblem);
  }

  list(): Promise<Account[]> {
    return this.store.list();
  }

  get(id: AccountId): Promise<Account> {
    return this.store.get(id);
  }

  /**
   * Validates and saves the settings, then stores the password for every server that needs
   * one (the same password for all, as people usually have). If storing the password fails
   * the account is removed again, so no half-made account stays behind.
   */
  async add(settings: AccountSettings, password?: string): Promise<Account> {
    const account = await this.store.add(settings);
    if (password === undefined) return account;
    try {
      await this.setPassword(account.id, password);
    } catch (e) {
      await this.store.remove(account.id);
      throw e;
    }
    return account;
  }

  update(id: AccountId, settings: AccountSettings): Promise<Account> {
    return this.store.update(id, settings);
  }

  /** Removes the account and forgets its passwords. */
  async remove(id: AccountId): Promise<Account> {
    const account = await this.store.remove(id);
    await this.secrets.delete(id);
    return account;
  }

  /** Stores a password for one server, or for every server of the account that logs in. */
  async setPassword(id: AccountId, password: string, role?: ServerRole): Promise<void> {
    if (password === '')
      throw new MailwrightError('bad-input', 'The password is empty; enter the password for this account.');
    const account = await this.store.get(id);
    for (const r of role === undefined ? passwordRoles(account) : [role])
      await this.secrets.set(id, r, password);
  }

  /** The password for one server, or undefined: the service then asks the person. */
  password(id: AccountId, role: ServerRole): Promise<string | undefined> {
    return this.secrets.get(id, role);
  }

  /** Logs in to the account's servers with the stored passwords and leaves. */
  async test(id: AccountId, options: CheckOptions): Promise<ServerCheck[]> {
    const account = await this.store.get(id);
    return checkAccount(account, (role) => this.secrets.get(id, role), options);
  }
}
