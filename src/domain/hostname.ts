import { quoteForMessage } from './message-text.js';

/**
 * Hostname rules from HostUp's `PUT /api/v2/vps/{id}/hostname`: at most 253 characters, labels of
 * 1–63 letters, digits and hyphens, no hyphen at either end of a label. Checking here first lets
 * the bot say exactly which part is wrong instead of relaying a generic 400.
 */
export const hostnamePattern =
  /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export const maxHostnameLength = 253;
export const maxLabelLength = 63;

export type HostnameValidation = { ok: true; hostname: string } | { ok: false; reason: string };

const labelChar = /^[a-zA-Z0-9-]$/;

/**
 * Checks a hostname a person typed. One trailing dot (the DNS root, `web-01.example.com.`) is
 * dropped silently; the result is otherwise exactly what was typed (HostUp normalises case itself).
 */
export function validateHostname(input: string): HostnameValidation {
  const trimmed = input.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'The hostname is empty.' };
  const hostname = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  if (hostname.length === 0) return { ok: false, reason: 'The hostname is only a dot.' };
  if (hostname.length > maxHostnameLength) {
    return {
      ok: false,
      reason: `The hostname is ${hostname.length} characters long; the limit is ${maxHostnameLength}.`,
    };
  }

  const labels = hostname.split('.');
  for (const [index, label] of labels.entries()) {
    const problem = labelProblem(label, index, labels.length);
    if (problem) return { ok: false, reason: problem };
  }
  // The doc's pattern is the final word; the label checks above only explain failures.
  if (!hostnamePattern.test(hostname)) {
    return { ok: false, reason: `${quoteForMessage(hostname)} is not a valid hostname.` };
  }
  return { ok: true, hostname };
}

function labelProblem(label: string, index: number, count: number): string | null {
  const which = count === 1 ? 'The hostname' : `Label ${index + 1} of the hostname`;
  if (label.length === 0) {
    if (index === 0) return 'The hostname starts with a dot.';
    if (index === count - 1) return 'The hostname ends with two dots.';
    return `The hostname has two dots in a row (label ${index + 1} is empty).`;
  }
  const shown = quoteForMessage(label);
  if (label.length > maxLabelLength) {
    return `${which} (${shown}) is ${label.length} characters long; each part between dots may be at most ${maxLabelLength}.`;
  }
  const bad = [...label].find((ch) => !labelChar.test(ch));
  if (bad !== undefined) {
    const what = describeChar(bad);
    const hint = /^[\x20-\x7e]$/.test(bad)
      ? ''
      : ' Internationalised names must be written in punycode (xn--…).';
    return `${which} (${shown}) contains ${what}: only letters a–z, digits and hyphens are allowed.${hint}`;
  }
  if (label.startsWith('-')) return `${which} (${shown}) starts with a hyphen, which is not allowed.`;
  if (label.endsWith('-')) return `${which} (${shown}) ends with a hyphen, which is not allowed.`;
  return null;
}

function describeChar(ch: string): string {
  if (/\s/.test(ch)) return 'a space';
  if (ch === '_') return 'an underscore';
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
    return `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  }
  return quoteForMessage(ch);
}
