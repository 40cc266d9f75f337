/** Policy as code: the one module the rest of the bot imports policy from. */
export { type ApprovalBasis, type ApprovalLapse, approvalBasis, approvalLapses } from './approval-basis.js';
export { type CompileResult, compilePolicy } from './compile-policy.js';
export * from './compiled-policy.js';
export { decide } from './decide.js';
export { explainRule, type RulePreview } from './explain-rule.js';
export { mayActSomewhere } from './may-act-somewhere.js';
export { type ApproverCheck, mayApprove } from './may-approve.js';
export * from './policy-actions.js';
export * from './policy-decision.js';
export { type AccessSettings, policyFromSettings } from './policy-from-settings.js';
export { PolicyHolder, type PolicyLoad, type ReloadOutcome } from './policy-holder.js';
export { formatProblem, type PolicyProblem, type PolicyProblemCode } from './policy-problems.js';
export { referencedUserGroups, ruleFor } from './rule-for-server.js';
