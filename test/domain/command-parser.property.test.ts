import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandCatalogue, parseCommand } from '../../src/domain/commands.js';

function assertWellFormed(text: string): void {
  const result = parseCommand(text);
  if (result.ok) {
    expect(typeof result.command.kind).toBe('string');
  } else {
    expect(typeof result.error).toBe('string');
    expect(result.error.length).toBeGreaterThan(0);
    expect(result.error.length).toBeLessThan(3000);
    // A message built from a missing or inherited value would show one of these.
    expect(result.error).not.toMatch(/undefined|\[object |native code/);
  }
}

const verbs = [...new Set(commandCatalogue.flatMap((c) => [...c.name.split(' '), ...c.aliases]))];
const pieces = fc.oneof(
  fc.constantFrom(...verbs),
  fc.constantFrom(...verbs.map((v) => v.toUpperCase())),
  fc.constantFrom('--force', '--hard', '--help', '--', '-h', '--FORCE', '--x=1', 'reboot', 'power'),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'),
  fc.constantFrom('"', "'", '“', '”', '‘', '’', '""', '"my server"', '“a b”', "o'brien"),
  fc.constantFrom('web-01', 'vps_abc', '192.0.2.1', 'web-01.example.com.', 'a..b', '-x', 'bkp_1', 'job_1'),
  fc.constantFrom('\u00a0', '\u200b', '\ufeff', '\t', '\n', '\u0000', '\u0085', '\ud800', '🖥️', 'İ', 'ß'),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const separators = fc.constantFrom(' ', '  ', '\t', '', '\u00a0', '\n');

describe('parseCommand on arbitrary input', () => {
  it('never throws and always answers with a command or a short sentence, for random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 1200 }), (text) => assertWellFormed(text)),
      { numRuns: 5000 },
    );
  });

  it('never throws for random sequences of verbs, flags, quotes and unicode', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(pieces, separators), { maxLength: 14 }), (parts) => {
        assertWellFormed(parts.map(([piece, sep]) => piece + sep).join(''));
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws for huge inputs', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 990, maxLength: 5000 }), (text) =>
        assertWellFormed(text),
      ),
      { numRuns: 200 },
    );
    assertWellFormed('"'.repeat(100_000));
    assertWellFormed(`show ${'a '.repeat(499)}`);
  });

  it('reads a quoted VPS name back exactly as typed', () => {
    // Names without quotes, whitespace, control or invisible characters (those are refused or dropped).
    // biome-ignore lint/suspicious/noControlCharactersInRegex: excluding control characters is the point.
    const unquotable = /["\s\u0000-\u001f\u007f-\u009f\u200b\u200c\u2060\ufeff”“]/u;
    const name = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .filter((s) => !unquotable.test(s));
    fc.assert(
      fc.property(name, (n) => {
        expect(parseCommand(`show "${n}"`)).toEqual({ ok: true, command: { kind: 'show', vps: n } });
      }),
      { numRuns: 500 },
    );
  });
});
