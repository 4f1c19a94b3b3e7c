import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { buildQuery, decodeHeader, decodeMessage, ednsInfo, encodeMessage } from './message';
import { DnsFormatError, RRType, Z_AD, Z_CD } from './types';
import type { DnsHeader, DnsMessage, RData, ResourceRecord } from './types';

const header: DnsHeader = {
  id: 0x1234,
  qr: true,
  opcode: 0,
  aa: true,
  tc: false,
  rd: true,
  ra: true,
  z: 0,
  rcode: 0,
};

function message(records: ResourceRecord[], over: Partial<DnsMessage> = {}): DnsMessage {
  return {
    header,
    questions: [{ name: 'example.test', type: RRType.MX, class: 1 }],
    answers: records,
    authorities: [],
    additionals: [],
    ...over,
  };
}

function rr(
  name: string,
  data: RData,
  type = data.type === 'UNKNOWN' ? 65 : RRType[data.type],
): ResourceRecord {
  return { name, type, class: 1, ttl: 3600, data };
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** One record of every type, with values at the edges of their ranges. */
const everyType: ResourceRecord[] = [
  rr('example.test', { type: 'A', address: '127.0.0.2' }),
  rr('example.test', { type: 'AAAA', address: '2001:db8::25' }),
  rr('example.test', { type: 'NS', host: 'ns1.example.test' }),
  rr('www.example.test', { type: 'CNAME', target: 'example.test' }),
  rr('2.0.0.127.in-addr.arpa', { type: 'PTR', host: 'mx1.example.test' }),
  rr('example.test', { type: 'MX', preference: 65535, exchange: 'mx1.example.test' }),
  rr('null.example.test', { type: 'MX', preference: 0, exchange: '' }),
  rr('example.test', {
    type: 'TXT',
    strings: [text('v=spf1 -all'), new Uint8Array(0), new Uint8Array(255).fill(7)],
  }),
  rr('empty.example.test', { type: 'TXT', strings: [] }),
  rr('_imaps._tcp.example.test', {
    type: 'SRV',
    priority: 0,
    weight: 1,
    port: 993,
    target: 'imap.example.test',
  }),
  rr('_pop3._tcp.example.test', { type: 'SRV', priority: 0, weight: 0, port: 0, target: '' }),
  rr('example.test', {
    type: 'SOA',
    mname: 'ns1.example.test',
    rname: 'hostmaster.example.test',
    serial: 4294967295,
    refresh: 3600,
    retry: 600,
    expire: 86400,
    minimum: 300,
  }),
  rr('example.test', { type: 'UNKNOWN', data: Uint8Array.from([1, 2, 3, 0xff]) }),
  { name: 'example.test', type: 99, class: 255, ttl: 0, data: { type: 'UNKNOWN', data: new Uint8Array(0) } },
];

const opt: ResourceRecord = {
  name: '',
  type: RRType.OPT,
  class: 1232,
  ttl: (1 << 24) | 0x8000, // extended rcode 1, version 0, DO
  data: {
    type: 'OPT',
    options: [
      { code: 10, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) },
      { code: 12, data: new Uint8Array(0) },
    ],
  },
};

describe('round trips', () => {
  it.each(everyType.map((r) => [r.data.type, r] as const))('%s record', (_type, record) => {
    const msg = message([record]);
    expect(decodeMessage(encodeMessage(msg))).toEqual(msg);
  });

  it('every type in one message, in all three sections, with EDNS', () => {
    const msg = message(everyType, {
      authorities: everyType.slice(2, 5),
      additionals: [...everyType.slice(0, 2), opt],
    });
    const wire = encodeMessage(msg);
    expect(decodeMessage(wire)).toEqual(msg);
    // And the encoding is stable: decode -> encode gives the same bytes.
    expect(encodeMessage(decodeMessage(wire))).toEqual(wire);
  });

  it('every header bit and field', () => {
    const h: DnsHeader = {
      id: 65535,
      qr: true,
      opcode: 15,
      aa: true,
      tc: true,
      rd: true,
      ra: true,
      z: 7,
      rcode: 15,
    };
    const wire = encodeMessage(message([], { header: h }));
    expect([...wire.subarray(0, 4)]).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(decodeHeader(wire)).toEqual(h);
    const zero: DnsHeader = {
      id: 0,
      qr: false,
      opcode: 0,
      aa: false,
      tc: false,
      rd: false,
      ra: false,
      z: 0,
      rcode: 0,
    };
    expect(decodeHeader(encodeMessage(message([], { header: zero })))).toEqual(zero);
  });

  it('places AD and CD where RFC 4035 puts them', () => {
    const wire = encodeMessage(message([], { header: { ...header, z: Z_AD | Z_CD } }));
    expect(wire[3]! & 0x30).toBe(0x30);
  });

  it('keeps the case of every name that is not compressed onto an earlier one', () => {
    const msg = message([rr('ExAmPlE.test', { type: 'MX', preference: 1, exchange: 'MX1.Other.EXAMPLE' })], {
      questions: [{ name: 'ExAmPlE.test', type: RRType.MX, class: 1 }],
    });
    expect(decodeMessage(encodeMessage(msg))).toEqual(msg);
  });
});

