import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameMessage, LengthPrefixedFramer } from './framer';

describe('LengthPrefixedFramer', () => {
  it('cuts frames out of one chunk, and waits for the rest of a split one', () => {
    const f = new LengthPrefixedFramer();
    const one = frameMessage(new Uint8Array([1, 2, 3]));
    const two = frameMessage(new Uint8Array([4]));
    const both = new Uint8Array([...one, ...two]);
    expect(f.push(both.subarray(0, 1))).toEqual([]);
    expect(f.push(both.subarray(1, 4))).toEqual([]);
    expect(f.push(both.subarray(4))).toEqual([new Uint8Array([1, 2, 3]), new Uint8Array([4])]);
    expect(f.pending).toBe(0);
  });

  it('handles an empty message', () => {
    expect(new LengthPrefixedFramer().push(new Uint8Array([0, 0]))).toEqual([new Uint8Array(0)]);
  });

  it('property: any split of any sequence of frames yields the same messages', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 40 }),
        (messages, cuts) => {
          const stream = new Uint8Array(messages.reduce((n, m) => n + m.length + 2, 0));
          let at = 0;
          for (const m of messages) {
            stream.set(frameMessage(m), at);
            at += m.length + 2;
          }
          const f = new LengthPrefixedFramer();
          const out: Uint8Array[] = [];
          let pos = 0;
          for (let i = 0; pos < stream.length; i++) {
            const size = cuts[i % cuts.length]!;
            out.push(...f.push(stream.slice(pos, pos + size)));
            pos += size;
          }
          expect(out).toEqual(messages);
          expect(f.pending).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses to frame more than 65535 bytes', () => {
    expect(() => frameMessage(new Uint8Array(65536))).toThrow(RangeError);
  });
});
