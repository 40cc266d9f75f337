import { ConfigError } from '../../errors.js';

/**
 * Chinese mainland regions serve Workspace as `appstream.{region}`; every other region (the
 * international ones, including cn-east-5 and cn-north-11) as `workspace.{region}`.
 */
export const mainlandRegions: readonly string[] = [
  'cn-north-4',
  'cn-north-9',
  'cn-east-3',
  'cn-south-1',
  'cn-southwest-2',
];

/** `ap-southeast-1`, `cn-north-4`, `sa-brazil-1`, `tr-west-1`, … */
export const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export interface HuaweiEndpointSettings {
  /** Used for every URL not given explicitly. */
  readonly region?: string | null | undefined;
  /** Overrides the Workspace URL derived from the region (a proxy, the simulator). */
  readonly workspaceUrl?: string | null | undefined;
  /** Overrides the IAM URL derived from the region. */
  readonly iamUrl?: string | null | undefined;
}

export interface HuaweiEndpoints {
  /** Without a trailing slash. */
  readonly workspaceUrl: string;
  /** Null when neither an IAM URL nor a region was given (fine with a fixed token). */
  readonly iamUrl: string | null;
}

export function workspaceUrlFor(region: string): string {
  const host = mainlandRegions.includes(region) ? 'appstream' : 'workspace';
  return `https://${host}.${region}.myhuaweicloud.com`;
}

export function iamUrlFor(region: string): string {
  return `https://iam.${region}.myhuaweicloud.com`;
}

/**
 * The two base URLs: an explicit URL wins, otherwise it is derived from the region. Throws a
 * ConfigError when the region is malformed or the Workspace URL has neither source.
 */
export function resolveHuaweiEndpoints(settings: HuaweiEndpointSettings): HuaweiEndpoints {
  const region = settings.region?.trim() || null;
  const workspace = settings.workspaceUrl?.trim() || null;
  const iam = settings.iamUrl?.trim() || null;
  const problems: string[] = [];
  if (region !== null && !regionPattern.test(region)) {
    problems.push('Huawei region must look like ap-southeast-1 or cn-north-4');
  }
  for (const [name, url] of [
    ['Workspace', workspace],
    ['IAM', iam],
  ] as const) {
    if (url !== null && !/^https?:\/\/[^\s/]+/.test(url))
      problems.push(`Huawei ${name} URL must be an http(s) URL`);
  }
  if (workspace === null && region === null) {
    problems.push('Huawei region is required unless the Workspace URL is given');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    workspaceUrl: trimSlash(workspace ?? workspaceUrlFor(region!)),
    iamUrl: iam !== null ? trimSlash(iam) : region !== null ? iamUrlFor(region) : null,
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