describe('compression when encoding', () => {
  it('writes the RFC 1035 §4.1.4 names with pointers to earlier suffixes', () => {
    const q = (name: string) => ({ name, type: 1, class: 1 });
    const wire = encodeMessage(
      message([], { questions: [q('F.ISI.ARPA'), q('FOO.F.ISI.ARPA'), q('ARPA'), q('')] }),
    );
    const body = [...wire.subarray(12)];
    const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
    expect(body).toEqual(
      [
        [1, ...ascii('F'), 3, ...ascii('ISI'), 4, ...ascii('ARPA'), 0, 0, 1, 0, 1], // at 12
        [3, ...ascii('FOO'), 0xc0, 12, 0, 1, 0, 1], // FOO + pointer to 12
        [0xc0, 18, 0, 1, 0, 1], // pointer to ARPA at 18
        [0, 0, 1, 0, 1], // the root is never a pointer
      ].flat(),
    );
    expect(decodeMessage(wire).questions.map((x) => x.name)).toEqual([
      'F.ISI.ARPA',
      'FOO.F.ISI.ARPA',
      'ARPA',
      '',
    ]);
  });

  it('matches suffixes without case and reads them back in the first-written case', () => {
    const msg = message([rr('EXAMPLE.TEST', { type: 'MX', preference: 10, exchange: 'mx1.Example.Test' })]);
    const wire = encodeMessage(msg);
    const lower = encodeMessage(
      message([rr('example.test', { type: 'MX', preference: 10, exchange: 'mx1.example.test' })]),
    );
    // Compressed exactly as far as the all-lower-case message: the owner is one pointer,
    // the exchange "mx1" + a pointer.
    expect(wire.length).toBe(lower.length);
    expect(wire.length).toBe(12 + 18 + (2 + 10) + 2 + (4 + 2));
    const back = decodeMessage(wire);
    expect(back.answers[0]!.name).toBe('example.test');
    expect(back.answers[0]!.data).toEqual({ type: 'MX', preference: 10, exchange: 'mx1.example.test' });
  });

  it('never compresses the SRV target (RFC 2782), but may point at it', () => {
    const srv = rr('_imaps._tcp.example.test', {
      type: 'SRV',
      priority: 0,
      weight: 1,
      port: 993,
      target: 'example.test',
    });
    const wire = encodeMessage(message([srv, rr('x.example.test', { type: 'A', address: '127.0.0.1' })]));
    const target = [7, ...new TextEncoder().encode('example'), 4, ...new TextEncoder().encode('test'), 0];
    const hay = [...wire];
    // The first occurrence is the question; the SRV target is written out in full a second time.
    const first = indexOf(hay, target, 0);
    expect(first).toBe(12);
    expect(indexOf(hay, target, first + 1)).toBeGreaterThan(first);
    expect(decodeMessage(wire).answers.map((r) => r.data)).toEqual([
      srv.data,
      { type: 'A', address: '127.0.0.1' },
    ]);
  });
});

