import { describe, expect, it } from 'vitest';
import { decodeMessage } from './message';
import { DnsFormatError, rcodeToText, RRType, typeFromText, typeToText } from './types';

describe('type and rcode names', () => {
  it('names the types we model and uses TYPEnn (RFC 3597) for the rest', () => {
    expect(typeToText(RRType.MX)).toBe('MX');
    expect(typeToText(65)).toBe('TYPE65');
    expect(typeFromText('mx')).toBe(15);
    expect(typeFromText('TYPE65')).toBe(65);
    expect(typeFromText('type65535')).toBe(65535);
    expect(typeFromText('TYPE65536')).toBeUndefined();
    expect(typeFromText('MXX')).toBeUndefined();
    expect(typeFromText('toString')).toBeUndefined();
  });

  it('names rcodes', () => {
    expect(rcodeToText(3)).toBe('NXDOMAIN');
    expect(rcodeToText(17)).toBe('RCODE17');
  });
});

describe('DnsFormatError', () => {
  it('is a protocol error with one actionable sentence and the offset', () => {
    const e = new DnsFormatError('a label runs past the end of its data', 42);
    expect(e.kind).toBe('protocol');
    expect(e.offset).toBe(42);
    expect(e.code).toBe('FORMERR');
    expect(e.message).toBe(
      'The DNS server sent a malformed message (a label runs past the end of its data at byte 42); try another server.',
    );
  });

  it('is what decodeMessage throws even for an exception it did not foresee', () => {
    // Not bytes at all: the safety net turns the TypeError into a DnsFormatError.
    let error: unknown;
    try {
      decodeMessage(null as unknown as Uint8Array);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DnsFormatError);
    expect((error as DnsFormatError).message).toContain('unexpected decoding failure');
    expect((error as DnsFormatError).cause).toBeInstanceOf(TypeError);
  });
});
