import { describe, expect, it } from 'vitest';
import { rebootProgress } from '../../src/domain/app-server-reboot.js';

describe('rebootProgress', () => {
  it('is done when the server is ACTIVE again with no task', () => {
    expect(rebootProgress({ vmStatus: 'ACTIVE', taskStatus: null })).toBe('done');
  });

  it('is failed when the server is in ERROR, whatever the task', () => {
    expect(rebootProgress({ vmStatus: 'ERROR', taskStatus: null })).toBe('failed');
    expect(rebootProgress({ vmStatus: 'error', taskStatus: 'rebooting' })).toBe('failed');
  });

  it('is still rebooting while a reboot state or task shows', () => {
    expect(rebootProgress({ vmStatus: 'REBOOT', taskStatus: 'rebooting' })).toBe('rebooting');
    expect(rebootProgress({ vmStatus: 'HARD_REBOOT', taskStatus: 'reboot_started_hard' })).toBe('rebooting');
    expect(rebootProgress({ vmStatus: 'ACTIVE', taskStatus: 'reboot_pending' })).toBe('rebooting');
    expect(rebootProgress({ vmStatus: null, taskStatus: null })).toBe('rebooting');
  });
});
