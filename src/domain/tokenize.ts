/**
 * Splits slash-command text into words. Whitespace (any Unicode space, so a pasted non-breaking
 * space works) separates words; a word that starts with a quote runs to the matching closing quote,
 * so `"my server"` is one word. Straight and curly quotes both count, because phones and macOS turn
 * `"` into `“ ”` as people type. A quote inside a word (`o'brien`) is just a character.
 */

export interface Token {
  readonly text: string;
  /** True when the word was quoted: a quoted `"--force"` is an argument, never a flag. */
  readonly quoted: boolean;
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: string };

const closingQuote: Readonly<Record<string, readonly string[]>> = {
  '"': ['"', '”', '“'],
  '“': ['”', '"', '“'],
  '”': ['”', '"'],
  "'": ["'", '’', '‘'],
  '‘': ['’', "'"],
  '’': ['’', "'"],
};

/** Invisible characters that ride along with copy-paste and would only make names fail to match. */
const invisible = /[\u200b\u200c\u2060\ufeff]/g;

export function tokenize(input: string): TokenizeResult {
  const text = input.replace(invisible, '');
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/u.test(ch)) {
      i += 1;
      continue;
    }
    const closers = closingQuote[ch];
    if (closers) {
      let end = i + 1;
      while (end < text.length && !closers.includes(text[end]!)) end += 1;
      if (end >= text.length) {
        return {
          ok: false,
          error: `A quote (${ch}) is not closed: put a matching quote after the last word of the name.`,
        };
      }
      // Text glued to the closing quote (`"my server"-2`) stays part of the same word.
      let tail = end + 1;
      while (tail < text.length && !/\s/u.test(text[tail]!)) tail += 1;
      tokens.push({ text: text.slice(i + 1, end) + text.slice(end + 1, tail), quoted: true });
      i = tail;
      continue;
    }
    let end = i;
    while (end < text.length && !/\s/u.test(text[end]!)) end += 1;
    tokens.push({ text: text.slice(i, end), quoted: false });
    i = end;
  }
  return { ok: true, tokens };
}
