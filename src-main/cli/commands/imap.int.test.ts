import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverEnv } from '../../../e2e/servers/env';
import { cliFlags, uniqueName } from '../../imap/int-helpers';
import { runCli } from '../main';

const env = serverEnv();
const conn = cliFlags('carol');

async function mw(...argv: string[]): Promise<{ code: number; out: string; err: string; bytes: Buffer[] }> {
  let out = '';
  let err = '';
  const bytes: Buffer[] = [];
  const io = {
    out: (t: string) => (out += t),
    err: (t: string) => (err += t),
    outBytes: (b: Buffer) => bytes.push(b),
    env: { PW: env.users.carol.password },
  };
  const code = await runCli([...argv, ...conn], io);
  return { code, out, err, bytes };
}

describe('mailwright imap against Dovecot', () => {
  const base = uniqueName('Cli');
  const dir = mkdtempSync(join(tmpdir(), 'mw-imap-'));
  afterAll(async () => {
    for (const f of [`${base}/Grüße`, `${base}/Done`, base]) await mw('imap', 'delete', f);
  });

  it('create, folders --json (Unicode), append, list, fetch byte for byte, flag, move, rename, unsubscribe, subscribe, delete', async () => {
    expect((await mw('imap', 'create', `${base}/Grüße`)).code).toBe(0);
    expect((await mw('imap', 'create', `${base}/Done`)).code).toBe(0);

    const folders = JSON.parse((await mw('imap', 'folders', '--json')).out) as Record<string, unknown>[];
    const created = folders.find((f) => f['path'] === `${base}/Grüße`);
    expect(created).toEqual({
      path: `${base}/Grüße`,
      name: 'Grüße',
      delimiter: '/',
      flags: expect.any(Array),
      specialUse: null,
      subscribed: expect.any(Boolean),
      messages: 0,
      unseen: 0,
    });
    expect(folders.find((f) => f['path'] === 'Sent')?.['specialUse']).toBe('\\Sent');

    // 8-bit body and a bare header set: fetch must give these exact bytes back.
    const raw = Buffer.from(
      'From: a@example.test\r\nSubject: =?UTF-8?B?w5xiZXI=?=\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n\r\nCafé ☕\r\n',
    );
    const file = join(dir, 'msg.eml');
    writeFileSync(file, raw);
    const appended = await mw('imap', 'append', '--folder', `${base}/Grüße`, '--file', file, '--json');
    expect(appended.code).toBe(0);
    const { uid } = JSON.parse(appended.out) as { uid: number };
    expect(uid).toBeGreaterThan(0);

    const listed = JSON.parse(
      (await mw('imap', 'list', '--folder', `${base}/Grüße`, '--json')).out,
    ) as Record<string, unknown>[];
    expect(listed).toEqual([
      {
        uid,
        flags: expect.not.arrayContaining(['\\Seen']),
        date: '2026-11-26T10:00:00.000Z',
        from: 'a@example.test',
        subject: 'Über',
        size: raw.length,
      },
    ]);

    const fetched = await mw('imap', 'fetch', '--folder', `${base}/Grüße`, '--uid', String(uid));
    expect(fetched.code).toBe(0);
    expect(Buffer.concat(fetched.bytes).equals(raw)).toBe(true);
    const out = join(dir, 'out.eml');
    expect(
      (await mw('imap', 'fetch', '--folder', `${base}/Grüße`, '--uid', String(uid), '--output', out)).code,
    ).toBe(0);
    expect(readFileSync(out).equals(raw)).toBe(true);

    const flagged = await mw(
      'imap',
      'flag',
      '--folder',
      `${base}/Grüße`,
      '--uid',
      String(uid),
      '--add',
      '\\Flagged',
      '--add',
      '\\Seen',
      '--json',
    );
    expect(JSON.parse(flagged.out)).toEqual([
      { uid, flags: expect.arrayContaining(['\\Flagged', '\\Seen']) },
    ]);
    const unflagged = await mw(
      'imap',
      'flag',
      '--folder',
      `${base}/Grüße`,
      '--uid',
      String(uid),
      '--remove',
      '\\Flagged',
      '--json',
    );
    const left = (JSON.parse(unflagged.out) as { flags: string[] }[])[0]?.flags;
    expect(left).toContain('\\Seen');
    expect(left).not.toContain('\\Flagged');

    expect(
      (await mw('imap', 'move', '--folder', `${base}/Grüße`, '--uid', String(uid), '--to', `${base}/Done`))
        .code,
    ).toBe(0);
    expect(JSON.parse((await mw('imap', 'list', '--folder', `${base}/Grüße`, '--json')).out)).toEqual([]);
    expect(JSON.parse((await mw('imap', 'list', '--folder', `${base}/Done`, '--json')).out)).toHaveLength(1);

    expect((await mw('imap', 'rename', `${base}/Done`, `${base}/Erledigt`)).code).toBe(0);
    expect((await mw('imap', 'unsubscribe', `${base}/Erledigt`)).code).toBe(0);
    const after = JSON.parse((await mw('imap', 'folders', '--json')).out) as {
      path: string;
      subscribed: boolean;
      messages: number;
    }[];
    expect(after.find((f) => f.path === `${base}/Erledigt`)).toMatchObject({
      subscribed: false,
      messages: 1,
    });
    expect((await mw('imap', 'subscribe', `${base}/Erledigt`)).code).toBe(0);
    const resubscribed = JSON.parse((await mw('imap', 'folders', '--json')).out) as typeof after;
    expect(resubscribed.find((f) => f.path === `${base}/Erledigt`)?.subscribed).toBe(true);
    expect((await mw('imap', 'delete', `${base}/Erledigt`)).code).toBe(0);
  });

  it('a missing folder is exit 1 with one clear line; a wrong password too', async () => {
    const r = await mw('imap', 'list', '--folder', uniqueName('Nope'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^mailwright: imap list: The IMAP server says the folder .* does not exist/);
    let err = '';
    const code = await runCli(['imap', 'folders', ...conn], {
      out: () => {},
      err: (t) => (err += t),
      env: { PW: 'wrong' },
    });
    expect(code).toBe(1);
    expect(err).toMatch(/user name or password/);
    expect(err).not.toContain('wrong');
  });
});
