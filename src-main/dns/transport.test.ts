import { createSocket, Socket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MailwrightError } from '../model/errors';
import { encodeMessage } from './codec';
import { exchange } from './transport';
import { answer, aRecord, startResponder, type Responder } from './testing/responder';
import { RRType, type Question } from './types';
import { stubQuery } from './stub';
import type { TraceStep } from './trace';

const q: Question = { name: 'host.example.test', type: RRType.A, class: 1 };
let responders: Responder[] = [];
afterEach(async () => {
  await Promise.all(responders.map((r) => r.close()));
  responders = [];
});
async function responder(script: Parameters<typeof startResponder>[0]): Promise<Responder> {
  const r = await startResponder(script);
  responders.push(r);
  return r;
}

describe('UDP exchange', () => {
  it('sends EDNS0 with a 1232-byte payload and returns the matching answer', async () => {
    const r = await responder({ udp: (c) => c.reply(answer(c.query, [aRecord(q.name, '127.0.1.1')])) });
    const res = await exchange({ address: r.address, port: r.port }, q, { timeoutMs: 2000, rd: true });
    expect(res.via).toBe('udp');
    expect(res.message.answers[0]?.data).toEqual({ type: 'A', address: '127.0.1.1' });
    const opt = r.udpQueries[0]?.additionals.find((rr) => rr.type === RRType.OPT);
    expect(opt?.class).toBe(1232);
    expect(r.udpQueries[0]?.header.rd).toBe(true);
  });

  it('ignores a wrong ID, a wrong question and a reply from another port, then takes the real answer', async () => {
    const r = await responder({
      udp: (c) => {
        const good = answer(c.query, [aRecord(q.name, '127.0.1.1')]);
        c.reply({
          ...good,
          header: { ...good.header, id: (c.query.header.id + 1) & 0xffff },
          answers: [aRecord(q.name, '6.6.6.6')],
        });
        c.reply({
          ...good,
          questions: [{ name: 'evil.test', type: RRType.A, class: 1 }],
          answers: [aRecord('evil.test', '6.6.6.6')],
        });
        c.reply({ ...good, questions: [{ ...q, type: RRType.AAAA }], answers: [aRecord(q.name, '6.6.6.6')] });
        c.replyFromOtherPort({ ...good, answers: [aRecord(q.name, '6.6.6.6')] });
        c.reply({ ...good, header: { ...good.header, qr: false }, answers: [aRecord(q.name, '6.6.6.6')] });
        setTimeout(() => c.reply(good), 50);
      },
    });
    const res = await exchange({ address: r.address, port: r.port }, q, { timeoutMs: 3000, rd: true });
    expect(res.message.answers.map((a) => a.data)).toEqual([{ type: 'A', address: '127.0.1.1' }]);
  });

  it('ignores an answer from the right port on another address, then takes the real answer', async () => {
    // The spoofer holds the server's port number on another loopback address.
    const spoofer = createSocket('udp4');
    let forged = 0;
    try {
      const r = await responder({
        udp: (c) => {
          const good = answer(c.query, [aRecord(q.name, '127.0.1.1')]);
          const lie = encodeMessage({ ...good, answers: [aRecord(q.name, '6.6.6.6')] });
          spoofer.send(lie, c.rinfo.port, c.rinfo.address, () => {
            forged++;
            setTimeout(() => c.reply(good), 50);
          });
        },
      });
      await new Promise<void>((ok) => spoofer.bind(r.port, '127.0.0.2', () => ok()));
      const res = await exchange({ address: r.address, port: r.port }, q, { timeoutMs: 3000, rd: true });
      expect(forged).toBe(1);
      expect(res.message.answers.map((a) => a.data)).toEqual([{ type: 'A', address: '127.0.1.1' }]);
    } finally {
      spoofer.close();
    }
  });

  it('accepts the question in another letter case (0x20 mixing)', async () => {
    const r = await responder({
      udp: (c) =>
        c.reply(
          answer({ ...c.query, questions: [{ ...q, name: 'HOST.Example.TEST' }] }, [
            aRecord(q.name, '127.0.1.1'),
          ]),
        ),
    });
    const res = await exchange({ address: r.address, port: r.port }, q, { timeoutMs: 2000, rd: true });
    expect(res.message.answers).toHaveLength(1);
  });

  it('uses a fresh random ID and source port for each query', async () => {
    const seen: { id: number; port: number }[] = [];
    const r = await responder({
      udp: (c) => {
        seen.push({ id: c.query.header.id, port: c.rinfo.port });
        c.reply(answer(c.query, [aRecord(q.name, '127.0.1.1')]));
      },
    });
    for (let i = 0; i < 8; i++)
      await exchange({ address: r.address, port: r.port }, q, { timeoutMs: 2000, rd: true });
    expect(new Set(seen.map((s) => s.id)).size).toBeGreaterThan(4);
    expect(new Set(seen.map((s) => s.port)).size).toBeGreaterThan(4);
  });

  it('gives queries in flight at once a socket each: no two share a source port', async () => {
    // The responder holds every answer until all queries have arrived, so all sockets are open
    // together; a design that shared one socket between queries (as c-ares does) would fail.
    const held: (() => void)[] = [];
    const ports: number[] = [];
    const r = await responder({
      udp: (c) => {
        ports.push(c.rinfo.port);
        held.push(() => c.reply(answer(c.query, [aRecord(q.name, '127.0.1.1')])));
        if (held.length === 6) for (const send of held) send();
      },
    });
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        exchange({ address: r.address, port: r.port }, q, { timeoutMs: 5000, rd: true }),
      ),
    );
    expect(results.every((res) => res.message.answers.length === 1)).toBe(true);
    expect(ports).toHaveLength(6);
    expect(new Set(ports).size).toBe(6);
  });

  it('reports a failed connect as a network error instead of crashing', async () => {
    // A mock, on purpose: connect() fails only for destinations off this machine (no route),
    // which a test may not use; so connect is made to fail the way node:dgram reports it.
    const spy = vi.spyOn(Socket.prototype, 'connect').mockImplementation(function (
      this: Socket,
      ...args: unknown[]
    ) {
      const callback = args.find((a) => typeof a === 'function') as ((err: Error) => void) | undefined;
      const err = Object.assign(new Error('connect ENETUNREACH'), {
        code: 'ENETUNREACH',
        syscall: 'connect',
      });
      // As node:dgram's doConnect reports it: to a callback (called plainly), else as 'error'.
      process.nextTick(() => (callback !== undefined ? callback(err) : this.emit('error', err)));
    });
    try {
      const err = await exchange({ address: '127.0.0.1', port: 53 }, q, { timeoutMs: 2000, rd: true }).catch(
        (e: unknown) => e,
      );
      expect(spy).toHaveBeenCalledTimes(1);
      expect(err).toBeInstanceOf(MailwrightError);
      expect((err as MailwrightError).kind).toBe('network');
      expect((err as MailwrightError).code).toBe('ENETUNREACH');
    } finally {
      spy.mockRestore();
    }
  });

  it('reports a malformed answer as DnsFormatError when nothing valid follows', async () => {
    const r = await responder({
      udp: (c) => {
        const bytes = new Uint8Array(14);
        bytes[0] = c.query.header.id >> 8;
        bytes[1] = c.query.header.id & 0xff;
        bytes[2] = 0x80;
        bytes[5] = 9; // nine questions promised, none present
        c.reply(bytes);
      },
    });
    const err = await exchange({ address: r.address, port: r.port }, q, { timeoutMs: 300, rd: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MailwrightError);
    expect((err as MailwrightError).kind).toBe('protocol');
  });

  it('asks again without EDNS when the server answers FORMERR without an OPT (RFC 6891 §7)', async () => {
    const r = await responder({
      udp: (c) => {
        const hasOpt = c.query.additionals.some((rr) => rr.type === RRType.OPT);
        c.reply(hasOpt ? answer(c.query, [], { rcode: 1 }) : answer(c.query, [aRecord(q.name, '127.0.1.1')]));
      },
    });
    const res = await exchange({ address: r.address, port: r.port }, q, { timeoutMs: 2000, rd: true });
    expect(res.message.answers).toHaveLength(1);
    expect(r.udpQueries.map((m) => m.additionals.length)).toEqual([1, 0]);
  });

  it('times out with a clear error when the server stays silent', async () => {
    const r = await responder({});
    const err = await exchange({ address: r.address, port: r.port }, q, { timeoutMs: 200, rd: true }).catch(
      (e: unknown) => e,
    );
    expect((err as MailwrightError).kind).toBe('timeout');
    expect((err as MailwrightError).message).toContain(`127.0.0.1:${r.port}`);
  });
});

