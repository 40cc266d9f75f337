import type { ActionRequest } from '../domain/action-request.js';
import { type PowerAction, powerActions } from '../domain/actions.js';
import type { Confirmation } from '../store/store.js';

/**
 * The request a confirmation stands for. Today's confirmations store `{request}`; ones made by
 * release 0.1 (kinds 'power', 'hostname', 'appserver-reboot') are read too, so a Confirm clicked
 * across an upgrade still does what its message said.
 */
export function requestOfConfirmation(c: Confirmation): ActionRequest | null {
  const payload = (c.payload ?? {}) as Record<string, unknown>;
  if (c.kind === 'action') {
    const request = payload.request as ActionRequest | undefined;
    return request && typeof request.kind === 'string' ? request : null;
  }
  const legacy = payload.request as Record<string, unknown> | undefined;
  const vpsName = typeof payload.vpsName === 'string' ? payload.vpsName : c.target;
  if (c.kind === 'power' && legacy && powerActions.includes(legacy.action as PowerAction)) {
    return {
      kind: 'power',
      vpsId: c.target,
      vpsName,
      action: legacy.action as PowerAction,
      force: legacy.force === true,
    };
  }
  if (c.kind === 'hostname' && legacy && typeof legacy.hostname === 'string') {
    return { kind: 'hostname', vpsId: c.target, vpsName, hostname: legacy.hostname, currentHostname: null };
  }
  if (c.kind === 'appserver-reboot' && Array.isArray(payload.servers)) {
    return {
      kind: 'appserver-reboot',
      hard: payload.type === 'HARD',
      servers: payload.servers as Extract<ActionRequest, { kind: 'appserver-reboot' }>['servers'],
    };
  }
  return null;
}

/** The `--break-glass` reason a confirmation was asked with, if any. */
export function breakGlassOfConfirmation(c: Confirmation): string | null {
  const reason = (c.payload as { breakGlass?: unknown } | null)?.breakGlass;
  return typeof reason === 'string' && reason.trim() !== '' ? reason : null;
}
