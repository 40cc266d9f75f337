import type { Gate, GateName } from '../../domain/vps.js';

const gateNames: readonly GateName[] = [
  'canStart',
  'canShutdown',
  'canStop',
  'canRestart',
  'canReset',
  'canRestore',
  'canRestoreFromAnotherVps',
  'canChange',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One action gate. HostUp sends `{allowed, reason, code}` on some gates and a bare boolean on
 * others; both become a Gate. Anything else (absent, null, a string) is "no gate": the bot then
 * lets the API decide instead of guessing.
 */
export function toGate(raw: unknown): Gate | undefined {
  if (typeof raw === 'boolean') return { allowed: raw, reason: null, code: null };
  if (!isRecord(raw) || typeof raw.allowed !== 'boolean') return undefined;
  return {
    allowed: raw.allowed,
    reason: typeof raw.reason === 'string' && raw.reason !== '' ? raw.reason : null,
    code: typeof raw.code === 'string' && raw.code !== '' ? raw.code : null,
  };
}

/** Every known gate present in an `actions` object; unknown names and unreadable gates are skipped. */
export function toGates(raw: unknown): Partial<Record<GateName, Gate>> {
  const gates: Partial<Record<GateName, Gate>> = {};
  if (!isRecord(raw)) return gates;
  for (const name of gateNames) {
    const gate = toGate(raw[name]);
    if (gate) gates[name] = gate;
  }
  return gates;
}
