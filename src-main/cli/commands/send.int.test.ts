/** `mailwright send` end to end against the real Postfix, Dovecot and the test DNS. */
import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { mailboxMessages, serverEnv } from '../../../e2e/servers/env';
import { runCli } from '../main';

const env = serverEnv();

function io(vars: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: vars }, out, err };
}

/** At most 200 × 50 ms. */
async function arrived(user: string, tag: string): Promise<Buffer> {
  for (let i = 0; i < 200; i++) {
    const found = (await mailboxMessages(user)).find((m) => m.includes(tag));
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`message ${tag} did not arrive in ${user}'s INBOX`);
}

describe('mailwright send', () => {
  it('submits with STARTTLS and a password from the environment, with an attachment', async () => {
    const tag = `mw-cli-${randomUUID()}`;
    const dir = mkdtempSync(join(tmpdir(), 'mw-send-'));
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'attached text\n');
    writeFileSync(join(dir, 'ca.pem'), env.caPem);
    const t = io({ MW_PW: env.users.alice.password });
    const code = await runCli(
      [
        'send',
        '--from',
        'alice@example.test',
        '--to',
        'carol@example.test',
        '--subject',
        tag,
        '--text',
        'from the cli',
        '--attach',
        file,
        '--host',
        env.mail.host,
        '--servername',
        env.mail.hostname,
        '--ca',
        join(dir, 'ca.pem'),
        '--user',
        env.users.alice.user,
        '--password-env',
        'MW_PW',
        '--json',
      ],
      t.io,
    );
    expect(t.err.join('')).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(t.out.join('')) as { messageId: string; accepted: string[]; tls: boolean };
    expect(json.accepted).toEqual(['carol@example.test']);
    expect(json.tls).toBe(true);
    const parsed = await simpleParser(await arrived('carol', tag));
    expect(parsed.messageId).toBe(json.messageId);
    expect(parsed.attachments[0]?.content.toString()).toBe('attached text\n');
  });

  it('delivers directly with --direct --dns-server --mx-port', async () => {
    const tag = `mw-cli-direct-${randomUUID()}`;
    const t = io();
    const code = await runCli(
      [
        'send',
        '--from',
        'alice@example.test',
        '--to',
        'carol@example.test',
        '--subject',
        tag,
        '--text',
        'x',
        '--direct',
        '--dns-server',
        `${env.dns.recursive}:${env.dns.port}`,
        '--mx-port',
        String(env.mx.port),
        '--json',
      ],
      t.io,
    );
    expect(t.err.join('')).toBe('');
    expect(code).toBe(0);
    expect((JSON.parse(t.out.join('')) as { accepted: string[] }).accepted).toEqual(['carol@example.test']);
    await arrived('carol', tag);
  });

  it('exits 1 with the no-mail reason for a null-MX domain', async () => {
    const t = io();
    const code = await runCli(
      [
        'send',
        '--from',
        'alice@example.test',
        '--to',
        'x@nullmx.test',
        '--subject',
        's',
        '--text',
        'x',
        '--direct',
        '--dns-server',
        env.dns.recursive,
      ],
      t.io,
    );
    expect(code).toBe(1);
    expect(t.err.join('')).toMatch(/accepts no mail/);
  });
});
