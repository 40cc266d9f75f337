import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  parseAuthorization,
  parseSdkDate,
  type SignableRequest,
  sdkDate,
  sign,
} from '../../../src/providers/huawei/sdk-signature.js';

/*
 * Worked examples from Huawei's own SDKs (fixed AK/SK, date and request → expected Authorization):
 *
 * - huaweicloud/huaweicloud-sdk-python-v3, huaweicloud-sdk-core/tests/test_signer.py at commit
 *   18d6485ce9f20ebe629a48e66277aef32f06ca3c: test_signer1 (GET) and test_signer2 (POST), and
 *   test_process_canonical_query_string.
 * - huaweicloud/huaweicloud-sdk-go-v3, core/auth/signer/signer_test.go at commit
 *   54c11bc944dfd3d849239f7fcde65a383884688c: TestSigner_Sign test1 (GET) and test2 (POST; Go's
 *   JSON encoder ends the body with a newline), and TestSigner_canonicalQueryString.
 *
 * Only the inputs and expected outputs are taken from them; the code under test is our own.
 */
const AK = 'AccessKey';
const SK = 'SecretKey';

const request = (over: Partial<SignableRequest>): SignableRequest => ({
  method: 'GET',
  path: '/',
  query: [],
  headers: {},
  body: '',
  ...over,
});

describe('Huawei SDK-HMAC-SHA256 signing, against the SDKs’ published test vectors', () => {
  it('signs the Python SDK’s GET example (host and x-sdk-date signed)', () => {
    const req = request({
      path: '/resources',
      query: [['size', '1']],
      headers: { host: 'service.endpoint.myhuaweicloud.com', 'x-sdk-date': '20200608T023900Z' },
    });
    const signed = ['host', 'x-sdk-date'];
    expect(authorizationHeader(AK, signed, sign(req, signed, SK))).toBe(
      'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, ' +
        'Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842',
    );
  });

  it('signs the Python SDK’s POST example, whose body is part of the signature', () => {
    const req = request({
      method: 'POST',
      path: '/resources',
      query: [['size', '1']],
      headers: { host: 'service.endpoint.myhuaweicloud.com', 'x-sdk-date': '20200608T023900Z' },
      body: '{"name":"test","id":1}',
    });
    expect(sign(req, ['host', 'x-sdk-date'], SK)).toBe(
      '436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f',
    );
  });

  it('signs the Go SDK’s GET and POST examples (only x-sdk-date signed)', () => {
    const headers = { 'x-sdk-date': '20060102T150405Z' };
    expect(sign(request({ path: '/path', query: [['limit', '1']], headers }), ['x-sdk-date'], SK)).toBe(
      '5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624',
    );
    const post = request({
      method: 'POST',
      path: '/path',
      query: [['key', 'value']],
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"Name":"test","Id":1}\n',
    });
    expect(sign(post, ['x-sdk-date'], SK)).toBe(
      'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59',
    );
  });

  it('builds the SDKs’ canonical query string: sorted, RFC 3986 encoded, repeated keys kept', () => {
    expect(
      canonicalQuery([
        ['limit', '1'],
        ['enable', 'true'],
        ['test', '一 (&=?!#%.*)'],
        ['path', '/tmp/123'],
        ['multi', '1'],
        ['multi', '2'],
        ['multi', '3'],
      ]),
    ).toBe(
      'enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29',
    );
  });

  it('changes the signature when anything signed changes', () => {
    const base = request({
      method: 'PATCH',
      path: '/v1/p/app-servers/actions/batch-reboot',
      headers: { host: 'h:1', 'x-sdk-date': '20260101T000000Z', 'content-type': 'application/json' },
      body: '{"items":["1"],"type":"SOFT"}',
    });
    const signed = ['content-type', 'host', 'x-sdk-date'];
    const signature = sign(base, signed, SK);
    expect(sign({ ...base, body: '{"items":["1"],"type":"HARD"}' }, signed, SK)).not.toBe(signature);
    expect(sign({ ...base, path: '/v1/p/app-servers' }, signed, SK)).not.toBe(signature);
    expect(sign({ ...base, headers: { ...base.headers, host: 'h:2' } }, signed, SK)).not.toBe(signature);
    expect(sign(base, signed, 'OtherSecret')).not.toBe(signature);
    expect(sign(base, signed, SK)).toBe(signature);
  });
});

describe('the parts of a canonical request', () => {
  it('ends the canonical URI with a slash and encodes each segment once', () => {
    expect(canonicalUri('/v1/abc/app-servers')).toBe('/v1/abc/app-servers/');
    expect(canonicalUri('/v1/abc/')).toBe('/v1/abc/');
    expect(canonicalUri('/a%20b/c d')).toBe('/a%20b/c%20d/');
  });

  it('lays the canonical request out line by line, headers trimmed and followed by a blank line', () => {
    const text = canonicalRequest(
      request({
        path: '/r',
        query: [
          ['b', '2'],
          ['a', '1'],
        ],
        headers: { host: ' h ', 'x-sdk-date': 'D' },
      }),
      ['host', 'x-sdk-date'],
    );
    expect(text.split('\n')).toEqual([
      'GET',
      '/r/',
      'a=1&b=2',
      'host:h',
      'x-sdk-date:D',
      '',
      'host;x-sdk-date',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ]);
  });

  it('writes and reads X-Sdk-Date as YYYYMMDDTHHMMSSZ in UTC', () => {
    const at = Date.parse('2020-06-08T02:39:00.456Z');
    expect(sdkDate(at)).toBe('20200608T023900Z');
    expect(parseSdkDate('20200608T023900Z')).toBe(Date.parse('2020-06-08T02:39:00Z'));
    expect(parseSdkDate('2020-06-08T02:39:00Z')).toBeNull();
  });

  it('reads back the Authorization header it writes, and nothing else', () => {
    const header = authorizationHeader('AK1', ['host', 'x-sdk-date'], 'ab12');
    expect(parseAuthorization(header)).toEqual({
      accessKey: 'AK1',
      signedHeaders: ['host', 'x-sdk-date'],
      signature: 'ab12',
    });
    expect(parseAuthorization('Bearer abc')).toBeNull();
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=AK1, Signature=ab12')).toBeNull();
  });
});