function indexOf(hay: number[], needle: number[], from: number): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** A message whose one answer has the given type and raw rdata. */
function withRdata(type: number, rdata: number[], prefix: number[] = []): Uint8Array {
  // header: 1 answer, no question; owner is the root.
  const out = [
    0,
    1,
    0x81,
    0x80,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    0,
    ...prefix,
    0,
    type >> 8,
    type & 0xff,
    0,
    1,
    0,
    0,
    0,
    60,
  ];
  out.push(rdata.length >> 8, rdata.length & 0xff, ...rdata);
  return Uint8Array.from(out);
}

const zeros = (n: number): number[] => Array.from({ length: n }, () => 0);

function formatError(bytes: Uint8Array): DnsFormatError {
  try {
    decodeMessage(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DnsFormatError);
    return error as DnsFormatError;
  }
  throw new Error('expected a DnsFormatError');
}

describe('rdata lengths are checked against the type', () => {
  it.each([
    ['A of 3', RRType.A, [127, 0, 0]],
    ['A of 5', RRType.A, [127, 0, 0, 1, 0]],
    ['AAAA of 15', RRType.AAAA, zeros(15)],
    ['AAAA of 4', RRType.AAAA, [127, 0, 0, 1]],
    ['MX of 2', RRType.MX, [0, 10]],
    ['SRV of 6', RRType.SRV, [0, 0, 0, 0, 0, 25]],
    ['SOA one byte short', RRType.SOA, [0, 0, ...zeros(19)]],
    ['SOA one byte long', RRType.SOA, [0, 0, ...zeros(21)]],
    ['NS name ends early', RRType.NS, [1, 0x61, 0, 0]],
    ['CNAME name runs past', RRType.CNAME, [3, 0x61, 0x62]],
    ['PTR empty', RRType.PTR, []],
    ['MX exchange ends early', RRType.MX, [0, 10, 0, 0]],
    ['TXT string runs past', RRType.TXT, [5, 0x61, 0x62]],
    ['OPT option header cut', RRType.OPT, [0, 10, 0]],
    ['OPT option data runs past', RRType.OPT, [0, 10, 0, 4, 1, 2]],
  ])('%s', (_what, type, rdata) => {
    const e = formatError(withRdata(type, rdata));
    expect(e.kind).toBe('protocol');
    expect(e.offset).toBeGreaterThanOrEqual(12);
  });

  it('accepts the same types at their right lengths', () => {
    expect(decodeMessage(withRdata(RRType.A, [127, 0, 0, 1])).answers[0]!.data).toEqual({
      type: 'A',
      address: '127.0.0.1',
    });
    expect(decodeMessage(withRdata(RRType.MX, [0, 10, 0])).answers[0]!.data).toEqual({
      type: 'MX',
      preference: 10,
      exchange: '',
    });
  });

  it('lets a name in rdata point back at the owner', () => {
    // owner "ab" at 12; CNAME rdata "x" + pointer to 12.
    const bytes = withRdata(RRType.CNAME, [1, 0x78, 0xc0, 12], [2, 0x61, 0x62]);
    // the helper appends the root after the prefix: owner is "ab".
    expect(decodeMessage(bytes).answers[0]).toMatchObject({
      name: 'ab',
      data: { type: 'CNAME', target: 'x.ab' },
    });
  });
});

describe('counts and lengths from the wire', () => {
  it('rejects a message shorter than a header', () => {
    expect(formatError(new Uint8Array(11)).message).toContain('12-byte header');
    expect(() => decodeHeader(new Uint8Array(0))).toThrow(DnsFormatError);
  });

  it('rejects counts larger than the packet could hold, before reading records', () => {
    const bytes = new Uint8Array(12);
    bytes[6] = 0xff;
    bytes[7] = 0xff;
    const e = formatError(bytes);
    expect(e.message).toContain('65535 records');
    expect(e.offset).toBe(4);
  });

  it('rejects a count one larger than what is there', () => {
    const good = encodeMessage(message(everyType.slice(0, 3)));
    const bad = Uint8Array.from(good);
    bad[7] = 4;
    formatError(bad);
  });

  it('rejects an rdlength past the end', () => {
    const good = withRdata(RRType.A, [127, 0, 0, 1]);
    formatError(good.subarray(0, good.length - 1));
  });

  it('rejects a question or a record header cut short', () => {
    const q = buildQuery({ id: 1, name: 'example.test', type: RRType.A, rd: true });
    for (let cut = 12; cut < q.length; cut++) formatError(q.subarray(0, cut));
    const r = withRdata(RRType.A, [127, 0, 0, 1]);
    for (let cut = 13; cut < r.length; cut++) formatError(r.subarray(0, cut));
  });

  it('ignores bytes after the last record', () => {
    const q = buildQuery({ id: 1, name: 'example.test', type: RRType.A, rd: true });
    const padded = new Uint8Array(q.length + 3);
    padded.set(q);
    expect(decodeMessage(padded)).toEqual(decodeMessage(q));
  });

  it('decodes a truncated answer whose counts are honest (the TC bit is the caller’s business)', () => {
    const wire = encodeMessage(message([], { header: { ...header, tc: true } }));
    expect(decodeMessage(wire).header.tc).toBe(true);
  });
});

