import { formatProblem } from '../domain/policy/index.js';
import { startPolicy } from '../policy-file.js';
import { type DoctorCheck, failed, passed } from './check.js';

/** The policy the bot would start with: the file (every problem in it), or the settings' one rule. */
export const policyCheck: DoctorCheck = {
  name: 'policy',
  async run({ config }) {
    const a = config.access;
    const started = await startPolicy(a.policyFile, {
      operators: a.operators,
      approvers: a.approvers,
      allowedChannels: a.allowedChannels,
      approvalsRequired: a.approvalsRequired,
      requireApproval: a.requireApproval,
    });
    if (!started.ok) {
      const shown = started.problems.slice(0, 5).map(formatProblem).join('; ');
      const more = started.problems.length > 5 ? ` (and ${started.problems.length - 5} more)` : '';
      return failed(
        `VPS_POLICY_FILE has ${started.problems.length} problem${started.problems.length === 1 ? '' : 's'}: ${shown}${more}`,
        'Fix the file (`npm run policy -- check <file>` lists every problem), then run the doctor again',
      );
    }
    const policy = started.holder.current;
    if (policy.source.kind === 'settings') {
      return passed(
        'no VPS_POLICY_FILE: VPS_OPERATORS, VPS_APPROVERS and the other settings form one rule for every server',
      );
    }
    const operators = policy.rules.filter((r) => r.operators.written.length > 0).length;
    return passed(
      `${policy.source.path}: ${policy.rules.length} rule${policy.rules.length === 1 ? '' : 's'}, ${operators} with operators`,
      operators === 0 ? 'No rule names operators: nobody can act on any server' : '',
    );
  },
};
