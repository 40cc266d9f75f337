import type { PowerState } from './vps.js';

/** A server's live state, read to tell what happened when an acting call's answer was lost. */
export type Observation =
  | {
      readonly kind: 'vps';
      readonly powerState: PowerState;
      readonly uptimeSeconds: number | null;
      readonly pendingTasks: number | null;
      /** Read for hostname changes. */
      readonly hostname?: string | null;
    }
  | {
      readonly kind: 'appservers';
      readonly servers: readonly {
        readonly name: string;
        readonly vmStatus: string | null;
        readonly taskStatus: string | null;
      }[];
    };
