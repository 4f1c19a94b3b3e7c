import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sizeBatches } from './bodies';

describe('sizeBatches', () => {
  it('cuts by bytes and by count, keeps order, never leaves a batch empty', () => {
    const items = [
      { uid: 9, size: 3 },
      { uid: 8, size: 3 },
      { uid: 7, size: 10 }, // larger than a batch on its own: alone in its batch
      { uid: 6, size: 1 },
      { uid: 5, size: 1 },
      { uid: 4, size: 1 },
    ];
    expect(sizeBatches(items, 6, 2)).toEqual([[9, 8], [7], [6, 5], [4]]);
    expect(sizeBatches([], 6, 2)).toEqual([]);
  });

  it('property: the batches are the input in order, each within the limits unless a single message', () => {
    fc.assert(
      fc.property(
        // UIDs in one folder are unique.
        fc.uniqueArray(fc.record({ uid: fc.nat(), size: fc.nat({ max: 100 }) }), { selector: (i) => i.uid }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 10 }),
        (items, maxBytes, maxCount) => {
          const batches = sizeBatches(items, maxBytes, maxCount);
          expect(batches.flat()).toEqual(items.map((i) => i.uid));
          const sizes = new Map(items.map((i) => [i.uid, i.size]));
          for (const b of batches) {
            expect(b.length).toBeGreaterThan(0);
            expect(b.length).toBeLessThanOrEqual(maxCount);
            if (b.length > 1)
              expect(b.reduce((s, u) => s + (sizes.get(u) ?? 0), 0)).toBeLessThanOrEqual(maxBytes);
          }
        },
      ),
    );
  });
});
