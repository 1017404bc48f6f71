/**
 * In-process trust for the simulated STS: @alicloud/credentials' RAM-role provider speaks HTTPS
 * to STS through httpx's own agent, which takes no CA, and NODE_EXTRA_CA_CERTS is read only when
 * a process starts (the e2e tests set it on the CLI child). Inside a jest worker, the provider's
 * `doRequest` (its own seam, "used for mock") is replaced by the same request made with the test
 * CA trusted; everything else (signing, parsing, caching, refresh) is the library's.
 */
import { request as httpsRequest } from 'node:https';
import credentials from '@alicloud/credentials';

type RamRoleProvider = InstanceType<typeof credentials.RAMRoleARNCredentialsProvider>;

interface LibraryRequest {
  method: string;
  headers: Record<string, string>;
  bodyForm?: Record<string, string>;
  readTimeout?: number;
  toRequestURL(): string;
}

interface LibraryResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Makes `provider` trust `caPem` for its STS requests; returns the provider. */
export function trustStsCa(provider: RamRoleProvider, caPem: string): RamRoleProvider {
  // doRequest is private in the type declarations; it is a plain instance field at run time.
  (provider as unknown as { doRequest: (req: LibraryRequest) => Promise<LibraryResponse> }).doRequest = (req) => send(req, caPem);
  return provider;
}

function send(req: LibraryRequest, caPem: string): Promise<LibraryResponse> {
  // Encoded as the library's own doRequest does.
  const body = req.bodyForm ? Object.entries(req.bodyForm).map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&') : undefined;
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(req.toRequestURL(), { method: req.method, headers: { ...req.headers, 'content-type': 'application/x-www-form-urlencoded' }, ca: caPem, timeout: req.readTimeout ?? 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
