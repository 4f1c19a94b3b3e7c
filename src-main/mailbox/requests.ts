/**
 * The per-message requests (folders, pages, one message, flag, move, delete, send, save
 * draft, the outbox), each routed to the account's IMAP cache or its local folders.
 * Every change is announced as a list diff plus the folders' counts.
 */
import type { AccountId, MessageRefs } from '../model';
import { MailwrightError } from '../model/errors';
import { imapDelete, imapFlag, imapMove, imapPage, imapRaw, imapSaveDraft, imapSummary } from './imap-side';
import { attachmentContent, messageDetail } from './message-detail';
import type { AccountRuntime } from './runtime';
import { serverHits } from './server-search';
import type { MailboxService } from './service';

type Requests = Pick<
  MailboxService,
  | 'listFolders'
  | 'pageMessages'
  | 'getMessage'
  | 'getAttachment'
  | 'downloadFull'
  | 'setFlag'
  | 'moveMessages'
  | 'deleteMessages'
  | 'send'
  | 'saveDraft'
  | 'listOutbox'
  | 'retryOutbox'
>;

export function createRequests(runtime: (id: AccountId) => AccountRuntime): Requests {
  async function raw(r: AccountRuntime, folder: string, id: string): Promise<Buffer> {
    return r.imap !== undefined ? imapRaw(r.imap, folder, id) : r.mail.read(folder, id);
  }
  function summary(r: AccountRuntime, folder: string, id: string) {
    return r.imap !== undefined ? imapSummary(r.imap, folder, id) : r.mail.summary(folder, id);
  }

  /** POP3 and local folders: move (or delete) and announce both folders. */
  async function localMove(r: AccountRuntime, refs: MessageRefs, to: string): Promise<void> {
    const moved = await r.mail.move(refs.folder, refs.ids, to);
    r.announce({ accountId: r.id, folder: refs.folder, added: [], updated: [], removed: [...refs.ids] });
    if (moved.length > 0) r.announce({ accountId: r.id, folder: to, added: moved, updated: [], removed: [] });
  }

  return {
    async listFolders(accountId) {
      return runtime(accountId).folders();
    },
    async pageMessages(req) {
      const r = runtime(req.accountId);
      if (r.imap === undefined) return r.mail.page(req);
      // A search also asks the server (bodies never opened are only there); without an
      // answer in time the page holds local results and says so.
      const search = req.search ?? '';
      const server =
        search.trim() !== '' ? await serverHits(r.imap, req.folder, search, { reuse: req.offset > 0 }) : null;
      return imapPage(r.imap, req, server);
    },
    async getMessage(ref) {
      const r = runtime(ref.accountId);
      const bytes = await raw(r, ref.folder, ref.id);
      return messageDetail(summary(r, ref.folder, ref.id), bytes);
    },
    async getAttachment(ref, index) {
      const r = runtime(ref.accountId);
      return attachmentContent(await raw(r, ref.folder, ref.id), index);
    },
    async downloadFull(ref) {
      const r = runtime(ref.accountId);
      if (r.imap !== undefined) return imapSummary(r.imap, ref.folder, ref.id); // IMAP bodies come on demand anyway
      return r.downloadFull(ref.folder, ref.id);
    },
    async setFlag(refs, flag, value) {
      const r = runtime(refs.accountId);
      if (r.imap !== undefined) return imapFlag(r.imap, refs.folder, refs.ids, flag, value, r.handlers());
      const updated = await r.mail.setFlag(refs.folder, refs.ids, flag, value);
      r.announce({ accountId: r.id, folder: refs.folder, added: [], updated, removed: [] });
      return updated;
    },
    async moveMessages(refs, to) {
      const r = runtime(refs.accountId);
      if (r.imap !== undefined) return imapMove(r.imap, refs.folder, refs.ids, to, r.handlers());
      if (!r.folderPaths().includes(to)) {
        throw new MailwrightError('not-found', `There is no folder "${to}" to move to; reload the folders.`);
      }
      await localMove(r, refs, to);
    },
    async deleteMessages(refs) {
      const r = runtime(refs.accountId);
      if (r.imap !== undefined) return imapDelete(r.imap, refs.folder, refs.ids, r.handlers());
      // Local folders: to Trash first; from Trash, for good. (A POP3 account in keep mode with
      // "delete on the server when deleted locally" then deletes it there on the next fetch.)
      if (refs.folder !== 'Trash') return localMove(r, refs, 'Trash');
      await r.mail.remove(refs.folder, refs.ids);
      r.announce({ accountId: r.id, folder: refs.folder, added: [], updated: [], removed: [...refs.ids] });
    },
    async send(accountId, draft) {
      return runtime(accountId).send(draft);
    },
    async saveDraft(accountId, draft) {
      const r = runtime(accountId);
      const composed = await r.compose(draft);
      if (r.imap !== undefined) return imapSaveDraft(r.imap, composed.raw, r.handlers());
      const added = await r.mail.add('Drafts', composed.raw, ['D', 'S']);
      r.announce({ accountId: r.id, folder: 'Drafts', added: [added], updated: [], removed: [] });
      return added;
    },
    async listOutbox(accountId) {
      return runtime(accountId).listOutbox();
    },
    async retryOutbox(accountId, id) {
      return runtime(accountId).retryOutbox(id);
    },
  };
}
