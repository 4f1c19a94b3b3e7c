import type { Pop3Client } from '../client';
import type { Ledger } from './ledger';
import type { ServerMessage } from './listing';

/** The steps every fetch shares, whatever tells its messages apart. */

/**
 * Repairs the intents an earlier crash or cut left: a `storing` row whose file is in the
 * Maildir was stored (it becomes `kept`; the next steps decide whether it goes), one whose
 * file is not is dropped, so the message is downloaded again, once.
 */
export function repairIntents(ledger: Ledger, present: ReadonlySet<string>): void {
  const drop: string[] = [];
  const promote: string[] = [];
  for (const row of ledger.all().values()) {
    if (row.state === 'storing') (present.has(row.maildirId) ? promote : drop).push(row.uid);
  }
  ledger.remove(drop);
  ledger.setState(promote, 'kept');
}

/**
 * DELE what is safely stored (the rows say delete-pending before the first DELE), then QUIT,
 * RFC 1939's commit point: only after its +OK do rows become `deleted`. Returns how many the
 * server deleted.
 */
export async function deleteAndQuit(
  client: Pop3Client,
  ledger: Ledger,
  toDelete: readonly ServerMessage[],
  onDeleted: (done: number, total: number) => void,
): Promise<number> {
  ledger.setState(
    toDelete.map((m) => m.uid),
    'delete-pending',
  );
  const deleted: string[] = [];
  await client.pipeline(
    toDelete.map((m) => ({ line: `DELE ${m.n}`, shape: 'single' as const })),
    (r, i) => {
      const m = toDelete[i] as ServerMessage;
      // A refused DELE leaves the message on the server and the row pending: retried next time.
      if (r.status.ok) deleted.push(m.uid);
      onDeleted(i + 1, toDelete.length);
    },
  );
  await client.quit();
  // QUIT +OK: the server has committed the deletions (RFC 1939 §6).
  ledger.setState(deleted, 'deleted');
  return deleted.length;
}
