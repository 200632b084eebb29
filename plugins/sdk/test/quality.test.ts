import { describe, expect, it } from 'vitest';
import { compareBoxes, compareFields, consensusWinner, iou } from '../src/index.js';

describe('quality comparisons', () => {
  it('computes IoU of overlapping, identical and disjoint boxes', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(iou(a, a)).toBe(1);
    expect(iou(a, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150);
    expect(iou(a, { x: 10, y: 0, width: 5, height: 5 })).toBe(0);
  });

  it('pairs boxes by label and IoU, naming the unpaired ones', () => {
    const car = { x: 0, y: 0, width: 10, height: 10, label: 'car' };
    const moved = { ...car, x: 1 };
    expect(compareBoxes([car], [moved])).toEqual({ agreement: 1, differences: [] });
    expect(compareBoxes([car], [{ ...moved, label: 'bus' }])).toEqual({
      agreement: 0,
      differences: ['/boxes/0', '/boxes/+0'],
    });
    expect(compareBoxes([car, { ...car, x: 50 }], [moved]).agreement).toBeCloseTo(2 / 3);
    expect(compareBoxes([], [])).toEqual({ agreement: 1, differences: [] });
  });

  it('compares fields after NFKC so full-width digits agree', () => {
    expect(
      compareFields({ zip: '３９９－０７３８', name: '山田' }, { zip: '399-0738', name: '山田' }),
    ).toEqual({
      agreement: 1,
      differences: [],
    });
    expect(compareFields({ a: '1', b: '2' }, { a: '1', b: '3' }, undefined, '/fields')).toEqual({
      agreement: 0.5,
      differences: ['/fields/b'],
    });
  });

  it('finds a consensus only with a strict majority', () => {
    const eq = (a: string, b: string) => ({ agreement: a === b ? 1 : 0, differences: [] });
    expect(consensusWinner(['cat', 'dog', 'cat'], eq)).toEqual({ index: 0, supporters: 2 });
    expect(consensusWinner(['cat', 'dog'], eq)).toBeNull();
    expect(consensusWinner(['cat', 'dog', 'bird'], eq)).toBeNull();
  });
});