describe('TCP fallback', () => {
  it('asks again over TCP after a truncated answer and reads frames split into 1-byte chunks', async () => {
    const many = Array.from({ length: 40 }, (_, i) => aRecord(q.name, `127.0.2.${i}`));
    const r = await responder({
      udp: (c) => c.reply(answer(c.query, [], { tc: true })),
      tcp: (query) => answer(query, many),
      chunkSize: 1,
    });
    const res = await exchange({ address: r.address, port: r.port }, q, { timeoutMs: 5000, rd: true });
    expect(res.via).toBe('tcp');
    expect(res.message.answers).toHaveLength(40);
    expect(r.tcpQueries).toHaveLength(1);
    expect(r.tcpQueries[0]?.questions).toEqual([q]);
  });

  it('skips a TCP frame that answers another ID', async () => {
    let first = true;
    const r = await responder({
      udp: (c) => c.reply(answer(c.query, [], { tc: true })),
      tcp: (query) => {
        const a = answer(query, [aRecord(q.name, first ? '6.6.6.6' : '127.0.1.1')]);
        if (first) {
          first = false;
          return { ...a, header: { ...a.header, id: (query.header.id + 1) & 0xffff } };
        }
        return a;
      },
    });
    const err = await exchange({ address: r.address, port: r.port }, q, { timeoutMs: 300, rd: true }).catch(
      (e: unknown) => e,
    );
    // The only frame sent was not ours: the client kept waiting and timed out rather than accept it.
    expect((err as MailwrightError).kind).toBe('timeout');
  });
});

