import type { SimAppServerSeed } from './types.js';

/**
 * The default inventory: stable ids that tests and the playground rely on. The first two ids are
 * the ones in Huawei's batch-reboot example. Some servers have people logged in.
 */
export function demoAppServers(): SimAppServerSeed[] {
  const office = { serverGroupId: '489533790436196976', serverGroupName: 'office-apps' };
  const design = { serverGroupId: '489533790436196977', serverGroupName: 'design-apps' };
  return [
    { id: '522933611213619200', name: 'app-01', sessionCount: 3, ipAddr: '192.168.0.11', ...office },
    { id: '545797802463068160', name: 'app-02', sessionCount: 0, ipAddr: '192.168.0.12', ...office },
    { id: '561325748219875328', name: 'app-03', sessionCount: 7, ipAddr: '192.168.0.13', ...office },
    { id: '578236940016205824', name: 'app-04', sessionCount: 1, ipAddr: '192.168.1.21', ...design },
    {
      id: '593184572310528000',
      name: 'app-05',
      sessionCount: 0,
      ipAddr: '192.168.1.22',
      status: 'MAINTAINING',
      maintainStatus: true,
      ...design,
    },
  ];
}

/** `count` servers named app-001 … with 18-digit ids, for pagination and big reboots. */
export function generatedAppServers(count: number): SimAppServerSeed[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return {
      id: `7000000000${String(n).padStart(8, '0')}`,
      name: `app-${String(n).padStart(3, '0')}`,
      sessionCount: n % 4,
      ipAddr: `10.0.${Math.floor(n / 250)}.${(n % 250) + 1}`,
      serverGroupId: '489533790436196976',
      serverGroupName: 'office-apps',
    };
  });
}
