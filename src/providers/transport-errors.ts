import { TransportCode, TransportError } from '../errors.js';

interface CodedError {
  readonly code?: unknown;
  readonly syscall?: unknown;
  readonly errors?: unknown;
  readonly cause?: unknown;
}

/** The first machine-readable code on an error, its cause, or (happy-eyeballs) its sub-errors. */
function findCode(error: unknown, depth = 0): { code: string | null; syscall: string | null } {
  if (depth > 3 || typeof error !== 'object' || error === null) return { code: null, syscall: null };
  const e = error as CodedError;
  if (typeof e.code === 'string') {
    return { code: e.code, syscall: typeof e.syscall === 'string' ? e.syscall : null };
  }
  if (Array.isArray(e.errors) && e.errors.length > 0) return findCode(e.errors[0], depth + 1);
  return findCode(e.cause, depth + 1);
}

const describe: Record<TransportCode, string> = {
  connect_refused: 'connection refused; nothing was sent',
  connect_timeout: 'could not connect in time; nothing was sent',
  headers_timeout: 'no answer in time',
  body_timeout: 'the answer stopped arriving',
  connection_lost: 'the connection dropped before the answer arrived',
  network_error: 'network error',
};

/**
 * Turns an undici/Node failure into a TransportError for `provider`, branching on codes (never on
 * messages). `mayHaveReachedServer` is false only when the request provably was not sent: an
 * unknown failure counts as "may have acted", so an acting call is never repeated on a guess.
 * Shared by every provider client (HostUp, Huawei).
 */
export function mapTransportError(provider: string, error: unknown, what: string): TransportError {
  if (error instanceof TransportError) return error;
  const { code, syscall } = findCode(error);
  const beforeSending = syscall === 'connect' || syscall === 'getaddrinfo';
  let kind: TransportCode;
  let reached: boolean;
  switch (code) {
    case 'ECONNREFUSED':
      kind = TransportCode.connectRefused;
      reached = false;
      break;
    case 'UND_ERR_CONNECT_TIMEOUT':
      kind = TransportCode.connectTimeout;
      reached = false;
      break;
    case 'ETIMEDOUT':
      kind = beforeSending ? TransportCode.connectTimeout : TransportCode.connectionLost;
      reached = !beforeSending;
      break;
    case 'UND_ERR_HEADERS_TIMEOUT':
      kind = TransportCode.headersTimeout;
      reached = true;
      break;
    case 'UND_ERR_BODY_TIMEOUT':
      kind = TransportCode.bodyTimeout;
      reached = true;
      break;
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
    case 'UND_ERR_ABORTED':
    case 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      kind = TransportCode.connectionLost;
      reached = !beforeSending;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      kind = TransportCode.network;
      reached = !beforeSending;
      break;
    default:
      kind = TransportCode.network;
      reached = true;
  }
  return new TransportError({
    provider,
    code: kind,
    message: `${provider} ${what}: ${describe[kind]} (${code ?? 'no code'})`,
    mayHaveReachedServer: reached,
    cause: error,
  });
}
