import { type ApiRequest, isObject, type SimState } from './state.js';
import { jsonResponse, keystoneError, type SimResponse } from './wire.js';

interface PasswordAuth {
  methods: unknown;
  user: string;
  password: string;
  domain: string;
  projectId: string;
}

/** Reads the documented password-auth body; null when any part is missing or not a string. */
function readAuth(body: unknown): PasswordAuth | null {
  if (!isObject(body) || !isObject(body.auth)) return null;
  const { identity, scope } = body.auth;
  if (!isObject(identity) || !isObject(identity.password) || !isObject(identity.password.user)) return null;
  const user = identity.password.user;
  const domain = isObject(user.domain) ? user.domain.name : undefined;
  const project = isObject(scope) && isObject(scope.project) ? scope.project.id : undefined;
  if (typeof user.name !== 'string' || typeof user.password !== 'string') return null;
  if (typeof domain !== 'string' || typeof project !== 'string') return null;
  return { methods: identity.methods, user: user.name, password: user.password, domain, projectId: project };
}

/**
 * `POST /v3/auth/tokens`: a project-scoped token in the X-Subject-Token header, 201, and a body
 * with `issued_at`/`expires_at`. Wrong credentials answer 401 in IAM's own error shape.
 */
export function issueToken(state: SimState, req: ApiRequest): SimResponse {
  if (req.method !== 'POST') return keystoneError(405, 'Method Not Allowed', 'Only POST is allowed here.');
  const auth = req.bodyInvalid ? null : readAuth(req.body);
  if (!auth || !Array.isArray(auth.methods) || !auth.methods.includes('password')) {
    return keystoneError(400, 'Bad Request', 'The request body is invalid.');
  }
  const user = state.users.find(
    (u) => u.name === auth.user && u.domain === auth.domain && u.password === auth.password,
  );
  if (!user) return keystoneError(401, 'Unauthorized', 'The username or password is wrong.');
  if (auth.projectId !== state.projectId) {
    return keystoneError(400, 'Bad Request', 'The project does not exist in this region.');
  }
  const issued = state.tokens.issue(auth.projectId);
  return jsonResponse(
    201,
    {
      token: {
        methods: ['password'],
        issued_at: new Date(issued.issuedAt).toISOString(),
        expires_at: new Date(issued.expiresAt).toISOString(),
        project: { id: state.projectId, name: 'sim-region' },
        user: { name: user.name, domain: { name: user.domain } },
      },
    },
    { 'X-Subject-Token': issued.token },
  );
}
