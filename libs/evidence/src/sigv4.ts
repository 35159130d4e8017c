import { createHash, createHmac } from 'node:crypto';

/** AWS Signature Version 4 (header form), as S3 and the S3-compatible stores check it. */

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present with temporary credentials. */
  sessionToken?: string;
}

export interface SigV4Request {
  method: string;
  /** The address as it is sent; its path may already be percent-encoded. */
  url: URL;
  /** Headers to send and sign, besides `host` and `x-amz-date`, which the signer adds. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the body (or `UNSIGNED-PAYLOAD`): the canonical request's last line. */
  payloadSha256: string;
  region: string;
  service: string;
  credentials: SigV4Credentials;
  now: Date;
}

export interface SignedRequest {
  /** Headers to send: the given ones with `x-amz-date` and `authorization` (not `host`). */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Percent-encode every byte but `A-Z a-z 0-9 - . _ ~` (RFC 3986 unreserved), as SigV4 does. */
export function awsUriEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function signV4(request: SigV4Request): SignedRequest {
  const amzDate = request.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { ...request.headers, 'x-amz-date': amzDate };
  if (request.credentials.sessionToken) headers['x-amz-security-token'] = request.credentials.sessionToken;

  const canonicalHeaders = new Map<string, string>([['host', request.url.host]]);
  for (const [name, value] of Object.entries(headers)) {
    canonicalHeaders.set(name.toLowerCase(), value.trim().replace(/\s+/g, ' '));
  }
  const names = [...canonicalHeaders.keys()].sort();
  const signedHeaders = names.join(';');

  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(request.url.pathname),
    canonicalQuery(request.url.searchParams),
    ...names.map((name) => `${name}:${canonicalHeaders.get(name)}`),
    '',
    signedHeaders,
    request.payloadSha256,
  ].join('\n');

  const scope = `${day}/${request.region}/${request.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = [day, request.region, request.service, 'aws4_request'].reduce<Buffer>(
    (key, part) => hmac(key, part),
    Buffer.from(`AWS4${request.credentials.secretAccessKey}`, 'utf8'),
  );
  const signature = hmac(signingKey, stringToSign).toString('hex');

  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${request.credentials.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers, canonicalRequest, stringToSign, signature };
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * S3's canonical URI: each path segment encoded exactly once (no normalisation of `.` or `//`,
 * which are legal in object keys). A path that arrives already encoded is decoded first so that
 * it is not encoded twice.
 */
function canonicalUri(pathname: string): string {
  if (pathname === '' || pathname === '/') return '/';
  return pathname
    .split('/')
    .map((segment) => awsUriEncode(safeDecode(segment)))
    .join('/');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([key, value]) => [awsUriEncode(key), awsUriEncode(value)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
