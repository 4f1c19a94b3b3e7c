/**
 * Hand-made DNS packets, laid out byte by byte the way real servers send them, with
 * compression pointers placed by hand (into questions, into the middle of names,
 * into rdata, pointer to a pointer). Used by the differential test against dns-packet.
 * Each offset noted in a comment was counted by hand and is checked by `at()`.
 */

type Bytes = number[];

const ascii = (s: string): Bytes => [...s].map((c) => c.charCodeAt(0));

/** Labels followed by the root byte, or by a pointer when `then` is given. */
function name(text: string, then?: Bytes): Bytes {
  const out: Bytes = [];
  for (const label of text === '' ? [] : text.split('.')) out.push(label.length, ...ascii(label));
  return then === undefined ? [...out, 0] : [...out, ...then];
}
const ptr = (offset: number): Bytes => [0xc0 | (offset >> 8), offset & 0xff];
const u16 = (v: number): Bytes => [v >> 8, v & 0xff];
const u32 = (v: number): Bytes => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

function header(id: number, flags: number, qd: number, an: number, ns: number, ar: number): Bytes {
  return [...u16(id), ...u16(flags), ...u16(qd), ...u16(an), ...u16(ns), ...u16(ar)];
}
function question(owner: Bytes, type: number, cls = 1): Bytes {
  return [...owner, ...u16(type), ...u16(cls)];
}
function record(owner: Bytes, type: number, ttl: number, rdata: Bytes, cls = 1): Bytes {
  return [...owner, ...u16(type), ...u16(cls), ...u32(ttl), ...u16(rdata.length), ...rdata];
}

/** Concatenates parts, checking that each part marked with a number starts at that offset. */
function at(...parts: (Bytes | [number, Bytes])[]): Uint8Array {
  const out: Bytes = [];
  for (const p of parts) {
    if (p.length === 2 && typeof p[0] === 'number' && Array.isArray(p[1])) {
      const [expected, bytes] = p as [number, Bytes];
      if (out.length !== expected)
        throw new Error(`corpus layout: expected offset ${expected}, at ${out.length}`);
      out.push(...bytes);
    } else {
      out.push(...(p as Bytes));
    }
  }
  return Uint8Array.from(out);
}

export interface CorpusPacket {
  what: string;
  bytes: Uint8Array;
}

