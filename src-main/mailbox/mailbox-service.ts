/**
 * The mailbox service: the one orchestrator behind the Electron shell, the browser shell
 * and the CLI. It owns the profile's accounts (settings + keychain through accounts/), one
 * AccountRuntime per account (local folders, outbox, IMAP cache, sync), the protocol log,
 * and the events batcher every state event goes through.
 *
 * Passwords: read from the secret store just before a login, never returned, never in an
 * event (the protocol log is redacted by the net layer and fenced again here).
 */
import { mkdir, rm } from 'node:fs/promises';
import { Accounts } from '../accounts/accounts';
import { autoconfigure } from '../accounts/autoconfig/autoconfig';
import { completeFromAutoconfig, settingsFromDraft } from '../accounts/build';
import { lookupThrough } from '../accounts/dial';
import type { SecretStore } from '../accounts/secrets/secret-store';
import { Resolver, type Querier } from '../dns/resolver';
import type { Events, EventName } from '../ipc/contract';
import type { Account, AccountId, AccountSettings, AppSettings, AutoconfigProposal } from '../model';
import { MailwrightError } from '../model/errors';
import type { LookupFn } from '../net/types';
import { readAppSettings, writeAppSettings } from './app-settings';
import { loggedQuerier } from './dns-log';
import { createEventBatcher } from './events';
import { accountDir } from './layout';
import { ProtocolLog } from './protocol-log';
import { AccountRuntime } from './runtime';
import type { MailboxListener, MailboxService } from './service';
import { createRequests } from './requests';

export interface MailboxServiceOptions {
  /** The profile folder (MAILWRIGHT_HOME). */
  home: string;
  /** Where passwords live; default the OS keychain, or the session store when none answers. */
  secrets?: SecretStore;
  /**
   * Our DNS resolver for server names, MX (direct delivery) and autoconfig. Default: the
   * system's resolv.conf, or the file named by MAILWRIGHT_RESOLV_CONF in `env` (as the CLI).
   */
  resolver?: Querier;
  /** The environment the default resolver reads MAILWRIGHT_RESOLV_CONF from. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Name → addresses for logins; default through `resolver`. */
  lookup?: LookupFn;
  /** Interval sync, IMAP IDLE and outbox timers; the shells turn this on, tests mostly not. */
  background?: boolean;
  /** Connect and reply budget for each server. */
  timeoutMs?: number;
  /** The clock (the outbox's back-off). */
  now?: () => number;
  /** Events are coalesced within this window. Default 100 ms. */
  eventWindowMs?: number;
  /** Direct delivery's port (tests). */
  directPort?: number;
}

export interface MailboxServiceHandle extends MailboxService {
  /** Why passwords live only for this session (no keychain), when that is so. */
  readonly keychainProblem: MailwrightError | undefined;
  /** Sends pending events now (tests, shutdown). */
  flushEvents(): void;
  close(): Promise<void>;
}

