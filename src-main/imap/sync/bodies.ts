/**
 * Bodies: on demand (fetchBody), or all of a folder's for offline use. A body is written
 * to the folder's Maildir (fsync) and indexed before it counts as cached.
 */
import { MailwrightError } from '../../model/errors';
import type { ImapClient } from '../client';
import { uidFetch } from '../commands/fetch';
import { select } from '../commands/select';
import { announce, progress } from './announce';
import { withSession } from './session';
import type { SyncContext, SyncHandlers } from './types';

/** Messages per body FETCH; two in flight, so the server streams while we write. */
const BODY_BATCH = 25;

function bodyOf(attributes: { sections?: { section: string; data: Buffer | null }[] }): Buffer | null {
  const whole = attributes.sections?.find((s) => s.section === '');
  return whole?.data ?? null;
}

async function ensureSelected(client: ImapClient, folder: string): Promise<void> {
  if (client.state !== 'selected' || client.mailbox?.name !== folder) await select(client, folder);
}

/** The raw message: from the cache, else fetched (BODY.PEEK[], so \Seen is untouched) and cached. */
export async function fetchBody(ctx: SyncContext, folder: string, uid: number): Promise<Buffer> {
  const cached = await ctx.store.readBody(folder, uid);
  if (cached !== null) return cached;
  return withSession(ctx, async (client) => {
    await ensureSelected(client, folder);
    const [m] = await uidFetch(client, String(uid), ['BODY.PEEK[]']);
    const body = m === undefined ? null : bodyOf(m.attributes);
    if (body === null) {
      throw new MailwrightError(
        'not-found',
        `Message ${uid} is no longer in "${folder}"; refresh the folder.`,
        {
          code: 'IMAP_NO_MESSAGE',
        },
      );
    }
    await ctx.store.storeBody(folder, uid, body);
    const row = ctx.store.message(folder, uid);
    if (row !== undefined) announce(ctx, {}, folder, { updated: [row] });
    return body;
  });
}

/** Downloads every body of the folder not cached yet, newest first, in pipelined batches. */
export async function downloadBodiesOn(
  ctx: SyncContext,
  client: ImapClient,
  folder: string,
  h: SyncHandlers,
): Promise<number> {
  const uids = ctx.store.withoutBody(folder);
  if (uids.length === 0) return 0;
  await ensureSelected(client, folder);
  const batches: number[][] = [];
  for (let i = 0; i < uids.length; i += BODY_BATCH) batches.push(uids.slice(i, i + BODY_BATCH));
  const fetchBatch = (b: number[]): ReturnType<typeof uidFetch> =>
    uidFetch(client, b.join(','), ['BODY.PEEK[]']);
  let done = 0;
  let bytes = 0;
  progress(ctx, h, 'fetching-bodies', 0, uids.length, 0);
  const inFlight = batches.length > 0 ? [fetchBatch(batches[0]!)] : [];
  let next = 1;
  try {
    while (inFlight.length > 0) {
      const fetched = await inFlight.shift()!;
      if (next < batches.length) inFlight.push(fetchBatch(batches[next++]!));
      const updated = [];
      for (const f of fetched) {
        const body = bodyOf(f.attributes);
        if (body === null) continue;
        await ctx.store.storeBody(folder, f.uid, body);
        const row = ctx.store.message(folder, f.uid);
        if (row !== undefined) updated.push(row);
        done += 1;
        bytes += body.length;
      }
      announce(ctx, h, folder, { updated });
      progress(ctx, h, 'fetching-bodies', done, uids.length, bytes);
    }
  } finally {
    for (const p of inFlight) p.catch(() => undefined);
  }
  return done;
}
