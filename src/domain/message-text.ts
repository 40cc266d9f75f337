/**
 * Echoing what a person typed back into a sentence. Input can be anything (control characters,
 * a 1,000-character paste), so echoes are cut short and control characters are replaced, keeping
 * every message readable and bounded in size. Escaping for a chat platform's markup (`<`, `>`,
 * `&` in Slack) is the renderer's job, not this one.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controlChars = /[\u0000-\u001f\u007f-\u009f]/gu;

/** `text` in curly quotes, at most `max` characters (plus "…"), control characters shown as "�". */
export function quoteForMessage(text: string, max = 40): string {
  const chars = [...text.replace(controlChars, '\ufffd')];
  const shown = chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
  return `“${shown}”`;
}

/** "a", "a and b", "a, b and c" (or "a, b or c"). */
export function joinWords(words: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}
