// Proves each real server started by e2e/servers/start.sh with plain node:net / node:tls and
// dig, independent of Mailwright's own protocol code.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deliver, mailboxMessages, resetMailbox, seededMessages, serverEnv, type ServerEnv } from './env';
import { connectPlain, connectTls, dig, upgrade } from './wire';

let env: ServerEnv;
beforeAll(() => {
  env = serverEnv();
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const saslPlain = (user: string, password: string) => b64(`\0${user}\0${password}`);

describe('Dovecot IMAP', () => {
  beforeAll(async () => {
    await resetMailbox('alice', { seed: true });
  });

  it('logs in over implicit TLS on 993 with a certificate the test CA verifies', async () => {
    const { session, info } = await connectTls({
      host: env.mail.host,
      port: env.mail.imaps,
      servername: 'imap.example.test',
      ca: env.caPem,
    });
    try {
      expect(info.authorized).toBe(true);
      expect(info.subjectAltName).toContain('DNS:imap.example.test');
      expect(['TLSv1.2', 'TLSv1.3']).toContain(info.protocol);
      await session.expect(/^\* OK .*\r\n/m);
      const { user, password } = env.users.alice;
      const login = await session.command(`a1 LOGIN "${user}" "${password}"`, /^a1 .*\r\n/m);
      expect(login).toMatch(/^a1 OK/m);
      const list = await session.command('a2 LIST "" "*"', /^a2 .*\r\n/m);
      expect(list).toMatch(/^a2 OK/m);
      for (const line of [
        '* LIST (\\HasNoChildren \\Sent) "/" Sent',
        '* LIST (\\HasNoChildren \\Drafts) "/" Drafts',
        '* LIST (\\HasNoChildren \\Trash) "/" Trash',
        '* LIST (\\HasNoChildren \\Junk) "/" Junk',
        '* LIST (\\HasNoChildren \\Archive) "/" Archive',
        '* LIST (\\HasChildren) "/" Work',
        '* LIST (\\HasChildren) "/" Work/Projects',
        '* LIST (\\HasNoChildren) "/" Work/Projects/2026',
        // Überweisungen and 日本語 in modified UTF-7 (RFC 3501 5.1.3)
        '* LIST (\\HasNoChildren) "/" &ANw-berweisungen',
        '* LIST (\\HasNoChildren) "/" &ZeVnLIqe-',
        '* LIST (\\HasNoChildren) "/" INBOX',
      ]) {
        expect(list).toContain(`${line}\r\n`);
      }
      const select = await session.command('a3 SELECT INBOX', /^a3 .*\r\n/m);
      expect(select).toContain(`* ${seededMessages().length} EXISTS\r\n`);
      const work = await session.command('a4 STATUS Work/Projects (MESSAGES)', /^a4 .*\r\n/m);
      expect(work).toContain('* STATUS Work/Projects (MESSAGES 3)');
    } finally {
      session.close();
    }
  });

  it('refuses a certificate from an unknown CA (verification is real)', async () => {
    await expect(
      connectTls({
        host: env.mail.host,
        port: env.mail.imaps,
        servername: 'imap.example.test',
        ca: '',
      }),
    ).rejects.toThrow(/certificate/i);
  });

  it('upgrades with STARTTLS on 143, after which LOGIN works', async () => {
    const plain = await connectPlain(env.mail.host, env.mail.imap);
    await plain.expect(/^\* OK .*\r\n/m);
    const caps = await plain.command('s1 CAPABILITY', /^s1 .*\r\n/m);
    expect(caps).toContain('STARTTLS');
    expect(caps).toContain('LOGINDISABLED');
    await plain.command('s2 STARTTLS', /^s2 OK.*\r\n/m);
    const { session, info } = await upgrade(plain, 'imap.example.test', env.caPem);
    try {
      expect(info.authorized).toBe(true);
      const { user, password } = env.users.bob;
      expect(await session.command(`s3 LOGIN "${user}" "${password}"`, /^s3 .*\r\n/m)).toMatch(/^s3 OK/m);
    } finally {
      session.close();
    }
  });

  it('accepts the non-ASCII password of uni via AUTHENTICATE PLAIN', async () => {
    const { session } = await connectTls({
      host: env.mail.host,
      port: env.mail.imaps,
      servername: 'mail.example.test',
      ca: env.caPem,
    });
    try {
      await session.expect(/^\* OK .*\r\n/m);
      const { user, password } = env.users.uni;
      expect(password).not.toMatch(/^[\x20-\x7e]*$/);
      const reply = await session.command(
        `u1 AUTHENTICATE PLAIN ${saslPlain(user, password)}`,
        /^u1 .*\r\n/m,
      );
      expect(reply).toMatch(/^u1 OK/m);
      const wrong = await session.command(`u2 AUTHENTICATE PLAIN ${saslPlain(user, 'wrong')}`, /^u2 .*\r\n/m);
      expect(wrong).toMatch(/^u2 (NO|BAD)/m); // already authenticated or refused: never OK
    } finally {
      session.close();
    }
  });
});

describe('Dovecot POP3', () => {
  beforeAll(async () => {
    await resetMailbox('pop1', { seed: true });
  });

  it('STLS on 110, then USER/PASS and STAT show the seeded messages', async () => {
    const plain = await connectPlain(env.mail.host, env.mail.pop3);
    const greeting = await plain.expect(/^\+OK .*\r\n/m);
    expect(greeting).toMatch(/<[^>]+@[^>]+>/); // APOP timestamp: plaintext passdb
    await plain.command('STLS', /^\+OK.*\r\n/m);
    const { session, info } = await upgrade(plain, 'pop.example.test', env.caPem);
    try {
      expect(info.authorized).toBe(true);
      const { user, password } = env.users.pop1;
      await session.command(`USER ${user}`, /^\+OK.*\r\n/m);
      await session.command(`PASS ${password}`, /^\+OK.*\r\n/m);
      const seeded = seededMessages();
      const total = seeded.reduce((n, m) => n + m.raw.length, 0);
      const stat = await session.command('STAT', /^[+-].*\r\n/m);
      expect(stat).toBe(`+OK ${seeded.length} ${total}\r\n`);
      await session.command('QUIT', /^\+OK.*\r\n/m);
    } finally {
      session.close();
    }
  });

  it('POP3S on 995 speaks TLS from the first byte', async () => {
    const { session, info } = await connectTls({
      host: env.mail.host,
      port: env.mail.pop3s,
      servername: 'pop.example.test',
      ca: env.caPem,
    });
    session.close();
    expect(info.authorized).toBe(true);
  });
});

describe('Postfix submission', () => {
  beforeAll(async () => {
    await resetMailbox('bob');
  });

  it('587: STARTTLS + AUTH PLAIN, one good and one refused recipient, arrives in bob’s Maildir', async () => {
    const plain = await connectPlain(env.mail.host, env.mail.submission);
    await plain.expect(/^220 .*\r\n/m);
    const ehlo = await plain.command('EHLO client.example.test', /^250 .*\r\n/m);
    expect(ehlo).toContain('250-STARTTLS');
    expect(ehlo).not.toContain('AUTH'); // no AUTH before TLS
    await plain.command('STARTTLS', /^220 .*\r\n/m);
    const { session, info } = await upgrade(plain, 'smtp.example.test', env.caPem);
    const id = `<submission-${process.pid}-${Date.now()}@example.test>`;
    try {
      expect(info.authorized).toBe(true);
      const ehlo2 = await session.command('EHLO client.example.test', /^250 .*\r\n/m);
      expect(ehlo2).toMatch(/^250-AUTH .*PLAIN/m);
      const { user, password } = env.users.alice;
      await session.command(`AUTH PLAIN ${saslPlain(user, password)}`, /^235 .*\r\n/m);
      await session.command(`MAIL FROM:<${user}>`, /^250 .*\r\n/m);
      await session.command(`RCPT TO:<${env.users.bob.user}>`, /^250 .*\r\n/m);
      const refused = await session.command('RCPT TO:<nosuchuser@example.test>', /^\d{3} .*\r\n/m);
      expect(refused).toMatch(/^550 5\.1\.1 /);
      await session.command('DATA', /^354 .*\r\n/m);
      session.send(
        [
          `From: <${user}>`,
          `To: <${env.users.bob.user}>`,
          'Subject: harness submission test',
          `Message-ID: ${id}`,
          '',
          '..a line starting with a dot (dot-stuffed on the wire)',
          'bye',
          '.',
        ].join('\r\n'),
      );
      await session.expect(/^250 .*\r\n/m);
      await session.command('QUIT', /^221 .*\r\n/m);
    } finally {
      session.close();
    }
    // Postfix hands the message to Dovecot over LMTP asynchronously: poll the Maildir, bounded.
    let found: Buffer | undefined;
    for (let i = 0; i < 100 && !found; i++) {
      found = (await mailboxMessages('bob')).find((m) => m.includes(id));
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found?.toString('utf8')).toContain(
      '\r\n.a line starting with a dot (dot-stuffed on the wire)\r\nbye\r\n',
    );
    expect(found?.toString('utf8')).toMatch(/^Return-Path: <alice@example\.test>/);
  });

  it('465: implicit TLS, AUTH offered at once', async () => {
    const { session, info } = await connectTls({
      host: env.mail.host,
      port: env.mail.submissions,
      servername: 'smtp.example.test',
      ca: env.caPem,
    });
    try {
      expect(info.authorized).toBe(true);
      await session.expect(/^220 .*\r\n/m);
      const ehlo = await session.command('EHLO client.example.test', /^250 .*\r\n/m);
      expect(ehlo).toMatch(/^250-AUTH PLAIN LOGIN/m);
      const { user, password } = env.users.carol;
      await session.command(`AUTH PLAIN ${saslPlain(user, password)}`, /^235 .*\r\n/m);
    } finally {
      session.close();
    }
  });

  it('2525 is deliberately weak: AUTH PLAIN LOGIN offered in clear, no STARTTLS', async () => {
    const s = await connectPlain(env.mail.host, env.mail.smtpPlain);
    try {
      await s.expect(/^220 .*\r\n/m);
      const ehlo = await s.command('EHLO client.example.test', /^250 .*\r\n/m);
      expect(ehlo).toMatch(/^250-AUTH PLAIN LOGIN/m);
      expect(ehlo).not.toContain('STARTTLS');
    } finally {
      s.close();
    }
  });

  it('the MX on 127.0.1.2:25 offers STARTTLS and refuses to relay', async () => {
    const s = await connectPlain(env.mx.host, env.mx.port);
    try {
      await s.expect(/^220 .*\r\n/m);
      const ehlo = await s.command('EHLO client.example.test', /^250 .*\r\n/m);
      expect(ehlo).toContain('250-STARTTLS');
      await s.command('MAIL FROM:<someone@elsewhere.test>', /^250 .*\r\n/m);
      expect(await s.command('RCPT TO:<x@outside.test>', /^\d{3} .*\r\n/m)).toMatch(/^554 5\.7\.1 /);
      expect(await s.command('RCPT TO:<anyone@nomx.test>', /^\d{3} .*\r\n/m)).toMatch(/^250 /);
    } finally {
      s.close();
    }
  });

  it('discard@example.test is accepted, then dropped by the discard transport (no delivery, no bounce)', async () => {
    const s = await connectPlain(env.mx.host, env.mx.port);
    let queueId = '';
    try {
      await s.expect(/^220 .*\r\n/m);
      await s.command('EHLO client.example.test', /^250 .*\r\n/m);
      await s.command('MAIL FROM:<>', /^250 .*\r\n/m);
      await s.command('RCPT TO:<discard@example.test>', /^250 .*\r\n/m);
      await s.command('DATA', /^354 .*\r\n/m);
      s.send('Subject: dropped\r\n\r\nnothing\r\n.');
      queueId = /queued as (\w+)/.exec(await s.expect(/^250 .*\r\n/m))?.[1] ?? '';
      await s.command('QUIT', /^221 .*\r\n/m);
    } finally {
      s.close();
    }
    expect(queueId).not.toBe('');
    const log = join(env.logsDir, 'postfix.log');
    let line: string | undefined;
    for (let i = 0; i < 100 && line === undefined; i++) {
      line = (await readFile(log, 'utf8'))
        .split('\n')
        .find((l) => l.includes(`${queueId}: to=<discard@example.test>`));
      if (line === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(line).toMatch(/postfix\/discard\[\d+\]: .*relay=none.*status=sent/);
  });

  it('nothing listens on mx1 (127.0.1.3:25)', async () => {
    const err = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const sock = net.connect({ host: env.mx.deadHost, port: 25 });
      sock.once('connect', () => {
        sock.destroy();
        reject(new Error('something accepted a connection on 127.0.1.3:25'));
      });
      sock.once('error', resolve);
    });
    expect(err.code).toBe('ECONNREFUSED');
  });

  it('LMTP answers on 127.0.1.1:24', async () => {
    const s = await connectPlain(env.mail.host, env.mail.lmtp);
    try {
      await s.expect(/^220 .*\r\n/m);
      expect(await s.command('LHLO client.example.test', /^250 .*\r\n/m)).toMatch(/^250-/m);
    } finally {
      s.close();
    }
  });
});

describe('DNS hierarchy (BIND views) and Unbound', () => {
  it('root → TLD → authoritative, three non-recursive steps: referral, referral, answer', async () => {
    const root = await dig(env.dns.root, 'example.test', 'MX', ['+norec']);
    expect(root.status).toBe('NOERROR');
    expect(root.flags).not.toContain('aa');
    expect(root.answer).toEqual([]);
    expect(root.authority).toEqual(['test. 300 IN NS ns1.test.']);
    expect(root.additional).toContain(`ns1.test. 300 IN A ${env.dns.tld}`);

    const tld = await dig(env.dns.tld, 'example.test', 'MX', ['+norec']);
    expect(tld.flags).not.toContain('aa');
    expect(tld.answer).toEqual([]);
    expect(tld.authority).toEqual(['example.test. 300 IN NS ns1.example.test.']);
    expect(tld.additional).toContain(`ns1.example.test. 300 IN A ${env.dns.auth}`);

    const auth = await dig(env.dns.auth, 'example.test', 'MX', ['+norec']);
    expect(auth.flags).toContain('aa');
    expect([...auth.answer].sort()).toEqual([
      'example.test. 60 IN MX 10 mx1.example.test.',
      'example.test. 60 IN MX 20 mx2.example.test.',
      'example.test. 60 IN MX 20 mx3.example.test.',
    ]);
  });

  it('glueless.test is delegated without glue to a name inside example.test', async () => {
    const tld = await dig(env.dns.tld, 'glueless.test', 'MX', ['+norec']);
    expect(tld.authority).toEqual(['glueless.test. 300 IN NS ns-glueless.example.test.']);
    expect(tld.additional.filter((l) => / IN A /.test(l))).toEqual([]);
  });

  it('Unbound resolves through the hierarchy: MX, glueless, CNAME chain, null MX, SRV, wildcard', async () => {
    const r = env.dns.recursive;
    const mx = await dig(r, 'example.test', 'MX');
    expect(mx.status).toBe('NOERROR');
    expect(mx.flags).toContain('ra');
    expect(mx.answer.map((l) => l.split(' ').slice(3).join(' ')).sort()).toEqual([
      'MX 10 mx1.example.test.',
      'MX 20 mx2.example.test.',
      'MX 20 mx3.example.test.',
    ]);
    expect((await dig(r, 'glueless.test', 'MX')).answer.map((l) => l.split(' ').slice(3).join(' '))).toEqual([
      'MX 10 mx2.example.test.',
    ]);
    const chain = await dig(r, 'c1.example.test', 'A');
    expect(chain.answer.map((l) => l.split(' ').slice(3).join(' '))).toEqual([
      'CNAME c2.example.test.',
      'CNAME c3.example.test.',
      'CNAME mail.example.test.',
      `A ${env.mail.host}`,
    ]);
    expect((await dig(r, 'nullmx.test', 'MX')).answer.map((l) => l.split(' ').slice(3).join(' '))).toEqual([
      'MX 0 .',
    ]);
    const nomx = await dig(r, 'nomx.test', 'MX');
    expect(nomx.status).toBe('NOERROR');
    expect(nomx.answer).toEqual([]);
    expect((await dig(r, '_submissions._tcp.example.test', 'SRV')).answer[0]).toMatch(
      / IN SRV 0 1 465 smtp\.example\.test\.$/,
    );
    expect((await dig(r, `bench-${process.pid}.wild.example.test`, 'MX')).answer[0]).toMatch(
      / IN MX 10 mx2\.example\.test\.$/,
    );
  });

  it('truncates UDP: bigmx.test even with EDNS, medmx.test only without', async () => {
    // +ignore: show the truncated UDP reply instead of retrying over TCP.
    const bigEdns = await dig(env.dns.auth, 'bigmx.test', 'MX', ['+norec', '+ignore', '+bufsize=1232']);
    expect(bigEdns.flags).toContain('tc');
    const medEdns = await dig(env.dns.auth, 'medmx.test', 'MX', ['+norec', '+ignore', '+bufsize=1232']);
    expect(medEdns.flags).not.toContain('tc');
    expect(medEdns.answer.length).toBe(20);
    const medPlain = await dig(env.dns.auth, 'medmx.test', 'MX', ['+norec', '+ignore', '+noedns']);
    expect(medPlain.flags).toContain('tc');
    const bigTcp = await dig(env.dns.auth, 'bigmx.test', 'MX', ['+norec', '+tcp']);
    expect(bigTcp.flags).not.toContain('tc');
    expect(bigTcp.answer.length).toBe(40);
  });
});

describe('env.ts helpers', () => {
  it('resetMailbox with seed restores exactly the seeded bytes; deliver adds one', async () => {
    await resetMailbox('carol', { seed: true });
    // Compare digests: a deep equality over the 4 MB message takes vitest half a minute.
    const seeded = seededMessages().map((m) => sha256(m.raw));
    expect(seeded.length).toBeGreaterThanOrEqual(7);
    expect((await mailboxMessages('carol')).map(sha256)).toEqual(seeded);
    expect((await mailboxMessages('carol', 'Work/Projects')).length).toBe(3);

    const raw = 'From: <a@example.test>\r\nSubject: delivered\r\n\r\nhello\r\n';
    await deliver('carol', raw, 'Work/Projects/2026');
    expect(await mailboxMessages('carol', 'Work/Projects/2026')).toEqual([Buffer.from(raw)]);

    await resetMailbox('carol');
    expect(await mailboxMessages('carol')).toEqual([]);
  });

  it('the seed holds the hard cases', () => {
    const byName = new Map(seededMessages().map((m) => [m.name, m.raw.toString('latin1')]));
    expect(byName.get('02-dot-lines')).toContain('\r\n.\r\n');
    expect(byName.get('02-dot-lines')).toMatch(/\r\n\.hidden-file\r\n/);
    expect(byName.get('03-utf8-8bit')).toContain('Content-Transfer-Encoding: 8bit');
    expect(byName.get('04-rfc2047-subject')).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    expect(byName.get('05-big-attachment')?.length).toBeGreaterThan(3_000_000);
    expect(byName.get('06-empty-body')).toMatch(/\r\n\r\n$/);
  });
});
