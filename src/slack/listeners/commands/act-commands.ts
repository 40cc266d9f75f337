import type { PowerAction } from '../../../domain/actions.js';
import { encodeValue } from '../../action-values.js';
import { ActionId } from '../../ids.js';
import { offerConfirmation } from '../offer-confirmation.js';
import type { SlackRequest } from '../request.js';
import { resolveOrReply } from './read-commands.js';

/** `/vps start|shutdown|stop|restart|reset <vps> [--force]`: resolve, then confirm privately. */
export async function power(
  req: SlackRequest,
  query: string,
  action: PowerAction,
  force: boolean,
): Promise<void> {
  const vps = await resolveOrReply(req, query, {
    kind: 'button',
    actionId: ActionId.requestPowerAction,
    value: (v) => encodeValue({ vpsId: v.id, action, ...(force ? { force: true } : {}) }),
  });
  if (vps) await offerConfirmation(req, vps.id, { kind: 'power', action, force });
}

/** `/vps hostname <vps> <fqdn>`: the name was validated by the parser; resolve, then confirm. */
export async function hostname(req: SlackRequest, query: string, newHostname: string): Promise<void> {
  const vps = await resolveOrReply(req, query, { kind: 'show' });
  if (vps) await offerConfirmation(req, vps.id, { kind: 'hostname', hostname: newHostname });
}