describe('buildQuery and EDNS', () => {
  it('builds a standard recursive query, byte for byte', () => {
    const q = buildQuery({ id: 0xbeef, name: 'Example.Test', type: RRType.MX, rd: true });
    expect(Buffer.from(q).toString('hex')).toBe(
      'beef01000001000000000000' + '074578616d706c65045465737400' + '000f0001',
    );
  });

  it('adds an OPT record advertising the payload size', () => {
    const q = buildQuery({
      id: 1,
      name: 'example.test',
      type: RRType.SRV,
      rd: false,
      edns: { udpPayloadSize: 1232 },
    });
    const m = decodeMessage(q);
    expect(m.header.rd).toBe(false);
    expect(m.additionals).toEqual([
      { name: '', type: RRType.OPT, class: 1232, ttl: 0, data: { type: 'OPT', options: [] } },
    ]);
    expect(ednsInfo(m)).toEqual({ udpPayloadSize: 1232, version: 0, dnssecOk: false, rcode: 0, options: [] });
  });

  it('joins the extended rcode to the header rcode', () => {
    const m = message([], { header: { ...header, rcode: 0 }, additionals: [opt] });
    const info = ednsInfo(decodeMessage(encodeMessage(m)));
    expect(info).toMatchObject({ rcode: 16, dnssecOk: true, version: 0, udpPayloadSize: 1232 }); // BADVERS
    expect(ednsInfo(message([]))).toBeUndefined();
  });
});

describe('encoding refuses what cannot be sent', () => {
  const badInput = (msg: DnsMessage, why: string): void => {
    let error: unknown;
    try {
      encodeMessage(msg);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MailwrightError);
    expect((error as MailwrightError).kind).toBe('bad-input');
    expect((error as MailwrightError).message).toContain(why);
  };

  it('rejects data that disagrees with the record type', () => {
    badInput(
      message([{ ...rr('a', { type: 'A', address: '127.0.0.1' }), type: RRType.MX }]),
      'cannot carry A data',
    );
  });

  it('rejects numbers out of range', () => {
    badInput(message([], { header: { ...header, id: 65536 } }), 'message id 65536');
    badInput(message([], { header: { ...header, opcode: 16 } }), 'opcode 16');
    badInput(message([{ ...rr('a', { type: 'A', address: '127.0.0.1' }), ttl: -1 }]), 'ttl -1');
    badInput(message([rr('a', { type: 'MX', preference: 1.5, exchange: 'b' })]), 'MX preference 1.5');
    badInput(
      message([rr('a', { type: 'SRV', priority: 0, weight: 0, port: 70000, target: 'b' })]),
      'port 70000',
    );
  });

  it('rejects bad addresses, long strings and bad names', () => {
    badInput(message([rr('a', { type: 'A', address: '::1' })]), 'IPv4');
    badInput(message([rr('a', { type: 'AAAA', address: '127.0.0.1' })]), 'IPv6');
    badInput(message([rr('a', { type: 'TXT', strings: [new Uint8Array(256)] })]), 'at most 255');
    badInput(message([rr('a..b', { type: 'A', address: '127.0.0.1' })]), 'empty label');
  });

  it('rejects a message over 65535 bytes', () => {
    const big = Array.from({ length: 300 }, () => rr('a', { type: 'UNKNOWN', data: new Uint8Array(250) }));
    badInput(message(big), '65535');
  });
});
