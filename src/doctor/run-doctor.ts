import credentials from '@alicloud/credentials';
import { Registry } from 'prom-client';
import type { AcrClient } from '../api/acr-client.js';
import { createAcrClient } from '../api/create-acr-client.js';
import type { AlibabaCredential } from '../api/openapi-transport.js';
import { createRoleCredential } from '../api/role-credential.js';
import { systemClock, type Clock } from '../clock.js';
import type { ApiConfig, ExporterConfig, RegionConfig } from '../config/types.js';
import type { Check } from './check.js';
import { checkDiscovery, checkInstanceActions } from './check-actions.js';
import { checkCredential } from './check-credential.js';
import { doctorReport, type DoctorReport } from './doctor-report.js';
import { endpointChecks } from './endpoint-checks.js';
import { entryName } from './entry-name.js';
import { endpointAddress, probeEndpoint } from './probe-endpoint.js';
import { proxyFor } from '../config/proxy-routes.js';

/**
 * Attempts per API call in the doctor: one retry for a passing blip. A denied call is never
 * retried anyway; an unreachable endpoint should not hold every line for api.retry.maxElapsed.
 */
const DOCTOR_MAX_ATTEMPTS = 2;
/** The doctor reads one entry per action: the permission and the answer's shape are the check. */
const PROBE_PAGING = { pageSize: 1, maxPages: 1 };

export interface DoctorDeps {
  /**
   * The credential the exporter signs with (a region entry with a roleArn assumes its role over it).
   * @default the `@alicloud/credentials` default chain
   */
  credential?: AlibabaCredential | undefined;
  /** Discovery's refresh clock and the retry backoff. @default systemClock */
  clock?: Clock | undefined;
  /** Wall time for the clock skew and the certificate's expiry. @default Date.now */
  wallClock?: (() => number) | undefined;
}

/**
 * Checks, in order: each credential (which provider answered), then per region its endpoint (DNS,
 * TCP/TLS, latency, clock skew), ListInstance through discovery, and per instance the actions the
 * exporter calls, one page of one entry each, through the exporter's own API stack (signing, rate
 * limit, retries). Calls run one at a time, so the report reads in order and the API budget holds.
 * A region whose endpoint or credential failed gets its API checks skipped, not failed again.
 */
export async function runDoctor(config: ExporterConfig, deps: DoctorDeps = {}): Promise<DoctorReport> {
  const clock = deps.clock ?? systemClock;
  const wallClock = deps.wallClock ?? Date.now;
  const base = deps.credential ?? new credentials.default();
  // As the transport makes them: the shared credential, or per entry with a role the role assumed over it.
  const roleCredentials = new Map<RegionConfig, AlibabaCredential>();
  const credentialFor = (region: RegionConfig): AlibabaCredential => {
    if (!region.role) return base;
    let roleCredential = roleCredentials.get(region);
    if (!roleCredential) {
      roleCredential = createRoleCredential(base, region.role, {
        stsEndpoint: config.api.stsEndpoint,
        connectTimeoutMs: config.api.connectTimeout,
        readTimeoutMs: config.api.readTimeout,
      });
      roleCredentials.set(region, roleCredential);
    }
    return roleCredential;
  };
  const checks: Check[] = [];

  // One credentials line per distinct credential, naming its regions when they are not all.
  const regionsByCredential = new Map<AlibabaCredential, RegionConfig[]>();
  for (const region of config.regions) {
    const credential = credentialFor(region);
    regionsByCredential.set(credential, [...(regionsByCredential.get(credential) ?? []), region]);
  }
  const usable = new Set<AlibabaCredential>();
  for (const [credential, regions] of regionsByCredential) {
    const target = regionsByCredential.size === 1 ? 'all regions' : regions.map(entryName).join(',');
    const check = await checkCredential(credential, target);
    checks.push(check);
    if (check.status === 'ok') usable.add(credential);
  }

  const api = doctorApi(config.api);
  for (const region of config.regions) {
    const proxy = api.proxyRoutes === undefined ? undefined : proxyFor(api.proxyRoutes, { protocol: region.protocol, ...endpointAddress(region) });
    const probe = await probeEndpoint(region, { connectTimeoutMs: api.connectTimeout, readTimeoutMs: api.readTimeout, wallClock, proxy });
    const endpoint = endpointChecks(entryName(region), probe, wallClock());
    checks.push(...endpoint);
    const credential = credentialFor(region);
    const blocked = endpoint.some((check) => check.status === 'failed' && check.name !== 'clock')
      ? 'the endpoint is unreachable'
      : usable.has(credential)
        ? undefined
        : 'no credential';
    if (blocked !== undefined) {
      checks.push({ status: 'skipped', name: 'API actions', target: entryName(region), detail: blocked });
      continue;
    }
    const settings = { regions: [region], api };
    // The transport assumes an entry's role itself: it gets the base credential and the role credential checked above.
    const clientDeps = { credential: base, roleCredential: () => credential, clock };
    const lister = createAcrClient({ ...settings, paging: config.collection }, new Registry(), clientDeps);
    const probeClient: AcrClient = createAcrClient({ ...settings, paging: PROBE_PAGING }, new Registry(), clientDeps);
    const discovered = await checkDiscovery(region, { discovery: config.discovery, shard: config.sharding, lister, clock });
    checks.push(discovered.check);
    for (const target of discovered.targets) checks.push(...(await checkInstanceActions(probeClient, target)));
  }
  return doctorReport(checks);
}

function doctorApi(api: ApiConfig): ApiConfig {
  return { ...api, retry: { ...api.retry, maxAttempts: Math.min(api.retry.maxAttempts, DOCTOR_MAX_ATTEMPTS) } };
}
