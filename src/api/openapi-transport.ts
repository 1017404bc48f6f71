import openapi from '@alicloud/openapi-core';
import credentials from '@alicloud/credentials';
import dara from '@darabonba/typescript';
import { ApiError } from '../errors.js';
import type { ProxyRoutes } from '../config/proxy-routes.js';
import type { RegionConfig } from '../config/types.js';
import type { ApiQuery, ApiTransport } from './api-transport.js';
import { classifyError, classifyResponseBody } from './classify-error.js';
import { CredentialError } from './credential-error.js';
import { ACTIONS, API_VERSION, LIST_FIELDS, type ActionName, type CallTarget } from './actions.js';
import { createProxyRouting } from './proxy-routing.js';
import { readListBody } from './read-list-body.js';
import { releaseHttpxReadTimers } from './release-httpx-read-timers.js';
import { NONCE_HEADER, watchResponseStatus } from './response-status-watch.js';

/** A credential of @alicloud/credentials (default chain, access key, STS, RRSA, ECS RAM role, ...). */
export type AlibabaCredential = InstanceType<typeof credentials.default>;
type OpenApiClient = InstanceType<typeof openapi.default>;

export interface OpenApiTransportOptions {
  /** Where each region's calls go: endpoint host[:port] and protocol. Calls to other regions fail. */
  regions: readonly RegionConfig[];
  /**
   * Socket connect timeout. openapi-core (httpx) also uses it as the socket idle timeout, so a
   * reply slower than this fails even when readTimeoutMs is longer. openapi-core's own default
   * (3 s) is never used: api.connectTimeout in src/config/schema.ts is.
   */
  connectTimeoutMs: number;
  /** Time from connection to the end of the response (api.readTimeout). */
  readTimeoutMs: number;
  /**
   * The credential that signs every request. Never logged.
   * @default `new Credential()`: the default chain (env key pair, STS, OIDC/RRSA, CLI profile,
   * credentials file, ECS RAM role), created on the first call and shared by every region.
   */
  credential?: AlibabaCredential;
  /** Proxies of the endpoints (api.proxy, HTTPS_PROXY, ...; proxy-routing.ts). @default direct connections */
  proxyRoutes?: ProxyRoutes | undefined;
}

/**
 * The innermost transport: one @alicloud/openapi-core Client per region, calling `callApi` with
 * the Params the generated SDK @alicloud/cr20181201 uses. openapi-core signs (ACS3-HMAC-SHA256)
 * and never retries here (no retryOptions): retries are ours, in retrying-transport.ts.
 * Creating one also installs, once per process, the fix for httpx's leaked read timers
 * (release-httpx-read-timers.ts). Each attempt carries a nonce of ours, so the status of a
 * response openapi-core could not parse is still known (response-status-watch.ts).
 */
export function createOpenApiTransport(options: OpenApiTransportOptions): ApiTransport {
  releaseHttpxReadTimers();
  const regions = new Map(options.regions.map((region) => [region.id, region]));
  const clients = new Map<string, OpenApiClient>();
  const proxies = createProxyRouting(options.proxyRoutes, { connectTimeoutMs: options.connectTimeoutMs });
  let credential = options.credential;

  // Created lazily: the default chain reads files and env on construction, and a process that
  // never calls the API (--check-config) should not need credentials.
  function sharedCredential(): AlibabaCredential {
    credential ??= new credentials.default();
    return credential;
  }

  function clientFor(target: CallTarget, action: ActionName): OpenApiClient {
    const existing = clients.get(target.region);
    if (existing) return existing;
    const region = regions.get(target.region);
    if (!region) {
      throw new ApiError({
        kind: 'client',
        code: 'UnknownRegion',
        action,
        region: target.region,
        instanceId: target.instanceId,
        message: `region is not configured (configured: ${[...regions.keys()].join(', ') || 'none'})`,
      });
    }
    const client = new openapi.default(
      new openapi.$OpenApiUtil.Config({
        credential: sharedCredential(),
        endpoint: region.endpoint, // the config layer fills in cr.<region>.aliyuncs.com
        protocol: region.protocol,
        regionId: region.id,
        connectTimeout: options.connectTimeoutMs,
        readTimeout: options.readTimeoutMs,
      }),
    );
    clients.set(target.region, client);
    return client;
  }

  return {
    async call(action: ActionName, query: ApiQuery, target: CallTarget): Promise<Record<string, unknown>> {
      const context = { action, region: target.region, instanceId: target.instanceId };
      let body: unknown;
      let knownSecrets: string[] = [];
      const responseStatus = watchResponseStatus();
      try {
        const client = clientFor(target, action);
        knownSecrets = await resolveCredential(sharedCredential());
        const params = new openapi.$OpenApiUtil.Params({
          action,
          version: API_VERSION,
          protocol: regions.get(target.region)?.protocol.toUpperCase() ?? 'HTTPS',
          pathname: '/',
          method: ACTIONS[action],
          authType: 'AK',
          style: 'RPC',
          reqBodyType: 'formData',
          bodyType: 'json',
        });
        const request = new openapi.$OpenApiUtil.OpenApiRequest({ query: stringValues(query), headers: { [NONCE_HEADER]: responseStatus.nonce } });
        const response = await proxies.run(() => client.callApi(params, request, new dara.RuntimeOptions({})));
        body = response['body'];
      } catch (error) {
        throw classifyError(error, context, { responseStatus: responseStatus.statusCode(), knownSecrets });
      } finally {
        responseStatus.end();
      }
      const failure = classifyResponseBody(body, context, knownSecrets);
      if (failure) throw failure;
      // A 200 whose list is missing or not an array is an invalid response here, where the attempt
      // is counted, not a success that fails later.
      readListBody(body as Record<string, unknown>, LIST_FIELDS[action], context);
      return body as Record<string, unknown>;
    },
  };
}

/**
 * Asks the provider for a key before the call, so that a provider failure surfaces as a
 * CredentialError (auth) instead of an anonymous Error from inside openapi-core. Providers cache
 * the key until it expires, so openapi-core's own request for it costs nothing. Returns the
 * key's values, so that an error quoting them can be cleaned (they go nowhere else).
 */
async function resolveCredential(credential: AlibabaCredential): Promise<string[]> {
  try {
    const key = await credential.getCredential();
    return [key.accessKeyId, key.accessKeySecret, key.securityToken].filter((value): value is string => typeof value === 'string' && value !== '');
  } catch (error) {
    throw new CredentialError(error);
  }
}

/** openapi-core signs and sends query values as strings only. */
function stringValues(query: ApiQuery): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)]));
}
