import { MailwrightError } from '../../model/errors';
import type { Maildir, MaildirEntry } from '../../store/maildir/maildir';
import { uniqueName } from '../../store/maildir/names';
import type { Pop3Client } from '../client';
import { serverMessages } from './listing';
import type { Ledger } from './ledger';

/**
 * "The rest on demand": replaces a headers-only copy (stored for a message over the size
 * limit) with the whole message, in its own session. Same durable order as a fetch: intent
 * row, the file synced, the row, then the partial copy goes. Leaves the server unchanged
 * (a later delete-mode fetch deletes it, now that all of it is stored). Ends with QUIT.
 */
export async function downloadFull(
  client: Pop3Client,
  opts: { ledger: Ledger; maildir: Maildir; uid: string },
): Promise<MaildirEntry> {
  const { ledger, maildir, uid } = opts;
  try {
    const row = ledger.get(uid);
    if (row === undefined || row.state === 'storing') {
      throw new MailwrightError(
        'not-found',
        'This message was never downloaded from the POP3 server; fetch first.',
      );
    }
    if (!row.headersOnly) {
      const existing = await maildir.find(row.maildirId);
      if (existing !== undefined) {
        await client.quit();
        return existing;
      }
    }
    const { messages } = await serverMessages(client);
    const m = messages.find((x) => x.uid === uid);
    if (m === undefined) {
      throw new MailwrightError(
        'not-found',
        'The rest of this message is no longer on the POP3 server (it was deleted there); only its headers are kept.',
      );
    }
    const body = await client.retr(m.n);
    const id = uniqueName();
    ledger.put({ ...row, state: 'storing', maildirId: id, headersOnly: false });
    const entry = await maildir.add(body, { id });
    ledger.put({ ...row, state: 'kept', maildirId: id, headersOnly: false, size: m.size });
    if (row.maildirId !== id) await maildir.delete(row.maildirId).catch(() => undefined);
    await client.quit();
    return entry;
  } catch (e) {
    client.abort();
    throw e;
  }
}
