import openapi from '@alicloud/openapi-core';
import credentials from '@alicloud/credentials';
import dara from '@darabonba/typescript';
import { ApiError } from '../errors.js';
import type { ProxyRoutes } from '../config/proxy-routes.js';
import type { RegionConfig } from '../config/types.js';
import { DEFAULT_STS_ENDPOINT } from '../config/schema.js';
import type { ApiQuery, ApiTransport } from './api-transport.js';
import { classifyError, classifyResponseBody } from './classify-error.js';
import { CredentialError } from './credential-error.js';
import { ACTIONS, API_VERSION, LIST_FIELDS, type ActionName, type CallTarget } from './actions.js';
import { createProxyRouting } from './proxy-routing.js';
import { readListBody } from './read-list-body.js';
import { releaseHttpxReadTimers } from './release-httpx-read-timers.js';
import { NONCE_HEADER, watchResponseStatus } from './response-status-watch.js';
import { RegionEntries } from './region-entries.js';
import { createRoleCredential, type AlibabaCredential, type RoleCredentialFactory, type RoleCredentialOptions } from './role-credential.js';

export type { AlibabaCredential } from './role-credential.js';
type OpenApiClient = InstanceType<typeof openapi.default>;

/** One region entry's way out: its client (endpoint, protocol) and the credential that signs its calls. */
interface EntryRoute {
  key: string;
  client: OpenApiClient;
  credential: AlibabaCredential;
  /** The entry's role, named in a failure to assume it. */
  roleArn: string | undefined;
  protocol: RegionConfig['protocol'];
}

export interface OpenApiTransportOptions {
  /**
   * Where each region entry's calls go: endpoint host[:port], protocol, and the RAM role its calls
   * use. A region may have one entry per roleArn (region-entries.ts routes). Calls to other regions fail.
   */
  regions: readonly RegionConfig[];
  /** host[:port] of STS, where the entries' roles are assumed over HTTPS (api.stsEndpoint). @default sts.aliyuncs.com */
  stsEndpoint?: string | undefined;
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
   * credentials file, ECS RAM role), created on the first call and shared by every region entry;
   * an entry with a roleArn signs with that role, assumed with this credential (role-credential.ts).
   */
  credential?: AlibabaCredential;
  /** Proxies of the endpoints (api.proxy, HTTPS_PROXY, ...; proxy-routing.ts). @default direct connections */
  proxyRoutes?: ProxyRoutes | undefined;
  /** Makes the credential of an entry with a roleArn over the shared one. @default createRoleCredential (STS AssumeRole) */
  roleCredential?: RoleCredentialFactory | undefined;
  /** Told of every AssumeRole a role credential sends (the self-metrics count it). @default nothing */
  onAssumeRole?: RoleCredentialOptions['onAssumeRole'];
}

/**
 * The innermost transport: one @alicloud/openapi-core Client per region entry, calling `callApi` with
 * the Params the generated SDK @alicloud/cr20181201 uses. openapi-core signs (ACS3-HMAC-SHA256)
 * and never retries here (no retryOptions): retries are ours, in retrying-transport.ts.
 * Creating one also installs, once per process, the fix for httpx's leaked read timers
 * (release-httpx-read-timers.ts). Each attempt carries a nonce of ours, so the status of a
 * response openapi-core could not parse is still known (response-status-watch.ts).
 */
export function createOpenApiTransport(options: OpenApiTransportOptions): ApiTransport {
  releaseHttpxReadTimers();
  const entries = new RegionEntries(options.regions);
  const routes = new Map<string, EntryRoute>();
  const proxies = createProxyRouting(options.proxyRoutes, { connectTimeoutMs: options.connectTimeoutMs });
  let credential = options.credential;

  // Created lazily: the default chain reads files and env on construction, and a process that
  // never calls the API (--check-config) should not need credentials.
  function sharedCredential(): AlibabaCredential {
    credential ??= new credentials.default();
    return credential;
  }

  /** The call's region entry with its client and credential (made on the entry's first call). */
  function routeOf(target: CallTarget, action: ActionName): EntryRoute {
    const resolved = entries.resolve(target);
    if (typeof resolved === 'string') {
      throw new ApiError({ kind: 'client', code: 'UnknownRegion', action, region: target.region, instanceId: target.instanceId, message: resolved });
    }
    const existing = routes.get(resolved.key);
    if (existing) return existing;
    const { entry } = resolved;
    // An entry with a role signs with the role's key, assumed over the shared credential.
    const entryCredential = entry.role
      ? (options.roleCredential ?? createRoleCredential)(sharedCredential(), entry.role, {
          stsEndpoint: options.stsEndpoint ?? DEFAULT_STS_ENDPOINT,
          connectTimeoutMs: options.connectTimeoutMs,
          readTimeoutMs: options.readTimeoutMs,
          onAssumeRole: options.onAssumeRole,
        })
      : sharedCredential();
    const client = new openapi.default(
      new openapi.$OpenApiUtil.Config({
        credential: entryCredential,
        endpoint: entry.endpoint, // the config layer fills in cr.<region>.aliyuncs.com
        protocol: entry.protocol,
        regionId: entry.id,
        connectTimeout: options.connectTimeoutMs,
        readTimeout: options.readTimeoutMs,
      }),
    );
    const route: EntryRoute = { key: resolved.key, client, credential: entryCredential, roleArn: entry.role?.arn, protocol: entry.protocol };
    routes.set(resolved.key, route);
    return route;
  }

  return {
    async call(action: ActionName, query: ApiQuery, target: CallTarget): Promise<Record<string, unknown>> {
      const context = { action, region: target.region, instanceId: target.instanceId };
      let body: unknown;
      let knownSecrets: string[] = [];
      let route: EntryRoute | undefined;
      const responseStatus = watchResponseStatus();
      try {
        const entryRoute = routeOf(target, action);
        route = entryRoute;
        // Inside the proxy routing too: a role's AssumeRole (STS) goes out through the same httpx.
        knownSecrets = await proxies.run(() => resolveCredential(entryRoute.credential, entryRoute.roleArn));
        const params = new openapi.$OpenApiUtil.Params({
          action,
          version: API_VERSION,
          protocol: route.protocol.toUpperCase(),
          pathname: '/',
          method: ACTIONS[action],
          authType: 'AK',
          style: 'RPC',
          reqBodyType: 'formData',
          bodyType: 'json',
        });
        const request = new openapi.$OpenApiUtil.OpenApiRequest({ query: stringValues(query), headers: { [NONCE_HEADER]: responseStatus.nonce } });
        const response = await proxies.run(() => entryRoute.client.callApi(params, request, new dara.RuntimeOptions({})));
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
      const list = readListBody(body as Record<string, unknown>, LIST_FIELDS[action], context);
      // The instances an entry lists are reached through that entry (its account's credential).
      if (action === 'ListInstance' && route) entries.learn(route.key, instanceIdsOf(list.entries));
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
async function resolveCredential(credential: AlibabaCredential, roleArn: string | undefined): Promise<string[]> {
  try {
    const key = await credential.getCredential();
    return [key.accessKeyId, key.accessKeySecret, key.securityToken].filter((value): value is string => typeof value === 'string' && value !== '');
  } catch (error) {
    throw new CredentialError(error, roleArn === undefined ? undefined : `AssumeRole ${roleArn}`);
  }
}

function instanceIdsOf(entries: readonly unknown[]): string[] {
  return entries.flatMap((entry) => {
    const id = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['InstanceId'] : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}

/** openapi-core signs and sends query values as strings only. */
function stringValues(query: ApiQuery): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)]));
}
