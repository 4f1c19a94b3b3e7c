/**
 * Bodies: on demand (fetchBody), or all of a folder's for offline use. A body is written
 * to the folder's Maildir (fsync) and indexed before it counts as cached.
 */
import { MailwrightError } from '../../model/errors';
import type { ImapClient } from '../client';
import { uidFetch } from '../commands/fetch';
import { select } from '../commands/select';
import { sequenceSet } from '../sequence-set';
import { announce, progress } from './announce';
import { withSession } from './session';
import type { SyncContext, SyncHandlers } from './types';

/**
 * Body FETCHes are cut by size (the sizes are known from the headers), so a batch of big
 * messages does not sit in memory at once and a batch of small ones is not a round trip
 * each; a few batches stay in flight, so the server streams while we write.
 */
const BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_MAX = 200;
const BODY_WINDOW = 3;

/** Groups UIDs (in the given order) into batches of at most BATCH_BYTES / BATCH_MAX. Pure. */
export function sizeBatches(
  items: readonly { uid: number; size: number }[],
  maxBytes = BATCH_BYTES,
  maxCount = BATCH_MAX,
): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const { uid, size } of items) {
    if (current.length > 0 && (bytes + size > maxBytes || current.length >= maxCount)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(uid);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

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
  if (uid < 0) {
    // A placeholder (a move or append the server has not confirmed) whose body was never cached.
    throw new MailwrightError(
      'not-found',
      'This message is not on the server yet; try again after the next sync.',
      {
        code: 'IMAP_NOT_YET',
      },
    );
  }
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
  const batches = sizeBatches(uids.map((uid) => ({ uid, size: ctx.store.message(folder, uid)?.size ?? 0 })));
  const fetchBatch = (b: number[]): ReturnType<typeof uidFetch> =>
    uidFetch(client, sequenceSet(b), ['BODY.PEEK[]']);
  let done = 0;
  let bytes = 0;
  progress(ctx, h, 'fetching-bodies', 0, uids.length, 0);
  const inFlight: ReturnType<typeof fetchBatch>[] = [];
  let next = 0;
  while (next < batches.length && inFlight.length < BODY_WINDOW) inFlight.push(fetchBatch(batches[next++]!));
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
