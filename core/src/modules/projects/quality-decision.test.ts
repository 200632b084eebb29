import { compareFields } from '@kado/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { decide, submissionsNeeded } from './quality-decision.js';

const compare = (a: Record<string, string>, b: Record<string, string>) => compareFields(a, b);
const sub = (id: string, payload: Record<string, string>) => ({ id, workerId: `w-${id}`, payload });

describe('quality decision', () => {
  it('needs one, two or k submissions by strategy', () => {
    expect(submissionsNeeded({ strategy: 'review' })).toBe(1);
    expect(submissionsNeeded({ strategy: 'golden', rate: 0.1 })).toBe(1);
    expect(submissionsNeeded({ strategy: 'double-entry' })).toBe(2);
    expect(submissionsNeeded({ strategy: 'consensus', overlap: 3 })).toBe(3);
  });

  it('sends review and golden work to a director', () => {
    expect(decide({ strategy: 'review' }, [sub('a', { x: '1' })], compare)).toEqual({ kind: 'review' });
    expect(decide({ strategy: 'golden', rate: 0.2 }, [sub('a', { x: '1' })], compare)).toEqual({
      kind: 'review',
    });
  });

  it('accepts matching double entry and sends differing fields to adjudication', () => {
    const same = decide({ strategy: 'double-entry' }, [sub('a', { n: '1' }), sub('b', { n: '１' })], compare);
    expect(same).toEqual({
      kind: 'accept',
      acceptedId: 'a',
      scores: [
        { id: 'a', workerId: 'w-a', agreement: 1 },
        { id: 'b', workerId: 'w-b', agreement: 1 },
      ],
    });
    const differ = decide(
      { strategy: 'double-entry' },
      [sub('a', { n: '1', d: 'x' }), sub('b', { n: '2', d: 'x' })],
      compare,
    );
    expect(differ).toEqual({ kind: 'adjudicate', differences: ['/n'] });
  });

  it('accepts a consensus majority and scores the dissenter against it', () => {
    const result = decide(
      { strategy: 'consensus', overlap: 3 },
      [sub('a', { l: 'cat' }), sub('b', { l: 'dog' }), sub('c', { l: 'dog' })],
      compare,
    );
    expect(result).toMatchObject({ kind: 'accept', acceptedId: 'b' });
    if (result.kind === 'accept') expect(result.scores.find((s) => s.id === 'a')?.agreement).toBe(0);
    expect(
      decide(
        { strategy: 'consensus', overlap: 2 },
        [sub('a', { l: 'cat' }), sub('b', { l: 'dog' })],
        compare,
      ),
    ).toEqual({ kind: 'adjudicate', differences: ['/l'] });
  });
});
