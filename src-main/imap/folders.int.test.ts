import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEnv } from '../../e2e/servers/env';
import { Connection } from '../net/connection';
import { ImapClient } from './client';
import { authenticate } from './commands/authenticate';
import { createMailbox, deleteMailbox, renameMailbox, subscribe, unsubscribe } from './commands/mailboxes';
import { id, namespace } from './commands/namespace';
import { status } from './commands/status';
import { connectImap } from './connect';
import { listFolders } from './folders';
import { encodeMutf7 } from './mutf7';
import { imapOptions, openAs, uniqueName } from './int-helpers';

describe('IMAP folders against Dovecot', () => {
  let alice: ImapClient;
  let carol: ImapClient;
  beforeAll(async () => {
    alice = await openAs('alice');
    carol = await openAs('carol');
  });
  afterAll(async () => {
    await alice?.logout();
    await carol?.logout();
  });

  it('lists the tree: nested, non-ASCII decoded, special-use roles, counts', async () => {
    const folders = await listFolders(alice);
    const byPath = new Map(folders.map((f) => [f.path, f]));
    for (const path of [
      'INBOX',
      'Sent',
      'Drafts',
      'Trash',
      'Junk',
      'Archive',
      'Work',
      'Work/Projects',
      'Work/Projects/2026',
      'Überweisungen',
      '日本語',
    ]) {
      expect(byPath.has(path), path).toBe(true);
    }
    expect(folders[0]?.path).toBe('INBOX');
    expect(byPath.get('Sent')?.specialUse).toBe('\\Sent');
    expect(byPath.get('Drafts')?.specialUse).toBe('\\Drafts');
    expect(byPath.get('Trash')?.specialUse).toBe('\\Trash');
    expect(byPath.get('Junk')?.specialUse).toBe('\\Junk');
    expect(byPath.get('Archive')?.specialUse).toBe('\\Archive');
    expect(byPath.get('INBOX')?.specialUse).toBeNull();
    const projects = byPath.get('Work/Projects')!;
    expect(projects).toMatchObject({ name: 'Projects', delimiter: '/', subscribed: true, selectable: true });
    expect(projects.flags).toContain('\\HasChildren');
    expect(byPath.get('Work/Projects/2026')?.flags).toContain('\\HasNoChildren');
    expect(byPath.get('日本語')?.name).toBe('日本語');
    // Counts agree with a separate STATUS of the same folder.
    const inbox = await status(alice, 'INBOX', ['MESSAGES', 'UNSEEN']);
    expect(byPath.get('INBOX')?.messages).toBe(inbox.MESSAGES);
    expect(byPath.get('INBOX')?.unseen).toBe(inbox.UNSEEN);
  });

  it('names are modified UTF-7 on the wire; counts come from LIST-STATUS in one command where offered, from pipelined STATUS without it', async () => {
    const lines: string[] = [];
    const heard: string[] = [];
    const c = await openAs('alice', {
      transcript: (l) => {
        if (l.direction === 'client') lines.push(l.text);
        else if (l.direction === 'server') heard.push(l.text);
      },
    });
    try {
      expect(c.has('LIST-STATUS')).toBe(true);
      lines.length = 0;
      const withListStatus = await listFolders(c);
      expect(lines.filter((t) => / LIST /.test(t))).toEqual([
        expect.stringMatching(/ RETURN \(.*STATUS \(MESSAGES UNSEEN\)\)$/),
      ]);
      expect(lines.filter((t) => /^A\d+ STATUS /.test(t))).toEqual([]);
      // Modified UTF-7 on the wire (no UTF8=ACCEPT here), Unicode in the result.
      expect(heard.some((t) => t.startsWith('* LIST ') && t.includes(encodeMutf7('日本語')))).toBe(true);
      expect(heard.some((t) => t.includes('日本語'))).toBe(false);
      expect(withListStatus.some((f) => f.path === '日本語')).toBe(true);

      c.capabilities.delete('LIST-STATUS');
      lines.length = 0;
      const withStatus = await listFolders(c);
      const selectable = withStatus.filter((f) => f.selectable).length;
      expect(lines.filter((t) => /^A\d+ STATUS /.test(t))).toHaveLength(selectable);
      // Every selectable folder has its counts either way.
      for (const tree of [withListStatus, withStatus]) {
        const counted = tree.filter((f) => f.selectable && f.messages !== null && f.unseen !== null);
        expect(counted.length).toBe(tree.filter((f) => f.selectable).length);
        expect(counted.length).toBeGreaterThan(5);
      }
    } finally {
      await c.logout();
    }
  });

  it('NAMESPACE and ID', async () => {
    expect(await namespace(alice)).toEqual({
      type: 'namespace',
      personal: [{ prefix: '', delimiter: '/' }],
      otherUsers: null,
      shared: null,
    });
    const server = await id(alice, { name: 'Mailwright', version: 'test' });
    expect(server?.['name']).toBe('Dovecot');
  });

  it('works the same over STARTTLS on port 143', async () => {
    const env = serverEnv();
    const c = await connectImap(imapOptions('alice', { tls: 'starttls', port: env.mail.imap }));
    try {
      expect(c.connection.tls?.authorized).toBe(true);
      expect(c.state).toBe('authenticated');
      const paths = (await listFolders(c, { counts: false })).map((f) => f.path);
      expect(paths).toContain('Überweisungen');
    } finally {
      await c.logout();
    }
  });

  it('creates (non-ASCII, nested), renames, subscribes, unsubscribes and deletes', async () => {
    const base = uniqueName('Tmp');
    const nested = `${base}/Ünïcødé 日本`;
    await createMailbox(carol, nested);
    let folders = await listFolders(carol, { counts: false });
    expect(folders.find((f) => f.path === nested)).toMatchObject({ name: 'Ünïcødé 日本' });
    expect(folders.some((f) => f.path === base)).toBe(true);

    const renamed = `${base}/Renamed & more`;
    await renameMailbox(carol, nested, renamed);
    await subscribe(carol, renamed);
    folders = await listFolders(carol, { counts: false });
    expect(folders.some((f) => f.path === nested)).toBe(false);
    expect(folders.find((f) => f.path === renamed)?.subscribed).toBe(true);

    await unsubscribe(carol, renamed);
    folders = await listFolders(carol, { counts: false });
    expect(folders.find((f) => f.path === renamed)?.subscribed).toBe(false);

    await deleteMailbox(carol, renamed);
    await deleteMailbox(carol, base);
    folders = await listFolders(carol, { counts: false });
    expect(folders.some((f) => f.path.startsWith(base))).toBe(false);
  });

  it('reports a missing folder as not-found and an existing one on CREATE as a refusal', async () => {
    await expect(status(carol, uniqueName('Missing'))).rejects.toMatchObject({ kind: 'not-found' });
    await expect(createMailbox(carol, 'INBOX')).rejects.toMatchObject({ kind: 'server-said-no' });
    expect(carol.state).toBe('authenticated');
  });

  it('refuses a wrong password with an auth error and never sends a password in clear', async () => {
    await expect(openAs('carol', { password: 'wrong-password' })).rejects.toMatchObject({ kind: 'auth' });
    const env = serverEnv();
    await expect(openAs('carol', { tls: 'none', port: env.mail.imap })).rejects.toMatchObject({
      kind: 'tls',
    });
  });

  it('the transcript never shows the password, with AUTHENTICATE PLAIN or with LOGIN', async () => {
    const env = serverEnv();
    const { password } = env.users.uni; // non-ASCII, so UTF-8 handling of credentials is covered too
    const lines: string[] = [];
    const viaPlain = await connectImap(imapOptions('uni', { transcript: (l) => lines.push(l.text) }));
    expect(viaPlain.state).toBe('authenticated');
    await viaPlain.logout();

    // LOGIN path: the same server with AUTH=PLAIN hidden from the client.
    const conn = await Connection.connect({
      host: env.mail.host,
      port: env.mail.imaps,
      tls: true,
      servername: env.mail.hostname,
      ca: env.caPem,
      protocol: 'imap',
      transcript: (l) => lines.push(l.text),
    });
    const viaLogin = new ImapClient(conn);
    await viaLogin.readGreeting();
    await viaLogin.execute('CAPABILITY');
    viaLogin.capabilities.delete('AUTH=PLAIN');
    await authenticate(viaLogin, { user: env.users.uni.user, password });
    expect(viaLogin.state).toBe('authenticated');
    await viaLogin.logout();

    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).not.toContain(password);
    expect(all).not.toContain(Buffer.from(`\0${env.users.uni.user}\0${password}`).toString('base64'));
  });
});
