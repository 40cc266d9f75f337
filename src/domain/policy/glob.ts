/**
 * Globs on server names: `*` (any run of characters), `?` (one character) and classes like
 * `[0-9]` or `[!a-c]`, matched against the whole name, ignoring case. Server names have no path
 * separators, so a path-glob library's rules about `/` and dot-files would only surprise.
 */

export type GlobResult =
  | { readonly ok: true; readonly pattern: RegExp }
  | { readonly ok: false; readonly problem: string; readonly fix: string };

export function compileGlob(glob: string): GlobResult {
  if (glob.trim() === '') return bad('the pattern is empty', '"*" for every server, or a name like "db-*"');
  if (/[{}]/.test(glob)) {
    return bad('braces are not supported', 'a list instead, e.g. name: ["db-*", "pg-*"]');
  }
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0)
        return bad(`"[" at position ${i + 1} is never closed`, `"${glob.slice(0, i)}[0-9]…" or drop the "["`);
      const body = glob.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      const members = negated ? body.slice(1) : body;
      if (members === '') return bad(`the class "[${body}]" is empty`, 'a class with members, like "[0-9]"');
      for (const range of members.matchAll(/(.)-(.)/gu)) {
        if (range[1]! > range[2]!) {
          return bad(`the range "${range[0]}" runs backwards`, `"${range[2]}-${range[1]}"`);
        }
      }
      source += `[${negated ? '^' : ''}${members.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === ']')
      return bad(`"]" at position ${i + 1} has no "["`, 'remove it, or open the class with "["');
    else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return { ok: true, pattern: new RegExp(`^${source}$`, 'iu') };
}

/** A glob that matches every name: only stars (`*`, `**`). */
export function isCatchAllGlob(glob: string): boolean {
  return /^\*+$/.test(glob);
}

function bad(problem: string, fix: string): GlobResult {
  return { ok: false, problem, fix };
}
