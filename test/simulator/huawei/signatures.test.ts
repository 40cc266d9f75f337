import { describe, expect, it } from 'vitest';
import { checkSignature, MAX_DATE_SKEW_MS } from '../../../src/simulator/huawei/signatures.js';

/*
 * The simulated gateway must accept what Huawei's own SDK signs: the request of test_signer2 in
 * huaweicloud/huaweicloud-sdk-python-v3, huaweicloud-sdk-core/tests/test_signer.py (commit
 * 18d6485ce9f20ebe629a48e66277aef32f06ca3c), with its published Authorization header, as it would
 * arrive on the wire.
 */
const keys = new Map([['AccessKey', 'SecretKey']]);
const signedAt = Date.parse('2020-06-08T02:39:00Z');
const published = {
  method: 'POST',
  target: '/resources?size=1',
  headers: {
    host: 'service.endpoint.myhuaweicloud.com',
    'x-sdk-date': '20200608T023900Z',
    authorization:
      'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, ' +
      'Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f',
    'content-length': '22',
  },
  rawBody: '{"name":"test","id":1}',
};

describe('the simulated API gateway’s AK/SK check', () => {
  it('accepts the request Huawei’s Python SDK signed, recomputed from the wire', () => {
    expect(checkSignature(published, keys, signedAt + 60_000)).toEqual({
      ok: true,
      accessKey: 'AccessKey',
      projectId: null,
    });
  });

  it('refuses it once anything signed changed on the way', () => {
    const why = (over: Partial<typeof published>) => {
      const result = checkSignature({ ...published, ...over }, keys, signedAt);
      return result.ok ? 'accepted' : result.why;
    };
    expect(why({ rawBody: '{"name":"test","id":2}' })).toBe('signature mismatch');
    expect(why({ target: '/resources?size=2' })).toBe('signature mismatch');
    expect(why({ method: 'PUT' })).toBe('signature mismatch');
    expect(why({ headers: { ...published.headers, host: 'evil.example.com' } })).toBe('signature mismatch');
    // A header outside SignedHeaders may change freely.
    expect(why({ headers: { ...published.headers, 'content-length': '23' } })).toBe('accepted');
  });

  it('refuses a date more than 15 minutes from its clock, either way', () => {
    expect(checkSignature(published, keys, signedAt + MAX_DATE_SKEW_MS).ok).toBe(true);
    expect(checkSignature(published, keys, signedAt + MAX_DATE_SKEW_MS + 1000)).toMatchObject({
      ok: false,
      why: 'date out of range',
    });
    expect(checkSignature(published, keys, signedAt - MAX_DATE_SKEW_MS - 1000)).toMatchObject({ ok: false });
  });

  it('answers 401 APIG.0301 in Huawei’s error shape for a wrong secret or an unknown key', () => {
    const wrongSecret = checkSignature(published, new Map([['AccessKey', 'Other']]), signedAt);
    expect(wrongSecret).toMatchObject({ ok: false, why: 'signature mismatch' });
    if (wrongSecret.ok) throw new Error('unreachable');
    expect(wrongSecret.response.status).toBe(401);
    expect(JSON.parse(wrongSecret.response.body)).toEqual({
      error_code: 'APIG.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
    });
    expect(checkSignature(published, new Map(), signedAt)).toMatchObject({
      ok: false,
      why: 'unknown access key',
    });
    const unsignedDate = {
      ...published,
      headers: {
        ...published.headers,
        authorization: published.headers.authorization.replace('host;x-sdk-date', 'host'),
      },
    };
    expect(checkSignature(unsignedDate, keys, signedAt)).toMatchObject({
      ok: false,
      why: 'x-sdk-date not signed',
    });
  });
});
