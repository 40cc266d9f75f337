import { describe, expect, it } from 'vitest';
import { compileGlob, isCatchAllGlob } from '../../../src/domain/policy/glob.js';

const matches = (glob: string, name: string) => {
  const g = compileGlob(glob);
  if (!g.ok) throw new Error(g.problem);
  return g.pattern.test(name);
};

describe('compileGlob', () => {
  it.each([
    ['db-*', 'db-01', true],
    ['db-*', 'DB-01', true],
    ['db-*', 'web-db-01', false],
    ['db-?', 'db-1', true],
    ['db-?', 'db-12', false],
    ['db-[0-9][0-9]', 'db-07', true],
    ['db-[0-9][0-9]', 'db-x7', false],
    ['db-[!0-9]*', 'db-a', true],
    ['db-[!0-9]*', 'db-1', false],
    ['*.internal.example.com', 'box.internal.example.com', true],
    ['*.internal.example.com', 'boxXinternalXexampleXcom', false],
    ['web+(1)', 'web+(1)', true],
  ])('%s against %s is %s', (glob, name, expected) => {
    expect(matches(glob, name)).toBe(expected);
  });

  it.each(['', 'db-[', 'db-[]', 'db-]', '{a,b}', 'db-[9-0]'])('refuses %j with a fix', (glob) => {
    const g = compileGlob(glob);
    expect(g.ok).toBe(false);
    if (!g.ok) expect(g.fix.length).toBeGreaterThan(0);
  });

  it('knows a pattern of stars catches every name', () => {
    expect([isCatchAllGlob('*'), isCatchAllGlob('**'), isCatchAllGlob('*-*')]).toEqual([true, true, false]);
  });
});
