import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { createLogger } from '../src/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination, text: () => lines.join('') };
}

describe('createLogger', () => {
  it('writes JSON lines with the level and message', () => {
    const out = capture();
    createLogger({ destination: out.destination, pretty: false }).info({ vpsId: 'vps_1' }, 'restarting');
    const line = JSON.parse(out.lines[0] ?? '{}');
    expect(line).toMatchObject({ level: 30, msg: 'restarting', vpsId: 'vps_1' });
  });

  it('redacts secret-looking keys at any depth', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, pretty: false });
    logger.info(
      {
        headers: { Authorization: 'Bearer abcdef123456' },
        auth: { password: 'hunter22' },
        deep: [{ apiToken: 't0k3n-value' }],
      },
      'request',
    );
    expect(out.text()).not.toMatch(/abcdef123456|hunter22|t0k3n-value/);
    expect(out.text()).toContain('[redacted]');
  });

  it('scrubs configured secret values from messages, fields and error causes', () => {
    const out = capture();
    const secret = 'hostup-secret-token-123';
    const logger = createLogger({ destination: out.destination, pretty: false, secrets: [secret] });
    const err = new AppError('boom', `failed with ${secret}`, { cause: new Error(`inner ${secret}`) });
    logger.error({ err, note: `value=${secret}` }, `message ${secret}`);
    expect(out.text()).not.toContain(secret);
    expect(out.text()).toContain('boom');
  });

  it('scrubs bearer and Slack tokens it was not told about', () => {
    const out = capture();
    createLogger({ destination: out.destination, pretty: false }).warn(
      'sent Bearer abc.def-123 with xoxb-1-2-3',
    );
    expect(out.text()).not.toMatch(/abc\.def-123|xoxb-1-2-3/);
  });
});

describe('correlation ids', () => {
  it('stamps every line logged inside a command’s work with its correlation id', async () => {
    const { withCorrelation } = await import('../src/correlation.js');
    const out = capture();
    const logger = createLogger({ destination: out.destination, pretty: false });
    await withCorrelation('abc12345', async () => {
      await Promise.resolve();
      logger.info('inside');
    });
    logger.info('outside');
    const [inside, outside] = out.lines.map((l) => JSON.parse(l));
    expect(inside.correlationId).toBe('abc12345');
    expect(outside.correlationId).toBeUndefined();
  });
});
