import type { PowerState, Vps } from '../../domain/vps.js';
import { esc } from './elements.js';

/** How a VPS looks in one line, shared by the list, pickers and cards. */

const powerEmoji: Record<PowerState, string> = {
  running: ':large_green_circle:',
  stopped: ':red_circle:',
  starting: ':large_yellow_circle:',
  stopping: ':large_yellow_circle:',
  paused: ':double_vertical_bar:',
  provisioning: ':hammer_and_wrench:',
  error: ':warning:',
  unknown: ':white_circle:',
};

export function powerLabel(state: PowerState): string {
  return `${powerEmoji[state] ?? powerEmoji.unknown} ${state}`;
}

export function vpsLine(vps: Vps): string {
  const parts = [`*${esc(vps.name)}*`, powerLabel(vps.powerState), vps.primaryIp ?? 'no IP'];
  if (vps.operatingSystem) parts.push(esc(vps.operatingSystem));
  if (vps.serviceStatus !== 'active') parts.push(`service ${vps.serviceStatus}`);
  return parts.join(' · ');
}

export function resourcesLine(vps: Vps): string {
  const r = vps.resources;
  const parts: string[] = [];
  if (r.cpuCores != null) parts.push(`${r.cpuCores} vCPU`);
  if (r.memoryGb != null) parts.push(`${r.memoryGb} GB RAM`);
  if (r.storageGb != null) parts.push(`${r.storageGb} GB disk`);
  return parts.length > 0 ? parts.join(' · ') : 'unknown';
}
