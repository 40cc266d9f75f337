import { readFile } from 'node:fs/promises';
import { verifyAuditExport } from '../domain/audit-chain.js';

/** Exit codes: 0 the file is intact, 1 it is not (or cannot be read), 64 the command was mistyped. */
export const auditExitCode = { ok: 0, broken: 1, usage: 64 } as const;

export interface AuditCliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const usage = 'usage: npm run audit -- verify <export.jsonl>';

/** `npm run audit -- verify file.jsonl`: checks an export of `/vps audit export` line by line. */
export async function runAuditCli(args: readonly string[], io: AuditCliIo): Promise<number> {
  const [command, path, ...extra] = args;
  if (command !== 'verify' || !path || extra.length > 0) {
    io.err(usage);
    return auditExitCode.usage;
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    io.err(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return auditExitCode.broken;
  }
  const result = verifyAuditExport(text);
  if (!result.ok) {
    io.err(`${path}: line ${result.line}: ${result.reason}`);
    return auditExitCode.broken;
  }
  io.out(
    `${path}: intact, ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}, last hash ${result.lastHash}`,
  );
  return auditExitCode.ok;
}
