import { readFile } from 'node:fs/promises';
import type { Maildir } from '../../store/maildir/maildir';
import { uniqueName } from '../../store/maildir/names';
import type { Pop3Client } from '../client';
import { retrieveRefused } from '../errors';
import type { ListEntry } from '../parse';
import { deleteAndQuit } from './commit';
import type { FetchOptions, FetchResult } from './fetch';
import { fingerprint } from './fingerprint';
import type { LedgerRow } from './ledger';
import type { ServerMessage } from './listing';

/**
 * Download-and-delete on a server with neither UIDL nor TOP (both optional in RFC 1939).
 * Nothing tells messages apart before they are downloaded, so each message is RETRieved and
 * its fingerprint (Message-ID, Date, size: the one TOP would give) is taken from the message
 * itself. When the ledger holds a byte-identical stored copy under that fingerprint (a
 * session cut after DELE but before QUIT leaves exactly that), the message is not stored
 * again, only deleted again; anything else is stored before its DELE is sent. Headers-only
 * needs TOP, so here every message comes whole, one at a time, each synced before the next.
 */
export async function fetchDeleteWithoutIds(
  client: Pop3Client,
  opts: FetchOptions,
  list: readonly ListEntry[],
  present: ReadonlySet<string>,
): Promise<FetchResult> {
  const { ledger, maildir } = opts;
  const now = opts.now ?? Date.now;
  const rows = ledger.all();
  const repeats = new Map<string, number>();
  const toDelete: ServerMessage[] = [];
  const totalBytes = list.reduce((s, m) => s + m.size, 0);
  let downloaded = 0;
  let alreadyHad = 0;
  let bytes = 0;
  await client.pipeline(
    list.map((l) => ({ line: `RETR ${l.n}`, shape: 'multi' as const })),
    async (r, i) => {
      const l = list[i] as ListEntry;
      if (!r.status.ok || r.body === undefined) {
        throw retrieveRefused(l.n, r.status);
      }
      const base = fingerprint(r.body, l.size);
      const k = (repeats.get(base) ?? 0) + 1;
      repeats.set(base, k);
      const uid = k === 1 ? base : `${base}#${k}`;
      const folders = [maildir, ...(opts.storedElsewhere ?? [])];
      if (await storedAlready(folders, present, rows.get(uid), r.body)) alreadyHad += 1;
      else {
        const row: LedgerRow = {
          uid,
          state: 'storing',
          firstSeen: now(),
          maildirId: uniqueName(),
          size: l.size,
          headersOnly: false,
        };
        ledger.put(row);
        const entry = await maildir.add(r.body, { id: row.maildirId });
        ledger.put({ ...row, state: 'delete-pending' });
        downloaded += 1;
        await opts.onStored?.(entry, r.body, uid);
      }
      toDelete.push({ n: l.n, uid, size: l.size });
      bytes += l.size;
      opts.onProgress?.({ phase: 'download', done: i + 1, total: list.length, bytes, totalBytes });
    },
  );
  const deletedOnServer = await deleteAndQuit(client, ledger, toDelete, (done, total) =>
    opts.onProgress?.({ phase: 'delete', done, total, bytes, totalBytes }),
  );
  return {
    downloaded,
    deletedOnServer,
    alreadyHad,
    headersOnly: 0,
    usedFingerprints: true,
    onServer: list.length,
  };
}

/** True when the row's file is in one of the Maildirs and holds exactly these bytes. */
async function storedAlready(
  folders: readonly Maildir[],
  present: ReadonlySet<string>,
  row: LedgerRow | undefined,
  bytes: Buffer,
): Promise<boolean> {
  if (row === undefined || row.headersOnly || !present.has(row.maildirId)) return false;
  for (const md of folders) {
    const entry = await md.find(row.maildirId);
    if (entry !== undefined) return (await readFile(entry.path)).equals(bytes);
  }
  return false;
}
