import type { Maildir, MaildirEntry, StagedMessage } from '../../store/maildir/maildir';
import { uniqueName } from '../../store/maildir/names';
import type { Pop3Client } from '../client';
import { retrieveRefused } from '../errors';
import { deleteAndQuit, repairIntents } from './commit';
import type { Ledger, LedgerRow } from './ledger';
import { listServer, noIdsError, type ServerMessage } from './listing';
import { fetchDeleteWithoutIds } from './without-ids';

export { serverMessages, type ServerMessage } from './listing';

/**
 * One POP3 fetch in either mode (the issue's promise: no message is ever lost, none is
 * stored twice, whatever the network does).
 *
 * Order of durable steps for each new message:
 *   1. ledger row `storing` with the Maildir name chosen beforehand (committed, fsynced)
 *   2. the message written to tmp/, fsynced, renamed into new/, directory fsynced
 *      (in batches of a few messages: one journal commit covers many)
 *   3. ledger row `kept` (keep mode) or `delete-pending` (delete mode)
 * Only then may DELE be sent, and QUIT (RFC 1939's UPDATE state) is the commit point: rows
 * become `deleted` after QUIT's +OK. A crash or cut anywhere leaves a state the next fetch
 * repairs: a `storing` row is promoted if its file exists, dropped otherwise (so the message
 * is downloaded again, once); a `delete-pending` row still on the server is deleted then.
 */

export type FetchMode = 'keep' | 'delete';

export interface FetchProgress {
  phase: 'download' | 'delete';
  /** Messages done in this phase, and how many the phase has. */
  done: number;
  total: number;
  /** Bytes downloaded so far and the sum of the LIST sizes to download. */
  bytes: number;
  totalBytes: number;
}

export interface FetchOptions {
  mode: FetchMode;
  maildir: Maildir;
  ledger: Ledger;
  /** Keep mode: DELE messages first downloaded this many days ago (or more). */
  deleteAfterDays?: number;
  /** DELE messages whose local copy was deleted (keep mode), instead of keeping them. */
  deleteWhenDeletedLocally?: boolean;
  /**
   * Other Maildirs a stored message may have been moved to. A move keeps the file's name, so
   * the message is found there: it counts as stored (not as deleted locally) and is never
   * downloaded again.
   */
  storedElsewhere?: readonly Maildir[];
  /** Messages larger than this (LIST size, bytes) are stored as headers only (TOP n 0). */
  headersOnlyOver?: number;
  onProgress?: (p: FetchProgress) => void;
  /** Called after each message is durably stored (e.g. to index it). */
  onStored?: (entry: MaildirEntry, bytes: Buffer, uid: string) => void | Promise<void>;
  /** The clock, for deleteAfterDays. */
  now?: () => number;
}

export interface FetchResult {
  downloaded: number;
  deletedOnServer: number;
  alreadyHad: number;
  /** Of `downloaded`, how many were stored as headers only. */
  headersOnly: number;
  /** True when the server had no UIDL and ids came from TOP fingerprints. */
  usedFingerprints: boolean;
  /** Messages on the server when the session began. */
  onServer: number;
}

const DAY_MS = 86_400_000;
/**
 * Group-commit limits: how many messages, or bytes, are synced to disk together. A batch
 * costs a few journal commits (the files, the directory, the ledger row) whatever its size;
 * a crash loses at most one batch's work, which the next fetch downloads again (bench/pop3:
 * 64 beat 16 by about a tenth of the fetch time).
 */
const BATCH_MESSAGES = 64;
const BATCH_BYTES = 8 * 1024 * 1024;

/** The header added to a headers-only copy, so a person (and mutt) can tell it is partial. */
function partialHeader(size: number): Buffer {
  return Buffer.from(`X-Mailwright-Partial: headers only; full size ${size} bytes on the POP3 server\r\n`);
}