export const corpus: CorpusPacket[] = [
  {
    what: 'MX answer, exchanges compressed onto the question, glue pointing into MX rdata',
    bytes: at(
      header(0x1a2b, 0x8180, 1, 2, 0, 3),
      [12, question(name('example.test'), 15)], // example.test at 12, "test" at 20
      [30, record(ptr(12), 15, 3600, [...u16(10), ...name('mx1', ptr(12))])], // "mx1..." at 44
      [50, record(ptr(12), 15, 3600, [...u16(20), ...name('mx2', ptr(12))])], // "mx2..." at 64
      [70, record(ptr(44), 1, 300, [127, 0, 0, 2])],
      [86, record(ptr(64), 1, 300, [127, 0, 0, 3])],
      [102, record(ptr(64), 28, 300, [0x20, 0x01, 0x0d, 0xb8, ...Array.from({ length: 11 }, () => 0), 3])],
    ),
  },
  {
    what: 'NXDOMAIN with SOA in authority and EDNS with a COOKIE option',
    bytes: at(
      header(0x0001, 0x8183, 1, 0, 1, 1),
      [12, question(name('nope.example.test'), 1)], // "example.test" at 17
      [
        35,
        record(ptr(17), 6, 300, [
          ...name('ns1', ptr(17)),
          ...name('hostmaster', ptr(17)),
          ...u32(2026112601),
          ...u32(7200),
          ...u32(900),
          ...u32(1209600),
          ...u32(300),
        ]),
      ],
      record([0], 41, 0, [...u16(10), ...u16(16), ...Array.from({ length: 16 }, (_, i) => i)], 1232),
    ),
  },
  {
    what: 'SRV answers with uncompressed targets and glue pointing at an SRV target',
    bytes: at(
      header(0xbeef, 0x8580, 1, 2, 0, 1),
      [12, question(name('_imaps._tcp.example.test'), 33)], // "example.test" at 24
      [42, record(ptr(12), 33, 86400, [...u16(0), ...u16(1), ...u16(993), ...name('imap.example.test')])], // target at 60
      [79, record(ptr(12), 33, 86400, [...u16(10), ...u16(0), ...u16(993), ...name('')])],
      [98, record(ptr(60), 1, 86400, [127, 0, 0, 4])],
    ),
  },
  {
    what: 'TXT with several strings: empty, 255 bytes, quotes and high bytes',
    bytes: at(
      header(0x7777, 0x8400, 1, 2, 0, 0),
      [12, question(name('example.test'), 16)],
      [30, record(ptr(12), 16, 60, [11, ...ascii('v=spf1 -all')])],
      record(ptr(12), 16, 60, [
        0,
        255,
        ...Array.from({ length: 255 }, (_, i) => 0x41 + (i % 26)),
        6,
        0x22,
        0x5c,
        0x00,
        0xc3,
        0xa9,
        0xff,
      ]),
    ),
  },
  {
    what: 'a referral: NS in authority, A and AAAA glue in additional, AA clear',
    bytes: at(
      header(0x4242, 0x8000, 1, 0, 2, 3),
      [12, question(name('www.example.test'), 1)], // "example.test" at 16, "test" at 24
      [34, record(ptr(16), 2, 172800, name('ns1', ptr(16)))], // "ns1..." at 46
      [52, record(ptr(16), 2, 172800, name('ns2.other', ptr(24)))], // "ns2.other.test" at 64
      [76, record(ptr(46), 1, 172800, [127, 0, 1, 1])],
      [92, record(ptr(46), 28, 172800, [...Array.from({ length: 15 }, () => 0), 1])],
      [120, record(ptr(64), 1, 172800, [127, 0, 1, 2])],
    ),
  },
  {
    what: 'CNAME chain with a pointer to a pointer',
    bytes: at(
      header(0x5150, 0x8180, 1, 3, 0, 0),
      [12, question(name('www.example.test'), 1)], // "example.test" at 16
      [34, record(ptr(12), 5, 60, name('alias', ptr(16)))], // "alias..." at 46
      [54, record(ptr(46), 5, 60, name('cdn', ptr(46)))], // "cdn" at 66, its pointer at 70
      // The owner points at the pointer at 70, which points at 46: alias.example.test.
      [72, record(ptr(70), 1, 20, [127, 0, 2, 1])],
    ),
  },
  {
    what: 'PTR for a reverse name, and an unknown type (65280) with class CH',
    bytes: at(
      header(0x0102, 0x8180, 1, 2, 0, 0),
      [12, question(name('2.0.0.127.in-addr.arpa'), 12)],
      [40, record(ptr(12), 12, 3600, name('mx1.example.test'))],
      record(ptr(12), 65280, 0, [1, 2, 3, 4, 5], 3),
    ),
  },
  {
    what: 'a query with EDNS: DO bit, payload 4096, AD and CD set, mixed-case name',
    bytes: at(
      header(0xffff, 0x0130, 1, 0, 0, 1),
      [12, question(name('MiXeD.Example.TEST'), 28)],
      record([0], 41, 0x00008000, [], 4096),
    ),
  },
  {
    what: 'AAAA answers in every RFC 5952 shape',
    bytes: at(
      header(0x0a0a, 0x8180, 1, 5, 0, 0),
      [12, question(name('v6.example.test'), 28)],
      record(
        ptr(12),
        28,
        60,
        Array.from({ length: 16 }, () => 0),
      ),
      record(ptr(12), 28, 60, [0x20, 0x01, 0x0d, 0xb8, ...Array.from({ length: 12 }, () => 0)]),
      record(ptr(12), 28, 60, [0xfe, 0x80, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
      record(ptr(12), 28, 60, [...Array.from({ length: 10 }, () => 0), 0xff, 0xff, 1, 2, 3, 4]),
      record(ptr(12), 28, 60, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]),
    ),
  },
  {
    what: 'null MX (RFC 7505) and a root owner',
    bytes: at(
      header(0x0b0b, 0x8580, 1, 1, 0, 0),
      [12, question(name('nomail.test'), 15)],
      record(ptr(12), 15, 3600, [0, 0, 0]),
    ),
  },
];
