/**
 * Batches streamed with BDAT, against the scripted loopback peer: the orderings and
 * refusals a real Postfix will not produce on demand. submission.int.test.ts sends BDAT
 * batches to the real Postfix.
 */
import { describe, expect, it } from 'vitest';
import { Connection } from '../net/connection';
import { sendChunked } from './chunked-batch';
import * as cmd from './commands';
import { parseEhlo } from './ehlo';
import { scriptedSessions } from './scripted-peer';
import { prepareTransaction } from './transaction';
import { readReply } from './transport';

const CHUNKING_EHLO = ['peer.example.test', 'PIPELINING', 'CHUNKING', '8BITMIME', 'ENHANCEDSTATUSCODES'];

const { peer, connect, onCleanup } = scriptedSessions({ ehlo: CHUNKING_EHLO });

const item = (body: string, ...to: string[]) => ({
  envelope: { from: 'a@example.test', to: to.length > 0 ? to : ['b@example.test'] },
  message: Buffer.from(body, 'latin1'),
});

describe('sendBatch with BDAT (CHUNKING + PIPELINING)', () => {
  it('writes every message before reading a reply; bodies go as they are, with RSET between messages', async () => {
    // 3 messages: MAIL RCPT BDAT, then RSET MAIL RCPT BDAT twice = 11 lines, every reply held till then.
    const p = await peer({ holdFromMailUntil: 11 });
    const c = await connect(p);
    const bodies = [
      'Subject: 1\r\n\r\n.a dot line\r\n',
      'Subject: 2\n\nbare LF\n',
      'Subject: 3\r\n\r\nno end',
    ];
    const out = await c.sendBatch(bodies.map((b) => item(b)));
    expect(out.map((o) => o.ok && o.result.accepted)).toEqual([
      ['b@example.test'],
      ['b@example.test'],
      ['b@example.test'],
    ]);
    expect(p.messages.map((m) => m.toString('latin1'))).toEqual([
      'Subject: 1\r\n\r\n.a dot line\r\n', // no dot-stuffing
      'Subject: 2\r\n\r\nbare LF\r\n',
      'Subject: 3\r\n\r\nno end\r\n',
    ]);
    const verbs = p.commands.filter((l) => !l.startsWith('EHLO')).map((l) => l.split(/[ :]/)[0]);
    expect(verbs).toEqual([
      'MAIL',
      'RCPT',
      'BDAT',
      ...Array(2).fill(['RSET', 'MAIL', 'RCPT', 'BDAT']).flat(),
    ]);
    expect(c.state).toBe('ready');
    // The session goes on, clean (no RSET needed): a single send uses DATA.
    await c.send({ from: 'a@example.test', to: ['b@example.test'] }, Buffer.from('x\r\n'));
    expect(p.commands.slice(-4)).toEqual([
      `BDAT ${p.messages[2]?.length} LAST`,
      'MAIL FROM:<a@example.test>',
      'RCPT TO:<b@example.test>',
      'DATA',
    ]);
  });

  it('gives refused senders and recipients their own outcome, and the messages after them still go', async () => {
    const p = await peer({
      rcpt: (a) => (a.startsWith('x') ? '550 5.1.1 <x@example.test>: unknown\r\n' : '250 2.1.5 Ok\r\n'),
      reply: (line) => (line.startsWith('MAIL FROM:<bad@') ? '553 5.7.1 sender refused\r\n' : undefined),
    });
    const c = await connect(p);
    const refusedSender = {
      ...item('m2\r\n'),
      envelope: { from: 'bad@example.test', to: ['b@example.test'] },
    };
    const out = await c.sendBatch([
      item('m1\r\n', 'x@example.test'),
      refusedSender,
      item('m3\r\n', 'b@example.test', 'x@example.test'),
      item('m4\r\n'),
    ]);
    expect(out[0]?.ok && out[0].result).toMatchObject({ accepted: [], rejected: [{ code: 550 }] });
    expect(!out[1]?.ok && out[1]?.error).toMatchObject({
      kind: 'server-said-no',
      serverText: 'sender refused',
    });
    expect(out[2]?.ok && out[2].result).toMatchObject({
      accepted: ['b@example.test'],
      rejected: [{ code: 550 }],
    });
    expect(out[3]?.ok && out[3].result.accepted).toEqual(['b@example.test']);
    // The refused transactions' chunks were read and dropped by the peer, never stored.
    expect(p.messages.map((m) => m.toString())).toEqual(['m3\r\n', 'm4\r\n']);
    expect(c.state).toBe('ready');
  });

  it('uses DATA when chunking is turned off, or the server does not offer CHUNKING', async () => {
    const off = await peer();
    await (await connect(off, { chunking: false })).sendBatch([item('a\r\n')]);
    const notOffered = await peer({ ehlo: ['peer', 'PIPELINING'] });
    await (await connect(notOffered)).sendBatch([item('a\r\n')]);
    for (const p of [off, notOffered]) {
      expect(p.commands).toContain('DATA');
      expect(p.commands.some((l) => l.startsWith('BDAT'))).toBe(false);
    }
  });

  it('after a cut, a message whose bytes all went out is delivery unknown and the rest are not sent', async () => {
    const p = await peer({ afterData: () => 'drop' });
    const conn = await Connection.connect({ host: '127.0.0.1', port: p.port, tls: false, protocol: 'smtp' });
    onCleanup(() => conn.destroy());
    await readReply(conn);
    await conn.write(cmd.ehlo('client.example.test'));
    const caps = parseEhlo(await readReply(conn));
    const prepared = ['m1\r\n', 'm2\r\n', 'm3\r\n'].map((b) =>
      prepareTransaction(caps, item(b).envelope, item(b).message, 'peer'),
    );
    // A window of one: the second message is written only after the first one's replies.
    const r = await sendChunked(conn, prepared, { where: 'peer', needsReset: false, window: 1 });
    expect(r.outcomes.map((o) => (o.ok ? 'ok' : (o.error.code ?? o.error.kind)))).toEqual([
      'DELIVERY_UNKNOWN',
      'network',
      'network',
    ]);
    expect(r.broken).toBe(true);
    expect(p.messages).toHaveLength(1);
  });
});
