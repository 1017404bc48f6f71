import credentials from '@alicloud/credentials';
import type { AlibabaCredential } from '../../src/api/openapi-transport.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ExporterConfig } from '../../src/config/types.js';
import type { RunningSimulator } from '../../src/simulator/index.js';

/**
 * The exporter's configuration from flags, as production loads it: every region of the simulator,
 * reached over plain HTTP on its loopback endpoint, listening on a free port; `argv` adds flags.
 */
export function simulatorConfig(simulator: RunningSimulator, argv: readonly string[] = []): ExporterConfig {
  const { config } = loadConfig({ argv: [...simulator.regions.flatMap((id) => ['--region', id]), '--web.listen-address', '127.0.0.1:0', ...argv], env: {} });
  config.regions = config.regions.map((region) => ({ ...region, endpoint: simulator.endpoint(region.id), protocol: 'http' }));
  return config;
}

/** A credential signing with this access key pair, as the default chain would with the env variables set. */
export function accessKeyCredential(key: { accessKeyId: string; accessKeySecret: string }): AlibabaCredential {
  return new credentials.default(new credentials.Config({ type: 'access_key', ...key }));
}
