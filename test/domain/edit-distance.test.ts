import { describe, expect, it } from 'vitest';
import { closestMatches, editDistance } from '../../src/domain/edit-distance.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['restart', 'restart', 0],
    ['Restart', 'restart', 0],
    ['rstart', 'restart', 1],
    ['rsetart', 'restart', 1],
    ['kitten', 'sitting', 3],
    ['web-01', 'web-02', 1],
    ['🖥️a', '🖥️b', 1],
  ])('measures %j → %j as %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });

  it('stops at the limit and reports limit + 1', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
    expect(editDistance('web-01', 'web-02', 2)).toBe(1);
  });
});

describe('closestMatches', () => {
  const names = ['web-01', 'web-02', 'db-01', 'mail', 'backup-server'];

  it('puts prefix matches first, shortest first', () => {
    expect(closestMatches('web', names)).toEqual(['web-01', 'web-02']);
    expect(closestMatches('ba', names)).toEqual(['backup-server']);
  });

  it('finds names a typo or two away', () => {
    expect(closestMatches('wbe-01', names)).toEqual(['web-01']);
    expect(closestMatches('mial', names)).toEqual(['mail']);
  });

  it('suggests nothing when nothing is close', () => {
    expect(closestMatches('zzzzzz', names)).toEqual([]);
    expect(closestMatches('', names)).toEqual([]);
  });

  it('returns at most the requested number, without repeats', () => {
    expect(closestMatches('web-0', ['web-01', 'WEB-01', 'web-02', 'web-03', 'web-04'], 3)).toEqual([
      'web-01',
      'web-02',
      'web-03',
    ]);
  });
});
