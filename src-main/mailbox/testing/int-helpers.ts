/**
 * Helpers shared by the mailbox service's integration tests (real servers from e2e/servers):
 * a profile in a temporary folder, the service with the session secret store and our
 * resolver on the test DNS, events collected in order, and the password sweep.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { serverEnv, type UserName } from '../../../e2e/servers/env';
import { SessionSecretStore } from '../../accounts/secrets/secret-store';
import { parseEndpoint } from '../../dns/endpoint';
import { Resolver } from '../../dns/resolver';
import { REDACTED } from '../../net/redact';
import type { EventName, Events } from '../../ipc/contract';
import type { AccountSettings } from '../../model';
import {
  createMailboxService,
  type MailboxServiceHandle,
  type MailboxServiceOptions,
} from '../mailbox-service';

export const env = serverEnv();

export interface Harness {
  home: string;
  service: MailboxServiceHandle;
  events: { event: EventName; payload: Events[EventName] }[];
  seen<E extends EventName>(name: E): Events[E][];
  close(): Promise<void>;
}

export function testResolver(): Resolver {
  return new Resolver({
    servers: [parseEndpoint(`${env.dns.recursive}:${env.dns.port}`)],
    timeoutMs: 2000,
    attempts: 2,
    budgetMs: 8000,
  });
}

export async function openHarness(over: Partial<MailboxServiceOptions> = {}): Promise<Harness> {
  const home = await mkdtemp(join(tmpdir(), 'mw-mailbox-int-'));
  // `secrets: undefined` in `over` asks for the default store (the OS keychain).
  const secrets = 'secrets' in over ? over.secrets : new SessionSecretStore();
  const service = await createMailboxService({
    home,
    resolver: testResolver(),
    timeoutMs: 15_000,
    eventWindowMs: 20,
    ...over,
    ...(secrets === undefined ? {} : { secrets }),
  });
  const events: Harness['events'] = [];
  service.subscribe((event, payload) => events.push({ event, payload }));
  return {
    home,
    service,
    events,
    seen: <E extends EventName>(name: E) =>
      events.filter((e) => e.event === name).map((e) => e.payload as Events[E]),
    async close() {
      await service.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Account settings for a test user on the real servers, by name (resolved through the test DNS). */
export function testAccount(
  user: UserName,
  incoming: 'imap' | 'pop3',
  smtpPort: number = env.mail.submission,
): AccountSettings {
  const address = env.users[user].user;
  const base = { host: env.mail.hostname, user: address, auth: 'auto' as const };
  return {
    address,
    displayName: `Test ${user}`,
    incoming:
      incoming === 'imap'
        ? { protocol: 'imap', server: { ...base, port: env.mail.imaps, security: 'implicit' } }
        : {
            protocol: 'pop3',
            server: { ...base, port: env.mail.pop3s, security: 'implicit' },
            pop3: {
              mode: 'keep',
              leaveDays: null,
              deleteWhenDeletedLocally: false,
              headersOnlyOverBytes: null,
            },
          },
    outgoing: { kind: 'submission', server: { ...base, port: smtpPort, security: 'starttls' } },
    syncIntervalMinutes: 0,
    extraCaPem: env.caPem,
  };
}

/** Every regular file under a folder (bounded: a test profile holds a few hundred). */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  }
  expect(out.length).toBeLessThan(5000);
  return out;
}

/**
 * What a password looks like on its way to a server: as typed, base64 (AUTH LOGIN), and in
 * the SASL PLAIN message of each account's login name (no authzid, RFC 4616).
 */
function secretForms(passwords: readonly string[], users: readonly string[]): string[] {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return passwords.flatMap((pw) => [pw, b64(pw), ...users.map((u) => b64(`\0${u}\0${pw}`))]);
}

/**
 * No password, in any form a login sends it, in any file of the profile, in any event so
 * far, or in any protocol log; and each log that saw a login shows it redacted (so the
 * absence is the redaction's work, not a log that recorded nothing).
 */
export async function expectNoPasswordAnywhere(h: Harness, passwords: string[]): Promise<void> {
  h.service.flushEvents();
  const accounts = await h.service.listAccounts();
  const users = accounts.flatMap((a) => [
    a.incoming.server.user,
    ...(a.outgoing.kind === 'submission' ? [a.outgoing.server.user] : []),
  ]);
  const forms = secretForms(passwords, users);
  const files = await filesUnder(h.home);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const bytes = await readFile(file);
    for (const f of forms) expect(bytes.includes(f), `${file} holds a password`).toBe(false);
  }
  const all = JSON.stringify(h.events);
  expect(all.length).toBeGreaterThan(2);
  for (const f of forms) expect(all.includes(f), 'an event holds a password').toBe(false);
  for (const a of accounts) {
    const lines = await h.service.protocolLog(a.id);
    const log = JSON.stringify(lines);
    for (const f of forms) expect(log.includes(f), 'the protocol log holds a password').toBe(false);
    const loggedIn = lines.some((l) => l.direction === 'server' && /^\S+ OK|^\+OK|^235 /i.test(l.text));
    if (loggedIn) expect(log).toContain(REDACTED);
  }
}

/** Waits (bounded: 60 tries, 250 ms apart) until `check` holds; returns its last value. */
export async function eventually<T>(get: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  let v = await get();
  for (let i = 0; i < 60 && !check(v); i++) {
    await new Promise((r) => setTimeout(r, 250));
    v = await get();
  }
  return v;
}
