import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { huaweiSecretsOf, loadHuaweiConfig } from '../../../src/providers/huawei/index.js';

const project = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const iamEnv = {
  HUAWEI_REGION: 'ap-southeast-1',
  HUAWEI_PROJECT_ID: project,
  HUAWEI_IAM_USER: 'chatops-bot',
  HUAWEI_IAM_PASSWORD: 'pw_SECRET_value',
  HUAWEI_IAM_DOMAIN: 'acme',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadHuaweiConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadHuaweiConfig', () => {
  it('returns null when no Huawei variable is set (blank ones count as unset)', () => {
    expect(loadHuaweiConfig({ HOSTUP_API_TOKEN: 'x', HUAWEI_REGION: '  ' })).toBeNull();
  });

  it('reads a complete IAM-login configuration and derives the URLs from the region', () => {
    expect(loadHuaweiConfig(iamEnv)).toEqual({
      region: 'ap-southeast-1',
      projectId: project,
      workspaceUrl: 'https://workspace.ap-southeast-1.myhuaweicloud.com',
      iamUrl: 'https://iam.ap-southeast-1.myhuaweicloud.com',
      auth: { kind: 'iam', user: 'chatops-bot', password: 'pw_SECRET_value', domain: 'acme' },
    });
  });

  it('reads a fixed-token configuration with an explicit Workspace URL and no region', () => {
    const config = loadHuaweiConfig({
      HUAWEI_PROJECT_ID: project,
      HUAWEI_WORKSPACE_URL: 'http://127.0.0.1:4020/',
      HUAWEI_AUTH_TOKEN: 'MIItoken_SECRET',
    });
    expect(config).toEqual({
      region: null,
      projectId: project,
      workspaceUrl: 'http://127.0.0.1:4020',
      iamUrl: null,
      auth: { kind: 'token', token: 'MIItoken_SECRET' },
    });
    expect(huaweiSecretsOf(config)).toEqual(['MIItoken_SECRET']);
  });

  it('names every bad or missing variable at once, without echoing values', () => {
    const problems = problemsOf({
      HUAWEI_REGION: 'Singapore',
      HUAWEI_PROJECT_ID: 'proj-SECRETISH',
      HUAWEI_WORKSPACE_URL: 'ftp://files',
      HUAWEI_IAM_URL: 'not a url',
      HUAWEI_IAM_USER: 'chatops-bot',
    });
    const text = problems.join('\n');
    for (const name of [
      'HUAWEI_REGION',
      'HUAWEI_PROJECT_ID',
      'HUAWEI_WORKSPACE_URL',
      'HUAWEI_IAM_URL',
      'HUAWEI_IAM_PASSWORD',
      'HUAWEI_IAM_DOMAIN',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain('Singapore');
    expect(text).not.toContain('proj-SECRETISH');
    expect(text).not.toContain('ftp://files');
  });

  it('asks for one sign-in method when none or both are set', () => {
    expect(problemsOf({ HUAWEI_REGION: 'ap-southeast-1', HUAWEI_PROJECT_ID: project }).join()).toMatch(
      /HUAWEI_IAM_USER.*HUAWEI_AUTH_TOKEN/,
    );
    const both = problemsOf({ ...iamEnv, HUAWEI_AUTH_TOKEN: 'MIItoken_SECRET' }).join('\n');
    expect(both).toMatch(/not both/);
    expect(both).not.toContain('MIItoken_SECRET');
    expect(both).not.toContain('pw_SECRET_value');
  });

  it('needs a region unless the URLs it would derive are given', () => {
    const { HUAWEI_REGION: _, ...noRegion } = iamEnv;
    expect(problemsOf(noRegion)).toEqual([
      'HUAWEI_REGION is required unless HUAWEI_WORKSPACE_URL and HUAWEI_IAM_URL are both set',
    ]);
    expect(
      loadHuaweiConfig({ ...noRegion, HUAWEI_WORKSPACE_URL: 'http://sim:1', HUAWEI_IAM_URL: 'http://sim:1' }),
    ).toMatchObject({ region: null, workspaceUrl: 'http://sim:1', iamUrl: 'http://sim:1' });
  });

  it('requires the project id', () => {
    const { HUAWEI_PROJECT_ID: _, ...noProject } = iamEnv;
    expect(problemsOf(noProject)).toEqual(['HUAWEI_PROJECT_ID is required']);
  });
});
