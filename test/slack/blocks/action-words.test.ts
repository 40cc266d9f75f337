import { describe, expect, it } from 'vitest';
import { approvalsText, describeRequest, verbsFor } from '../../../src/slack/blocks/action-words.js';

describe('the words for actions', () => {
  it('says what a restore-from loses: the disk, a stop, and the network re-applied', () => {
    const d = describeRequest({
      kind: 'restore-from',
      vpsId: 'vps_web02',
      vpsName: 'web-02',
      source: { vpsId: 'vps_db01', name: 'db-01' },
      backup: { id: 'bkp_1', displayId: '#1', createdAt: null, sizeGb: 4 },
    });
    expect(d.title).toBe('Replace the disk of web-02 with backup bkp_1 of db-01');
    expect(d.lost.join(' ')).toMatch(
      /current disk of web-02 is replaced.*stopped first.*network settings are re-applied/,
    );
  });

  it('counts approvals as "n of m"', () => {
    expect(approvalsText(0, 1)).toBe('0 of 1 approval');
    expect(approvalsText(3, 2)).toBe('2 of 2 approvals');
  });

  it('has a verb for what is running and one for what is done, forced restarts included', () => {
    expect(verbsFor('restart')).toEqual({ base: 'restart', past: 'restarted', ing: 'restarting' });
    expect(verbsFor('restart', true)).toEqual({
      base: 'force-restart',
      past: 'force-restarted',
      ing: 'force-restarting',
    });
    expect(verbsFor('restore-from').ing).toBe('restoring');
    expect(verbsFor('hard-reboot').past).toBe('rebooted');
  });
});