export async function createMailboxService(o: MailboxServiceOptions): Promise<MailboxServiceHandle> {
  await mkdir(o.home, { recursive: true, mode: 0o700 });
  const accounts = await Accounts.open(o.home, o.secrets === undefined ? {} : { secrets: o.secrets });
  const resolvConfPath = o.env?.MAILWRIGHT_RESOLV_CONF;
  const resolver =
    o.resolver ??
    new Resolver({
      budgetMs: 8000,
      ...(resolvConfPath === undefined || resolvConfPath === '' ? {} : { resolvConfPath }),
    });
  const lookup = o.lookup ?? lookupThrough(resolver);
  const now = o.now ?? Date.now;
  let settings: AppSettings = await readAppSettings(o.home);

  const listeners = new Set<MailboxListener>();
  const batcher = createEventBatcher((event, payload) => {
    for (const l of listeners) l(event, payload as Events[typeof event]);
  }, o.eventWindowMs ?? 100);
  const emit = <E extends EventName>(event: E, payload: Events[E]) => batcher.emit(event, payload);

  /** Passwords used in this process, for the protocol log's second fence only. */
  const used = new Map<AccountId, Set<string>>();
  const log = new ProtocolLog(
    settings.protocolLogLines,
    (accountId, line) => emit('protocol-log', { accountId, lines: [line] }),
    (accountId) => [...(used.get(accountId) ?? [])],
  );

  async function password(account: Account, role: 'imap' | 'pop3' | 'smtp'): Promise<string> {
    const pw = await accounts.password(account.id, role);
    if (pw === undefined || pw === '') {
      throw new MailwrightError(
        'auth',
        `No password is known for the ${role.toUpperCase()} server of ${account.address}; enter it in the account settings.`,
        { code: 'NO_PASSWORD' },
      );
    }
    let set = used.get(account.id);
    if (set === undefined) used.set(account.id, (set = new Set()));
    set.add(pw);
    return pw;
  }

  const runtimes = new Map<AccountId, AccountRuntime>();
  function openRuntime(account: Account): Promise<AccountRuntime> {
    // This account's name lookups (and MX lookups for direct delivery) show in its inspector.
    const querier = loggedQuerier(resolver, log.sink(account.id, 'dns'));
    const accountLookup = o.lookup ?? lookupThrough(querier);
    return AccountRuntime.open(account, {
      home: o.home,
      emit,
      password,
      maybePassword: async (a, role) =>
        a.outgoing.kind === 'submission' && a.outgoing.server.auth === 'none' ? undefined : password(a, role),
      sender: {
        lookup: accountLookup,
        resolver: querier,
        ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
        ...(o.directPort === undefined ? {} : { directPort: o.directPort }),
      },
      transcript: (protocol) => log.sink(account.id, protocol),
      lookup: accountLookup,
      ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      now,
    });
  }
  for (const account of await accounts.list()) runtimes.set(account.id, await openRuntime(account));
  if (o.background === true) for (const r of runtimes.values()) r.startBackground();

  function runtime(accountId: AccountId): AccountRuntime {
    const r = runtimes.get(accountId);
    if (r === undefined) {
      throw new MailwrightError(
        'not-found',
        'That account does not exist (any more); reload the account list.',
      );
    }
    return r;
  }

  async function emitAccounts(): Promise<void> {
    emit('accounts-changed', { accounts: await accounts.list() });
  }

  async function update(accountId: AccountId, next: AccountSettings): Promise<Account> {
    const r = runtime(accountId);
    const before = r.account;
    const account = await accounts.update(accountId, next);
    if (before.incoming.protocol !== account.incoming.protocol) {
      // IMAP ↔ POP3: a different kind of store; start this account's runtime afresh.
      await r.close();
      const fresh = await openRuntime(account);
      runtimes.set(accountId, fresh);
      if (o.background === true) fresh.startBackground();
    } else await r.update(account);
    await emitAccounts();
    return account;
  }

  const requests = createRequests(runtime);

  const service: MailboxServiceHandle = {
    ...requests,
    get keychainProblem() {
      return accounts.keychainProblem;
    },
    listAccounts: () => accounts.list(),
    async addAccount(next, pw) {
      const account = await accounts.add(next, pw);
      const r = await openRuntime(account);
      runtimes.set(account.id, r);
      await emitAccounts();
      emit('folders-changed', { accountId: account.id, folders: r.folders() });
      if (o.background === true) r.startBackground();
      return account;
    },
    updateAccount: update,
    async removeAccount(accountId) {
      const r = runtime(accountId);
      runtimes.delete(accountId);
      await r.close();
      await accounts.remove(accountId);
      await rm(accountDir(o.home, accountId), { recursive: true, force: true });
      log.forget(accountId);
      used.delete(accountId);
      await emitAccounts();
    },
    async setPassword(accountId, pw) {
      const r = runtime(accountId);
      await accounts.setPassword(accountId, pw);
      r.kick(); // a sync that failed for want of this password may go now
    },
    async passwordStore() {
      const problem = accounts.keychainProblem;
      return { kind: accounts.secrets.kind, ...(problem === undefined ? {} : { problem: problem.toJSON() }) };
    },
    async testAccount(accountId) {
      runtime(accountId);
      return accounts.test(accountId, {
        lookup,
        ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      });
    },
    async autoconfigure(address, extraCaPem) {
      const found = await autoconfigure(address, {
        resolver,
        lookup,
        ...(extraCaPem === undefined ? {} : { ca: extraCaPem }),
      });
      return proposal(address, found, extraCaPem);
    },
    async setPop3Mode(accountId, mode) {
      const account = runtime(accountId).account;
      if (account.incoming.protocol !== 'pop3') {
        throw new MailwrightError('bad-input', 'This is not a POP3 account; only POP3 accounts have a mode.');
      }
      const was = account.incoming.pop3;
      const pop3: typeof was =
        mode === 'keep'
          ? {
              mode,
              leaveDays: was.mode === 'keep' ? was.leaveDays : null,
              deleteWhenDeletedLocally: was.mode === 'keep' ? was.deleteWhenDeletedLocally : false,
              headersOnlyOverBytes: was.headersOnlyOverBytes,
            }
          : { mode, headersOnlyOverBytes: was.headersOnlyOverBytes };
      const { id: _id, ...settingsOnly } = account;
      return update(accountId, { ...settingsOnly, incoming: { ...account.incoming, pop3 } });
    },
    async syncNow(accountId) {
      const targets = accountId === undefined ? [...runtimes.values()] : [runtime(accountId)];
      const out = await Promise.all(targets.map((r) => r.sync({ outboxNow: true })));
      batcher.flush();
      return out;
    },
    async protocolLog(accountId) {
      runtime(accountId);
      return log.lines(accountId);
    },
    async getSettings() {
      return { ...settings };
    },
    async setSettings(next) {
      await writeAppSettings(o.home, next);
      settings = { ...next };
      log.setCapacity(settings.protocolLogLines);
      return { ...settings };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flushEvents: () => batcher.flush(),
    async close() {
      for (const r of runtimes.values()) await r.close();
      runtimes.clear();
      batcher.close();
    },
  };
  return service;
}

function proposal(
  address: string,
  result: Awaited<ReturnType<typeof autoconfigure>>,
  extraCaPem: string | undefined,
): AutoconfigProposal {
  let settings: AccountSettings | null = null;
  if (result.found) {
    try {
      settings = settingsFromDraft(completeFromAutoconfig({ address, extraCaPem }, result));
    } catch {
      settings = null; // e.g. the best server offers no TLS: the person enters it by hand
    }
  }
  return {
    found: settings !== null,
    settings,
    candidates: result.candidates.map((c) => ({
      protocol: c.protocol,
      host: c.host,
      port: c.port,
      security: c.security,
      reason: c.reason,
      ok: c.status === 'ok',
      ...(c.note === undefined ? {} : { note: c.note }),
      ...(c.error === undefined ? {} : { error: c.error }),
    })),
    notes: result.notes,
  };
}
