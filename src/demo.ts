/**
 * The demo: the simulated registry in-process on loopback, and a configuration that points the exporter
 * at it. This file and the tests are the only importers of src/simulator/; the CLI loads it lazily, and
 * only with --demo.
 */
import credentials from '@alicloud/credentials';
import type { ExporterConfig } from './config/types.js';
import { demoScenario, startSimulator } from './simulator/index.js';

export interface RunningDemo {
  config: ExporterConfig;
  credential: InstanceType<typeof credentials.default>;
  close(): Promise<void>;
}

export async function startDemo(config: ExporterConfig): Promise<RunningDemo> {
  const scenario = demoScenario(Date.now());
  const simulator = await startSimulator({ dataset: scenario.dataset, credentials: [scenario.credential] });
  for (const fault of scenario.faults) simulator.faults.add(fault);
  const credential = new credentials.default(
    new credentials.Config({
      type: 'access_key',
      accessKeyId: scenario.credential.accessKeyId,
      accessKeySecret: scenario.credential.accessKeySecret,
    }),
  );
  return {
    config: {
      ...config,
      regions: simulator.regions.map((id) => ({ id, endpoint: simulator.endpoint(id), protocol: 'http', instances: undefined })),
    },
    credential,
    close: () => simulator.close(),
  };
}
