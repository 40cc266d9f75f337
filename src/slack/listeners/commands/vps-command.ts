import type { App } from '@slack/bolt';
import { withCorrelation } from '../../../correlation.js';
import { type Command, isActingCommand, parseCommand } from '../../../domain/commands.js';
import { renderParseError } from '../../blocks/help.js';
import { refusedReply } from '../../blocks/outcomes.js';
import type { BotContext } from '../../context.js';
import { countFailure } from '../../count-failure.js';
import { slashCommand } from '../../ids.js';
import { newCorrelationId, replier } from '../../reply.js';
import type { SlackRequest } from '../request.js';
import { hostname, power, snapshot } from './act-commands.js';
import { appServerReboot, appServers } from './appserver-commands.js';
import { policyPreview } from './policy-command.js';
import { help, list, show, snapshots } from './read-commands.js';
import { requests } from './requests-command.js';
import { restore, restoreFrom } from './restore-commands.js';
import { audit, auditExport, job, jobs } from './store-commands.js';

/**
 * `/vps …`: acked at once (Slack waits 3 s at most), then parsed in the domain and answered
 * privately through `response_url`. Every outcome, including errors, reaches the person.
 */
export function registerVpsCommand(app: App, ctx: BotContext): void {
  app.command(slashCommand, async ({ ack, command, respond }) => {
    const acked = ctx.metrics.startAck('command');
    await ack();
    acked();
    const correlationId = newCorrelationId();
    const logger = ctx.logger.child({ correlationId, user: command.user_id, channel: command.channel_id });
    const reply = replier(respond, logger, (error) => countFailure(ctx, 'command', error));
    const req: SlackRequest = {
      ctx,
      reply,
      logger,
      user: command.user_id,
      channel: command.channel_id,
      correlationId,
      triggerId: command.trigger_id,
      surface: 'command',
      responseUrl: command.response_url,
    };
    await ctx.inFlight.run(() =>
      withCorrelation(correlationId, () =>
        reply.guard(async () => {
          await handleCommand(req, unwrapSlackMarkup(command.text ?? ''));
          ctx.metrics.requests.inc({ surface: 'command', outcome: 'ok' });
        }),
      ),
    );
  });
}

async function handleCommand(req: SlackRequest, text: string): Promise<void> {
  const refusal = await req.ctx.policy.mayRead(req.channel);
  if (refusal) return req.reply.send(refusedReply(refusal).message);

  const parsed = parseCommand(text);
  if (!parsed.ok) return req.reply.send(renderParseError(parsed));
  const command = parsed.command;
  req.logger.info({ command: command.kind }, 'command');
  // Who may act on which server is the policy's, asked per server once it is known (prepare); a
  // person no rule lets act is told at once, before anything is looked up.
  if (isActingCommand(command)) {
    const provider = command.kind === 'appserver-reboot' ? 'huawei' : 'hostup';
    const refused = await req.ctx.policy.mayActSomewhere(req.user, provider);
    if (refused) return req.reply.send(refusedReply(refused).message);
  }
  return route(req, command);
}

async function route(req: SlackRequest, command: Command): Promise<void> {
  switch (command.kind) {
    case 'help':
      return help(req, command.topic);
    case 'list':
      return list(req, command.filter);
    case 'show':
      return show(req, command.vps);
    case 'snapshots':
      return snapshots(req, command.vps);
    case 'power':
      return power(req, command.vps, command.action, command.force, command.breakGlass);
    case 'hostname':
      return hostname(req, command.vps, command.hostname, command.breakGlass);
    case 'snapshot':
      return snapshot(req, command.vps, command.name, command.breakGlass);
    case 'jobs':
      return jobs(req);
    case 'job':
      return job(req, command.jobId);
    case 'audit':
      return audit(req, command.vps);
    case 'audit-export':
      return auditExport(req, command.days);
    case 'requests':
      return requests(req);
    case 'restore':
      return restore(req, command.vps, command.snapshot, command.breakGlass);
    case 'restore-from':
      return restoreFrom(req, command.vps, command.source, command.breakGlass);
    case 'appservers':
      return appServers(req, command.filter);
    case 'appserver-reboot':
      return appServerReboot(req, command.servers, command.hard, command.breakGlass);
    case 'policy':
      return policyPreview(req, command.vps, command.action);
  }
}

/**
 * Slack may turn what was typed into markup before sending it: `<http://web-01.example.com|web-01.example.com>`
 * for something that looks like a link, `&lt;` for `<`. The person meant the text they saw.
 */
export function unwrapSlackMarkup(text: string): string {
  return text
    .replace(/<(?:https?:\/\/|mailto:)[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(?:https?:\/\/)([^|>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
