import { runAuditCli } from './audit-cli.js';

/** `npm run audit -- verify <file>`: see runAuditCli for the exit codes. */
process.exitCode = await runAuditCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