describe('stub retries', () => {
  it('moves past a dead server and a SERVFAIL to the server that answers, tracing each', async () => {
    const failing = await responder({ udp: (c) => c.reply(answer(c.query, [], { rcode: 2 })) });
    const good = await responder({ udp: (c) => c.reply(answer(c.query, [aRecord(q.name, '127.0.1.1')])) });
    const silent = await responder({});
    const trace: TraceStep[] = [];
    const res = await stubQuery(q, {
      servers: [
        { address: silent.address, port: silent.port },
        { address: failing.address, port: failing.port },
        { address: good.address, port: good.port },
      ],
      timeoutMs: 200,
      attempts: 2,
      deadline: performance.now() + 10_000,
      trace,
    });
    expect(res.answer.answers).toHaveLength(1);
    expect(trace.map((s) => s.kind)).toEqual(['error', 'error', 'answer']);
  });

  it('stops when an outside signal aborts', async () => {
    const silent = await responder({});
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const err = await stubQuery(q, {
      servers: [{ address: silent.address, port: silent.port }],
      timeoutMs: 60_000,
      attempts: 5,
      deadline: performance.now() + 600_000,
      signal: stop.signal,
      trace: [],
    }).catch((e: unknown) => e);
    expect((err as MailwrightError).kind).toBe('timeout');
  });

  it('stops at the deadline even with long per-try timeouts', async () => {
    const silent = await responder({});
    const err = await stubQuery(q, {
      servers: [{ address: silent.address, port: silent.port }],
      timeoutMs: 60_000,
      attempts: 5,
      deadline: performance.now() + 200,
      trace: [],
    }).catch((e: unknown) => e);
    expect((err as MailwrightError).kind).toBe('timeout');
    expect((err as MailwrightError).message).toContain(`127.0.0.1:${silent.port}`);
  });

  it('reports REFUSED from every server as a dns error naming them', async () => {
    const a = await responder({ udp: (c) => c.reply(answer(c.query, [], { rcode: 5 })) });
    const err = await stubQuery(q, {
      servers: [{ address: a.address, port: a.port }],
      timeoutMs: 500,
      attempts: 2,
      deadline: performance.now() + 10_000,
      trace: [],
    }).catch((e: unknown) => e);
    expect((err as MailwrightError).kind).toBe('dns');
    expect((err as MailwrightError).code).toBe('REFUSED');
    expect((err as MailwrightError).message).toContain(`127.0.0.1:${a.port} refused`);
  });
});

describe('Resolver cache', () => {
  it('answers a repeated question from the cache without a packet, case-insensitively', async () => {
    const { Resolver } = await import('./resolver');
    const r = await responder({ udp: (c) => c.reply(answer(c.query, [aRecord(q.name, '127.0.1.1', 300)])) });
    const resolver = new Resolver({
      servers: [{ address: r.address, port: r.port }],
      timeoutMs: 1000,
      attempts: 1,
    });
    const first = await resolver.query(q.name, RRType.A);
    const second = await resolver.query('HOST.example.test.', RRType.A);
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.answers).toEqual(first.answers);
    expect(Object.isFrozen(second)).toBe(true);
    expect(r.udpQueries).toHaveLength(1);
  });

  it('does not cache a truncated answer', async () => {
    const { Resolver } = await import('./resolver');
    const r = await responder({
      udp: (c) => c.reply(answer(c.query, [aRecord(q.name, '127.0.1.1', 300)], { tc: true })),
      tcp: (query) => answer(query, [aRecord(q.name, '127.0.1.1', 300)], { tc: true }),
    });
    const resolver = new Resolver({
      servers: [{ address: r.address, port: r.port }],
      timeoutMs: 1000,
      attempts: 1,
    });
    await resolver.query(q.name, RRType.A);
    expect((await resolver.query(q.name, RRType.A)).fromCache).toBe(false);
    expect(r.tcpQueries).toHaveLength(2);
  });
});
