export {
  type AppServerPageQuery,
  type HuaweiClientOptions,
  HuaweiWorkspaceClient,
  MAX_PAGE_SIZE,
  MAX_REBOOT_BATCH,
} from './client.js';
export {
  type HuaweiAuth,
  type HuaweiConfig,
  huaweiConfigVariables,
  huaweiSecretsOf,
  loadHuaweiConfig,
} from './config.js';
export {
  AkSkCredentials,
  type AkSkKeys,
  TokenCredentials,
  type WorkspaceCredentials,
} from './credentials.js';
export {
  type HuaweiEndpointSettings,
  type HuaweiEndpoints,
  iamUrlFor,
  mainlandRegions,
  resolveHuaweiEndpoints,
  workspaceUrlFor,
} from './endpoints.js';
export {
  AKSK_SIGNATURE_REFUSED,
  FIXED_TOKEN_REFUSED,
  huaweiErrorFrom,
  IAM,
  IAM_CREDENTIALS_REFUSED,
  INVALID_RESPONSE,
  RENEWED_TOKEN_REFUSED,
  WORKSPACE,
} from './errors.js';
export { defaultHuaweiTimeouts, HuaweiExchange, type HuaweiLogger, type HuaweiTimeouts } from './exchange.js';
export { type IamCredentials, type IssuedToken, requestIamToken } from './iam.js';
export { appServerPageSchema, appServerSchema } from './schemas.js';
export {
  defaultTokenPolicy,
  FixedTokenSource,
  IamTokenSource,
  type TokenPolicy,
  type TokenSource,
} from './token-source.js';
