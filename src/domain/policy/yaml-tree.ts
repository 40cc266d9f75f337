import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

/**
 * YAML read into a small tree that remembers the line of every value, so each problem in a
 * policy file can say where it is. Syntax errors are returned with their lines, all of them.
 */
export type YamlValue = YamlMap | YamlSeq | YamlScalar;

export interface YamlMap {
  readonly kind: 'map';
  readonly line: number;
  readonly entries: readonly YamlEntry[];
}

export interface YamlEntry {
  readonly key: string;
  readonly line: number;
  readonly value: YamlValue;
}

export interface YamlSeq {
  readonly kind: 'seq';
  readonly line: number;
  readonly items: readonly YamlValue[];
}

export interface YamlScalar {
  readonly kind: 'scalar';
  readonly line: number;
  /** null for an empty value (`key:` with nothing after it). */
  readonly value: string | number | boolean | null;
}

export type YamlReadResult =
  | { readonly ok: true; readonly root: YamlValue }
  | {
      readonly ok: false;
      readonly errors: readonly { readonly line: number; readonly message: string; readonly fix?: string }[];
    };

/** Deeper than any policy needs; stops an alias that refers to its own ancestor. */
const maxDepth = 32;
/** Far more values than any policy has; stops aliases of aliases from multiplying without end. */
const maxValues = 100_000;

export function readYaml(text: string): YamlReadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ line: lineOf(e.pos[0]), message: firstLine(e.message) })),
    };
  }
  let values = 0;
  const convert = (node: unknown, fallbackLine: number, depth: number): YamlValue => {
    values += 1;
    if (depth > maxDepth || values > maxValues) return { kind: 'scalar', line: fallbackLine, value: null };
    if (isAlias(node)) return convert(node.resolve(doc as Document), lineOf(node.range?.[0]), depth + 1);
    const line = isNodeWithRange(node) ? lineOf(node.range[0]) : fallbackLine;
    if (isMap(node)) {
      const entries = node.items.map((pair) => {
        const keyLine = isNodeWithRange(pair.key) ? lineOf(pair.key.range[0]) : line;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        return { key, line: keyLine, value: convert(pair.value, keyLine, depth + 1) };
      });
      return { kind: 'map', line, entries };
    }
    if (isSeq(node)) return { kind: 'seq', line, items: node.items.map((i) => convert(i, line, depth + 1)) };
    if (isScalar(node)) {
      const v = node.value;
      const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
      return { kind: 'scalar', line, value };
    }
    return { kind: 'scalar', line, value: null };
  };
  const root = convert(doc.contents, 1, 0);
  if (values > maxValues) {
    return {
      ok: false,
      errors: [
        {
          line: 1,
          message: `the aliases expand to more than ${maxValues} values`,
          fix: 'the lists written out, or fewer aliases of aliases',
        },
      ],
    };
  }
  return { ok: true, root };
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as Node).range);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
