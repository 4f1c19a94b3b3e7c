/**
 * One IMAP session per sync context, reused across calls and serialised (SELECT state is
 * per session), with reconnect on network failure: the failed work is run again on a fresh
 * session, which is safe because every sync step resumes from what the cache holds.
 */
import { MailwrightError, toMailwrightError } from '../../model/errors';
import type { ImapClient } from '../client';
import { enable } from '../commands/enable';
import { DEFAULT_SYNC_SETTINGS, type SyncContext, type SyncSettings } from './types';

/** ENABLEd on every sync session when offered (RFC 7162), unless the settings say fewer. */
export const SYNC_EXTENSIONS = DEFAULT_SYNC_SETTINGS.extensions;

/** Whether this session may use CONDSTORE (offered, and not turned off in the settings). */
export function useCondstore(ctx: SyncContext, client: ImapClient): boolean {
  return settingsOf(ctx).extensions.includes('CONDSTORE') && client.has('CONDSTORE');
}

interface Slot {
  client: ImapClient | null;
  chain: Promise<unknown>;
}

const slots = new WeakMap<SyncContext, Slot>();

function slot(ctx: SyncContext): Slot {
  let s = slots.get(ctx);
  if (s === undefined) {
    s = { client: null, chain: Promise.resolve() };
    slots.set(ctx, s);
  }
  return s;
}

export function settingsOf(ctx: SyncContext): SyncSettings {
  return { ...DEFAULT_SYNC_SETTINGS, ...ctx.settings };
}

/** Failures a new session may cure. */
export function isTransient(e: MailwrightError): boolean {
  return e.kind === 'network' || e.kind === 'timeout';
}

async function live(ctx: SyncContext, s: Slot): Promise<ImapClient> {
  if (s.client !== null && s.client.state !== 'logout') return s.client;
  s.client = null;
  const client = await ctx.connect();
  if (client.state === 'not-authenticated') {
    client.destroy();
    throw new MailwrightError(
      'internal',
      'The sync was given a session that is not logged in; this is a bug in Mailwright.',
    );
  }
  const wanted = settingsOf(ctx).extensions;
  if (client.state === 'authenticated' && wanted.length > 0) await enable(client, wanted);
  s.client = client;
  return client;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The wait before reconnect number `attempt + 1`: 100 ms, doubling per attempt, at most 2 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(2_000, 100 * 2 ** Math.max(0, attempt));
}

/**
 * Runs `work` on this context's session, after any call already running on it. A network
 * or timeout failure drops the session and runs `work` again on a new one, up to
 * `maxReconnects` times, with a short back-off.
 */
export function withSession<T>(
  ctx: SyncContext,
  work: (client: ImapClient) => Promise<T>,
  options: { reconnects?: number } = {},
): Promise<T> {
  const s = slot(ctx);
  const run = s.chain.then(async () => {
    const maxReconnects = options.reconnects ?? settingsOf(ctx).maxReconnects;
    for (let attempt = 0; ; attempt++) {
      try {
        return await work(await live(ctx, s));
      } catch (e) {
        const err = toMailwrightError(e);
        if (!isTransient(err) || attempt >= maxReconnects) throw err;
        s.client?.destroy();
        s.client = null;
        await sleep(reconnectDelayMs(attempt));
      }
    }
  });
  s.chain = run.catch(() => undefined);
  return run;
}

/** Logs the context's session out (if any); the next call opens a new one. */
export async function closeSync(ctx: SyncContext): Promise<void> {
  const s = slot(ctx);
  await s.chain;
  const client = s.client;
  s.client = null;
  await client?.logout();
}