/** Runs one fetch session on a logged-in client, ending with QUIT (or abort on failure). */
export async function fetchMail(client: Pop3Client, opts: FetchOptions): Promise<FetchResult> {
  try {
    return await fetchInSession(client, opts);
  } catch (e) {
    // No QUIT: the server must not commit anything of a session that went wrong.
    client.abort();
    throw e;
  }
}

async function fetchInSession(client: Pop3Client, opts: FetchOptions): Promise<FetchResult> {
  const { ledger, maildir, mode } = opts;
  const now = opts.now ?? Date.now;
  const listing = await listServer(client);
  // Repair what an earlier crash or cut left behind.
  const present = new Set<string>();
  for (const md of [maildir, ...(opts.storedElsewhere ?? [])]) {
    for (const e of await md.list()) present.add(e.id);
  }
  repairIntents(ledger, present);
  if (listing.ids === 'none') {
    if (mode === 'keep') throw noIdsError();
    return fetchDeleteWithoutIds(client, opts, listing.list, present);
  }
  const { messages } = listing;
  const fingerprints = listing.ids === 'top';
  const onServer = new Set(messages.map((m) => m.uid));
  // Not on the server any more: an earlier QUIT committed even if we never saw its +OK.
  const gone = [...ledger.all().values()]
    .filter((row) => row.state !== 'deleted' && !onServer.has(row.uid))
    .map((row) => row.uid);
  ledger.setState(gone, 'deleted');
  const ledgerNow = ledger.all();
  /**
   * The row that speaks for this message, if any. A fingerprint (Message-ID, Date, size) can
   * come back on a different message later, unlike a UIDL (RFC 1939 §7 forbids reuse): a
   * fingerprint row whose message the server has deleted stands for nothing any more, so a
   * message that matches it is new and is downloaded (never deleted unseen).
   */
  const known = (uid: string): LedgerRow | undefined => {
    const row = ledgerNow.get(uid);
    return row !== undefined && fingerprints && row.state === 'deleted' ? undefined : row;
  };

  const toDownload: ServerMessage[] = [];
  const toDelete: ServerMessage[] = [];
  const backToKept: string[] = [];
  let alreadyHad = 0;
  for (const m of messages) {
    const row = known(m.uid);
    if (row === undefined) {
      toDownload.push(m);
      continue;
    }
    const storedHere = present.has(row.maildirId);
    if (mode === 'delete') {
      if (row.headersOnly && (opts.headersOnlyOver === undefined || m.size <= opts.headersOnlyOver)) {
        // Only the headers are here; now the whole message may come, and then go.
        toDownload.push(m);
      } else if (row.headersOnly) {
        alreadyHad += 1; // never delete what we hold only partly
      } else if (storedHere || opts.deleteWhenDeletedLocally === true) {
        alreadyHad += 1;
        toDelete.push(m);
      } else {
        // Stored once, but the copy is gone and nobody asked for that to delete it:
        // store it again before the server may drop it.
        toDownload.push(m);
      }
      continue;
    }
    alreadyHad += 1;
    if (row.state === 'delete-pending') backToKept.push(m.uid);
    if (row.headersOnly) continue;
    const locallyDeleted = !storedHere && opts.deleteWhenDeletedLocally === true;
    const aged =
      storedHere &&
      opts.deleteAfterDays !== undefined &&
      now() - row.firstSeen >= opts.deleteAfterDays * DAY_MS;
    if (locallyDeleted || aged) toDelete.push(m);
  }
  // Switching delete → keep: what a cut session left pending stays on the server after all.
  ledger.setState(backToKept, 'kept');

  // Download. Intent rows for every message first (one durable commit), then the messages
  // in batches: staged in tmp/, fsynced together, renamed, the directory fsynced, and only
  // then their rows say kept / delete-pending (group commit: a few fsyncs per batch, not four
  // per message, with the same guarantee).
  const totalBytes = toDownload.reduce((s, m) => s + m.size, 0);
  const isPartial = (m: ServerMessage) => opts.headersOnlyOver !== undefined && m.size > opts.headersOnlyOver;
  const intents = toDownload.map((m): LedgerRow => ({
    uid: m.uid,
    state: 'storing',
    firstSeen: known(m.uid)?.firstSeen ?? now(),
    maildirId: uniqueName(),
    size: m.size,
    headersOnly: isPartial(m),
  }));
  ledger.putMany(intents);
  let bytes = 0;
  let headersOnly = 0;
  let done = 0;
  let batch: { i: number; staging: Promise<StagedMessage>; content: Buffer }[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    batchBytes = 0;
    const entries = await maildir.commit(await stagedAll(maildir, current));
    const rows = current.map(({ i }) => {
      const row = intents[i] as LedgerRow;
      return {
        ...row,
        state: mode === 'delete' && !row.headersOnly ? 'delete-pending' : 'kept',
      } as LedgerRow;
    });
    ledger.putMany(rows);
    for (const [k, { i, content }] of current.entries()) {
      const m = toDownload[i] as ServerMessage;
      const row = rows[k] as LedgerRow;
      const previous = known(m.uid);
      // A headers-only copy replaced by the whole message: the partial file goes.
      if (previous?.headersOnly === true && !row.headersOnly && present.has(previous.maildirId)) {
        await maildir.delete(previous.maildirId).catch(() => undefined);
      }
      if (row.state === 'delete-pending') toDelete.push(m);
      if (row.headersOnly) headersOnly += 1;
      bytes += m.size;
      done += 1;
      await opts.onStored?.(entries[k] as MaildirEntry, content, m.uid);
      opts.onProgress?.({ phase: 'download', done, total: toDownload.length, bytes, totalBytes });
    }
  };
  // One batch is synced while the next is read from the network; flushes stay in order.
  let inflight: Promise<void> = Promise.resolve();
  const flushBehind = async () => {
    await inflight; // a failed flush surfaces here, before more is read
    inflight = flush();
    // Marked as handled now; whoever awaits `inflight` next still sees a failure.
    inflight.catch(() => undefined);
  };
  try {
    await client.pipeline(
      toDownload.map((m) => ({
        line: isPartial(m) ? `TOP ${m.n} 0` : `RETR ${m.n}`,
        shape: 'multi' as const,
      })),
      async (r, i) => {
        const m = toDownload[i] as ServerMessage;
        if (!r.status.ok || r.body === undefined) {
          throw retrieveRefused(m.n, r.status);
        }
        const content = isPartial(m) ? Buffer.concat([partialHeader(m.size), r.body]) : r.body;
        // Written to tmp/ while the next message is read; the flush waits for the writes.
        const staging = maildir.stage(content, { id: (intents[i] as LedgerRow).maildirId });
        staging.catch(() => undefined); // handled where the batch is flushed or discarded
        batch.push({ i, staging, content });
        batchBytes += content.length;
        if (batch.length >= BATCH_MESSAGES || batchBytes >= BATCH_BYTES) await flushBehind();
      },
    );
    await inflight;
    await flush();
  } catch (e) {
    await inflight.catch(() => undefined);
    // Not committed: these never become visible, and their intents are dropped next time.
    await maildir.discard(await stagedAll(maildir, batch).catch(() => []));
    throw e;
  }

  const deletedOnServer = await deleteAndQuit(client, ledger, toDelete, (d, total) =>
    opts.onProgress?.({ phase: 'delete', done: d, total, bytes, totalBytes }),
  );
  return {
    downloaded: toDownload.length,
    deletedOnServer,
    alreadyHad,
    headersOnly,
    usedFingerprints: fingerprints,
    onServer: messages.length,
  };
}

/**
 * The staged files of a batch once all their writes have finished. When one write failed, the
 * others are discarded (they would never become visible) and that failure is thrown.
 */
async function stagedAll(
  maildir: Maildir,
  batch: readonly { staging: Promise<StagedMessage> }[],
): Promise<StagedMessage[]> {
  const settled = await Promise.allSettled(batch.map((b) => b.staging));
  const staged = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed !== undefined) {
    await maildir.discard(staged);
    throw failed.reason;
  }
  return staged;
}
