/**
 * IMAP offline sync: the mailbox service's one door to an IMAP account's local cache.
 *
 * ## API (for src-main/mailbox/)
 *
 * ```ts
 * const store = SyncStore.open(join(profile, 'imap', accountId));   // one per account, kept open
 * // connect: a fresh logged-in session; the engine ENABLEs CONDSTORE/QRESYNC itself.
 * const ctx: SyncContext = { accountId, store, connect: () => connectImap({ host, tls, user, password, ... }), settings };
 *
 * await syncAccount(ctx, { onProgress, onChange });  // folders, then each folder; replays the queue first
 * await syncFolder(ctx, 'INBOX', { onProgress, onChange });
 * store.folders(accountId);                          // Folder[] tree (model), counts included
 * store.page(accountId, 'INBOX', offset, limit);     // MessagePage, newest first, from the cache only
 * await fetchBody(ctx, 'INBOX', uid);                // raw bytes: from the cache, else fetched and cached
 * await applyAction(ctx, { kind: 'flag', folder, uids, add: ['\\Seen'], remove: [] }, { onChange });
 * await replayQueue(ctx);                            // after a reconnect or a restart
 * store.queue.queued();                              // local actions still waiting for the server
 * await appendToSent(ctx, raw);                      // a sent message → the special-use Sent folder
 * await closeSync(ctx);                              // logs the cached session out
 * await searchFolderOnServer(ctx, 'INBOX', ['word']); // UIDs whose headers or body hold every word
 * ```
 *
 * - Sync order per folder: SELECT; UIDVALIDITY changed → the folder's cache is dropped and
 *   rebuilt; new messages by UID range, headers (UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE)
 *   newest first in batches of `batchSize`, each batch stored and announced (onChange
 *   `added`) before the next is awaited; flag changes with CONDSTORE CHANGEDSINCE, else a
 *   full FLAGS refresh; expunges with QRESYNC VANISHED, else a UID SEARCH diff. The
 *   folder's state (uidvalidity, uidnext, highestmodseq) is saved only once all of that is
 *   stored, so an interrupted sync resumes with no holes; rows are keyed by UID, so no
 *   duplicates either.
 * - A network failure mid-sync reconnects (ctx.connect) up to `maxReconnects` times and
 *   resumes where the cache stands. Other errors are thrown as MailwrightError.
 * - Local actions change the store at once (onChange fires), are written to SQLite before
 *   the call returns, and are sent by replayQueue (applyAction tries once right away when
 *   a session can be had; failure leaves the action queued, never lost). Replay is
 *   idempotent: STORE +/-FLAGS and MOVE of a UID already gone are no-ops, and an APPEND
 *   interrupted after sending is looked up by Message-ID before it is sent again.
 * - Message ids (MessageSummary.id) are `imap:<uidvalidity>:<uid>:<folder>`; parseMessageId
 *   turns one back into {folder, uid}. A move or append not yet confirmed by the server shows
 *   as a placeholder row with a negative UID (source {protocol: 'local'}, id `imap:0:-N:...`);
 *   replay swaps it for the server's UID (COPYUID/APPENDUID) with an onChange diff.
 * - settings (SyncSettings): deleteMode 'trash' | 'expunge', downloadBodies, batchSize,
 *   maxReconnects, extensions. syncAccount skips (and reports in `skipped`) a folder the
 *   server refuses to open; an action the server refuses for good is dropped (ReplayReport
 *   `failed`) and the next sync restores the server's truth.
 * - Calls on one ctx are serialised (one IMAP session per account context).
 */
export * from './types';
export { SyncStore } from './store';
export { messageIdOf, parseMessageId } from './summary';
export { syncAccount, syncFolder, SYNC_EXTENSIONS } from './engine';
export { fetchBody } from './bodies';
export { applyAction, replayQueue, appendToSent } from './actions';
export { closeSync } from './session';
export { searchFolderOnServer, type ServerSearchOptions } from './search';
