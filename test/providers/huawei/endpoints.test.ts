import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { HuaweiWorkspaceClient, resolveHuaweiEndpoints } from '../../../src/providers/huawei/index.js';

describe('Huawei endpoints', () => {
  it.each([
    'ap-southeast-1',
    'ap-southeast-3',
    'af-south-1',
    'sa-brazil-1',
    'tr-west-1',
    'cn-east-5',
    'cn-north-11',
  ])('derives the international Workspace URL for %s', (region) => {
    expect(resolveHuaweiEndpoints({ region })).toEqual({
      workspaceUrl: `https://workspace.${region}.myhuaweicloud.com`,
      iamUrl: `https://iam.${region}.myhuaweicloud.com`,
    });
  });

  it.each(['cn-north-4', 'cn-north-9', 'cn-east-3', 'cn-south-1', 'cn-southwest-2'])(
    'derives the mainland (appstream) Workspace URL for %s',
    (region) => {
      expect(resolveHuaweiEndpoints({ region })).toEqual({
        workspaceUrl: `https://appstream.${region}.myhuaweicloud.com`,
        iamUrl: `https://iam.${region}.myhuaweicloud.com`,
      });
    },
  );

  it('lets explicit URLs win over the region, without a trailing slash', () => {
    expect(
      resolveHuaweiEndpoints({
        region: 'cn-north-4',
        workspaceUrl: 'http://127.0.0.1:4020/',
        iamUrl: 'https://iam-proxy.example.com//',
      }),
    ).toEqual({ workspaceUrl: 'http://127.0.0.1:4020', iamUrl: 'https://iam-proxy.example.com' });
    expect(resolveHuaweiEndpoints({ region: 'ap-southeast-2', workspaceUrl: 'http://sim:1' })).toEqual({
      workspaceUrl: 'http://sim:1',
      iamUrl: 'https://iam.ap-southeast-2.myhuaweicloud.com',
    });
  });

  it('needs a region when the Workspace URL is not given, and a well-formed one', () => {
    expect(() => resolveHuaweiEndpoints({})).toThrow(ConfigError);
    expect(() => resolveHuaweiEndpoints({ region: 'Singapore' })).toThrow(/region must look like/);
    expect(resolveHuaweiEndpoints({ workspaceUrl: 'http://sim:1' })).toEqual({
      workspaceUrl: 'http://sim:1',
      iamUrl: null,
    });
  });

  it('refuses an IAM-login client that has no way to reach IAM', () => {
    expect(
      () =>
        new HuaweiWorkspaceClient({
          workspaceUrl: 'http://sim:1',
          projectId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
          auth: { kind: 'iam', user: 'u', password: 'p', domain: 'd' },
        }),
    ).toThrow(/IAM login needs a region or an IAM URL/);
  });
});
