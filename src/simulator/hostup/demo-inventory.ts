import type { SimVpsSeed } from './types.js';

const hour = 3_600_000;

/** The default inventory: stable ids (`vps_web01` …) that tests and the playground rely on. */
export function demoInventory(now = Date.now()): SimVpsSeed[] {
  return [
    {
      name: 'web-01',
      primaryIp: '203.0.113.10',
      hostname: 'web-01.example.com',
      powerState: 'running',
      os: 'Ubuntu 24.04',
      cpuCores: 2,
      memoryGb: 4,
      storageGb: 80,
      snapshots: [
        {
          name: 'before-upgrade',
          description: 'Before the kernel upgrade',
          createdAt: new Date(now - 6 * hour).toISOString(),
          expiresAt: new Date(now + 18 * hour).toISOString(),
        },
        {
          name: 'nightly-2026-11-22',
          description: 'Nightly snapshot',
          createdAt: new Date(now - 2 * hour).toISOString(),
          expiresAt: new Date(now + 22 * hour).toISOString(),
        },
      ],
    },
    { name: 'web-02', primaryIp: '203.0.113.11', powerState: 'running', os: 'Ubuntu 24.04' },
    {
      name: 'db-01',
      primaryIp: '203.0.113.20',
      powerState: 'running',
      os: 'Debian 12',
      cpuCores: 4,
      memoryGb: 8,
      storageGb: 160,
      backups: [
        { id: 'bkp_db01_1', createdAt: new Date(now - 48 * hour).toISOString(), sizeGb: 42 },
        { id: 'bkp_db01_2', createdAt: new Date(now - 24 * hour).toISOString(), sizeGb: 43 },
      ],
    },
    { name: 'staging', primaryIp: '203.0.113.30', powerState: 'stopped', os: 'Ubuntu 22.04' },
    {
      name: 'legacy-app',
      primaryIp: '203.0.113.40',
      powerState: 'running',
      serviceStatus: 'suspended',
      os: 'CentOS 7',
    },
  ];
}

/** `count` VPSes named web-001 … with distinct private IPs, for pagination. */
export function generatedInventory(count: number): SimVpsSeed[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return {
      name: `web-${String(n).padStart(3, '0')}`,
      primaryIp: `10.0.${Math.floor(n / 250)}.${(n % 250) + 1}`,
      powerState: n % 10 === 0 ? 'stopped' : 'running',
    };
  });
}
