import { awsUriEncode, EMPTY_SHA256, sha256Hex, signV4 } from './sigv4';

// Published AWS vectors: the Signature Version 4 test suite's get-vanilla case, and the worked
// examples of the Amazon S3 API reference ("Signature Calculations for the Authorization Header").
const SUITE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const S3 = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const S3_TIME = new Date('2013-05-24T00:00:00Z');
const S3_HOST = 'https://examplebucket.s3.amazonaws.com';

describe('signV4', () => {
  it("signs the test suite's get-vanilla request as AWS does", () => {
    const signed = signV4({
      method: 'GET',
      url: new URL('https://example.amazonaws.com/'),
      headers: {},
      payloadSha256: EMPTY_SHA256,
      region: 'us-east-1',
      service: 'service',
      credentials: SUITE,
      now: new Date('2015-08-30T12:36:00Z'),
    });
    expect(signed.canonicalRequest).toBe(
      [
        'GET',
        '/',
        '',
        'host:example.amazonaws.com',
        'x-amz-date:20150830T123600Z',
        '',
        'host;x-amz-date',
        EMPTY_SHA256,
      ].join('\n'),
    );
    expect(signed.stringToSign).toBe(
      [
        'AWS4-HMAC-SHA256',
        '20150830T123600Z',
        '20150830/us-east-1/service/aws4_request',
        'bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63',
      ].join('\n'),
    );
    expect(signed.headers).toEqual({
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    });
  });

  it("signs the S3 reference's GET Object with a Range header", () => {
    const signed = signV4({
      method: 'GET',
      url: new URL(`${S3_HOST}/test.txt`),
      headers: { Range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA256 },
      payloadSha256: EMPTY_SHA256,
      region: 'us-east-1',
      service: 's3',
      credentials: S3,
      now: S3_TIME,
    });
    expect(sha256Hex(signed.canonicalRequest)).toBe('7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972');
    expect(signed.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    expect(signed.headers.authorization).toContain('SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,');
  });

  it("signs the S3 reference's PUT Object, encoding the key as S3 does", () => {
    const payload = sha256Hex('Welcome to Amazon S3.');
    expect(payload).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const signed = signV4({
      method: 'PUT',
      url: new URL(`${S3_HOST}/test$file.text`),
      headers: {
        Date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': payload,
      },
      payloadSha256: payload,
      region: 'us-east-1',
      service: 's3',
      credentials: S3,
      now: S3_TIME,
    });
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/test%24file.text');
    expect(signed.signature).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });

  it("signs the S3 reference's bucket requests, with their query strings in canonical order", () => {
    const sign = (query: string) =>
      signV4({
        method: 'GET',
        url: new URL(`${S3_HOST}/${query}`),
        headers: { 'x-amz-content-sha256': EMPTY_SHA256 },
        payloadSha256: EMPTY_SHA256,
        region: 'us-east-1',
        service: 's3',
        credentials: S3,
        now: S3_TIME,
      }).signature;
    expect(sign('?lifecycle')).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
    expect(sign('?prefix=J&max-keys=2')).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  it('encodes a path once whether or not it arrives encoded, and adds a session token', () => {
    const sign = (path: string) =>
      signV4({
        method: 'GET',
        url: new URL(`http://127.0.0.1:9000${path}`),
        headers: {},
        payloadSha256: EMPTY_SHA256,
        region: 'us-east-1',
        service: 's3',
        credentials: { ...S3, sessionToken: 'token' },
        now: S3_TIME,
      });
    const raw = sign('/bucket/照片 1.jpg');
    const encoded = sign(`/bucket/${awsUriEncode('照片 1.jpg')}`);
    expect(raw.canonicalRequest.split('\n')[1]).toBe('/bucket/%E7%85%A7%E7%89%87%201.jpg');
    expect(encoded.signature).toBe(raw.signature);
    expect(raw.canonicalRequest).toContain('host:127.0.0.1:9000\n');
    expect(raw.headers['x-amz-security-token']).toBe('token');
    expect(raw.headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });
});
