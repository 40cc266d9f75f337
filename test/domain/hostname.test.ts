import { describe, expect, it } from 'vitest';
import { hostnamePattern, validateHostname } from '../../src/domain/hostname.js';

const label63 = 'a'.repeat(63);

describe('validateHostname', () => {
  it.each([
    ['web-01.example.com', 'web-01.example.com'],
    ['web01', 'web01'],
    ['Web-01.Example.COM', 'Web-01.Example.COM'],
    ['a.b', 'a.b'],
    ['1.2.3.4', '1.2.3.4'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['web-01.example.com.', 'web-01.example.com'],
    ['  web-01.example.com  ', 'web-01.example.com'],
    [`${label63}.example.com`, `${label63}.example.com`],
  ])('accepts %j as %j', (input, hostname) => {
    expect(validateHostname(input)).toEqual({ ok: true, hostname });
  });

  it('accepts a name of exactly 253 characters', () => {
    const name = [label63, label63, label63, 'a'.repeat(61)].join('.');
    expect(name).toHaveLength(253);
    expect(validateHostname(name)).toEqual({ ok: true, hostname: name });
  });

  it.each([
    ['', 'The hostname is empty.'],
    ['   ', 'The hostname is empty.'],
    ['.', 'The hostname is only a dot.'],
    ['.example.com', 'The hostname starts with a dot.'],
    ['web..example.com', 'The hostname has two dots in a row (label 2 is empty).'],
    ['web.example.com..', 'The hostname ends with two dots.'],
    [
      'web_01.example.com',
      'Label 1 of the hostname (“web_01”) contains an underscore: only letters a–z, digits and hyphens are allowed.',
    ],
    [
      'web.exa mple.com',
      'Label 2 of the hostname (“exa mple”) contains a space: only letters a–z, digits and hyphens are allowed.',
    ],
    ['-web.example.com', 'Label 1 of the hostname (“-web”) starts with a hyphen, which is not allowed.'],
    ['web-.example.com', 'Label 1 of the hostname (“web-”) ends with a hyphen, which is not allowed.'],
    ['web.example.com-', 'Label 3 of the hostname (“com-”) ends with a hyphen, which is not allowed.'],
    ['web-', 'The hostname (“web-”) ends with a hyphen, which is not allowed.'],
    [
      'bücher.example',
      'Label 1 of the hostname (“bücher”) contains “ü”: only letters a–z, digits and hyphens are allowed. Internationalised names must be written in punycode (xn--…).',
    ],
    [
      'web\u0001.example',
      'Label 1 of the hostname (“web�”) contains a control character (U+0001): only letters a–z, digits and hyphens are allowed. Internationalised names must be written in punycode (xn--…).',
    ],
    [
      `${'a'.repeat(64)}.example.com`,
      `Label 1 of the hostname (“${'a'.repeat(40)}…”) is 64 characters long; each part between dots may be at most 63.`,
    ],
  ])('explains what is wrong with %j', (input, reason) => {
    expect(validateHostname(input)).toEqual({ ok: false, reason });
  });

  it('refuses a name longer than 253 characters and gives its length', () => {
    const name = [label63, label63, label63, 'a'.repeat(62)].join('.');
    expect(validateHostname(name)).toEqual({
      ok: false,
      reason: 'The hostname is 254 characters long; the limit is 253.',
    });
  });

  it('agrees with the pattern from the HostUp docs on every verdict', () => {
    const samples = [
      'a',
      'a-b',
      'a--b',
      '-a',
      'a-',
      'a.b.c',
      'a..b',
      '0',
      'A.B',
      'a_b',
      'é',
      label63,
      `${label63}a`,
    ];
    for (const sample of samples) {
      expect(validateHostname(sample).ok, sample).toBe(hostnamePattern.test(sample));
    }
  });
});
