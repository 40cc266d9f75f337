import { renderDoctorTable } from './render-table.js';
import { type DoctorOptions, runDoctor } from './run-doctor.js';

/**
 * `npm run doctor` / `node dist/main.js doctor`: prints the table and resolves with the exit code,
 * 0 only when every check passed.
 */
export async function doctorCommand(
  env: Readonly<Record<string, string | undefined>>,
  out: { write(text: string): unknown },
  options: DoctorOptions = {},
): Promise<number> {
  const report = await runDoctor(env, options);
  out.write(renderDoctorTable(report.results));
  return report.ok ? 0 : 1;
}
