import { runPolicyCli } from './policy-cli.js';

/** `npm run policy -- check|explain|test …`: see runPolicyCli for the commands and exit codes. */
process.exitCode = await runPolicyCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  now: () => Date.now(),
});
