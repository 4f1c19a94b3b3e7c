import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../main';
import { decodeData } from '../../smtp/data-encoder';
import { startPeer } from '../../smtp/scripted-peer';

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env }, out, err };
}

const base = ['send', '--from', 'a@example.test', '--to', 'b@example.test', '--subject', 's', '--text', 'hi'];

describe('mailwright send (usage)', () => {
  it.each([
    [['send', '--to', 'b@example.test', '--subject', 's', '--text', 'x', '--host', 'h'], '--from'],
    [['send', '--from', 'a@example.test', '--subject', 's', '--text', 'x', '--host', 'h'], '--to'],
    [[...base.slice(0, -2), '--host', 'h'], '--text'],
    [[...base, '--text-file', 'f', '--host', 'h'], '--text'],
    [[...base, '--direct', '--host', 'h'], '--host'],
    [[...base, '--host', 'h', '--mx-port', '25'], '--direct'],
    [[...base, '--host', 'h', '--attach', '/nonexistent/file'], '--attach'],
    [[...base, '--host', 'h', '--user', 'u'], '--password-env'],
  ])('exits 2 for %j', async (argv, word) => {
    const t = io();
    expect(await runCli(argv, t.io)).toBe(2);
    expect(t.err.join('')).toContain(word);
  });

  it('refuses CRLF in an address with exit 2 and no connection', async () => {
    const t = io();
    const code = await runCli(
      [
        'send',
        '--from',
        'a@example.test',
        '--to',
        'b@example.test\r\nRCPT TO:<c@x.test>',
        '--subject',
        's',
        '--text',
        'x',
        '--host',
        '127.0.0.1',
        '--port',
        '9',
      ],
      t.io,
    );
    expect(code).toBe(2);
    expect(t.err.join('')).toMatch(/line break/);
  });
});

describe('mailwright send (scripted peer: plaintext, no auth)', () => {
  it('takes --cc, --text-file and --html-file: a Cc header and RCPT, text and HTML alternatives', async () => {
    const peer = await startPeer();
    const dir = mkdtempSync(join(tmpdir(), 'mw-send-files-'));
    try {
      writeFileSync(join(dir, 'body.txt'), 'plain words\n');
      writeFileSync(join(dir, 'body.html'), '<p>html words</p>\n');
      const t = io();
      const argv = ['send', '--from', 'a@example.test', '--to', 'b@example.test', '--cc', 'c@example.test'];
      argv.push(
        '--subject',
        's',
        '--text-file',
        join(dir, 'body.txt'),
        '--html-file',
        join(dir, 'body.html'),
      );
      argv.push('--host', '127.0.0.1', '--port', String(peer.port), '--tls', 'none');
      expect(await runCli(argv, t.io)).toBe(0);
      expect(peer.commands.filter((c) => c.startsWith('RCPT'))).toEqual([
        'RCPT TO:<b@example.test>',
        'RCPT TO:<c@example.test>',
      ]);
      const wire = decodeData(peer.messages[0] ?? Buffer.alloc(0)).toString('latin1');
      expect(wire).toMatch(/^Cc: c@example\.test\r$/m);
      expect(wire).toMatch(/^Content-Type: multipart\/alternative;/m);
      expect(wire).toContain('plain words');
      expect(wire).toContain('<p>html words</p>');
    } finally {
      await peer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the JSON result and exits 0 when every recipient was accepted, 1 when one was refused', async () => {
    const peer = await startPeer({
      rcpt: (a) => (a.startsWith('x') ? '550 5.1.1 unknown user\r\n' : '250 2.1.5 Ok\r\n'),
    });
    try {
      const ok = io();
      const flags = ['--host', '127.0.0.1', '--port', String(peer.port), '--tls', 'none', '--json'];
      expect(await runCli([...base, '--bcc', 'hidden@example.test', ...flags], ok.io)).toBe(0);
      const json = JSON.parse(ok.out.join('')) as Record<string, unknown>;
      expect(json).toEqual({
        messageId: expect.stringMatching(/^<.+@example\.test>$/),
        accepted: ['b@example.test', 'hidden@example.test'],
        rejected: [],
        tls: false,
        tlsVerified: false,
      });
      const wire = decodeData(peer.messages[0] ?? Buffer.alloc(0)).toString('latin1');
      expect(wire).not.toContain('hidden@example.test');
      expect(peer.commands).toContain('RCPT TO:<hidden@example.test>');

      const partial = io();
      expect(await runCli([...base, '--to', 'x@example.test', ...flags], partial.io)).toBe(1);
      const j2 = JSON.parse(partial.out.join('')) as { accepted: string[]; rejected: unknown[] };
      expect(j2.accepted).toEqual(['b@example.test']);
      expect(j2.rejected).toEqual([
        { address: 'x@example.test', code: 550, enhanced: '5.1.1', text: 'unknown user' },
      ]);

      const human = io();
      expect(await runCli([...base, '--to', 'x@example.test', ...flags.slice(0, -1)], human.io)).toBe(1);
      expect(human.out.join('')).toMatch(
        /Sent <.+> to b@example.test without TLS\.\nNot delivered to x@example.test 550 5\.1\.1: unknown user\n/,
      );
    } finally {
      await peer.close();
    }
  });
});
