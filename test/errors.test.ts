import { describe, expect, it } from 'vitest';
import { AppError, ProviderError, TransportError, toUserMessage, UserError } from '../src/errors.js';

describe('toUserMessage', () => {
  it('shows a user error as written, with its hint', () => {
    expect(
      toUserMessage(new UserError('unknown_vps', 'No VPS is called web-9.', { hint: 'Try /vps list.' })),
    ).toBe('No VPS is called web-9. Try /vps list.');
  });

  it('gives a provider error its code, detail, field errors, advice and request id', () => {
    const error = new ProviderError({
      provider: 'HostUp',
      status: 400,
      code: 'invalid_request',
      detail: 'The hostname is not valid.',
      requestId: 'req_123',
      fieldErrors: [{ pointer: '/hostname', detail: 'label too long' }],
    });
    const message = toUserMessage(error);
    expect(message).toContain('(invalid_request): The hostname is not valid.');
    expect(message).toContain('/hostname: label too long');
    expect(message).toContain('Request id for support: req_123.');
  });

  it('warns that an acting call may have happened when the connection dropped after sending', () => {
    const lost = new TransportError({
      provider: 'HostUp',
      code: 'connection_lost',
      message: 'socket closed',
      mayHaveReachedServer: true,
    });
    expect(toUserMessage(lost)).toContain('may still have been carried out');
    const refused = new TransportError({
      provider: 'HostUp',
      code: 'connect_refused',
      message: 'refused',
      mayHaveReachedServer: false,
    });
    expect(toUserMessage(refused)).toContain('nothing was sent');
  });

  it('never shows the text of an unexpected error, which may hold internals', () => {
    expect(toUserMessage(new Error('SELECT * FROM secrets failed'))).not.toContain('SELECT');
    expect(toUserMessage(new AppError('store_busy', 'lock at 0xdead'))).toContain('store_busy');
    expect(toUserMessage('a string')).toMatch(/unexpected/);
  });
});
