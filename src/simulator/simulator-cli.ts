/**
 * The standalone simulator's command line, apart from process wiring (cli.ts) so tests run it
 * in-process:
 *
 *   node dist/simulator/cli.js [--port N] [--dataset demo|generated] [--seed S]
 *
 *   --port N       the first region listens on 127.0.0.1:N, the next on N+1, ... (default: free ports)
 *   --dataset      demo (default): demoScenario, fixed ids (see demo-scenario.ts), with its NoPrivilege
 *                  instance; generated: generateDataset with --seed, cn-hangzhou (3 instances) and
 *                  cn-shanghai (2), no faults
 *   --seed S       seed of the generated dataset and of rate-based faults (default 1)
 *
 * The key pair comes from ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET when both are
 * set; otherwise one is generated and printed. Task times follow the system clock.
 */
import { randomBytes } from 'node:crypto';
import type { SimCredential, SimDataset } from './dataset.js';
import { demoScenario } from './demo-scenario.js';
import type { FaultSpec } from './fault-injector.js';
import { generateDataset } from './generate-dataset.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

export const SIMULATOR_USAGE = `Usage: simulator [--port N] [--dataset demo|generated] [--seed S]

Simulates the Alibaba Cloud Container Registry API (2018-12-01) on 127.0.0.1, one port per region.
  --port N       first region on port N, the others on N+1, N+2, ... (default: free ports)
  --dataset D    demo (default): fixed demo instances, one answering 403 NoPrivilege;
                 generated: seeded random instances in cn-hangzhou (3) and cn-shanghai (2)
  --seed S       seed of the generated dataset and of rate-based faults (default 1)
Key pair: ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, else a generated one (printed).`;

/** Regions of --dataset generated. */
const GENERATED_REGIONS = [
  { id: 'cn-hangzhou', instances: 3 },
  { id: 'cn-shanghai', instances: 2 },
];

export interface SimulatorCliOptions {
  /** --port: the first region's port, the next regions on the following ports. @default 0 (free ports) */
  port: number;
  /** --dataset. @default 'demo' */
  dataset: 'demo' | 'generated';
  /** --seed: the generated dataset's seed and the rate-fault RNG's. @default 1 */
  seed: number;
  /** --help / -h: print the usage and exit. @default false */
  help: boolean;
}

/** A command line the simulator cannot run with; the CLI prints it with the usage and exits 2. */
export class SimulatorUsageError extends Error {
  override readonly name = 'SimulatorUsageError';
}

export function parseSimulatorArgs(args: readonly string[]): SimulatorCliOptions {
  const options: SimulatorCliOptions = { port: 0, dataset: 'demo', seed: 1, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    // --flag=value or --flag value.
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined) throw new SimulatorUsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--port':
        options.port = integerIn(flag, value(), 1, 65535);
        break;
      case '--seed':
        options.seed = integerIn(flag, value(), 0, 2 ** 32 - 1);
        break;
      case '--dataset': {
        const dataset = value();
        if (dataset !== 'demo' && dataset !== 'generated') {
          throw new SimulatorUsageError(`--dataset must be demo or generated, got ${JSON.stringify(dataset)}`);
        }
        options.dataset = dataset;
        break;
      }
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new SimulatorUsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return options;
}

/** The key pair from the environment when both variables are set, else a generated one. */
export function simulatorCredential(env: Readonly<Record<string, string | undefined>>): { credential: SimCredential; generated: boolean } {
  const accessKeyId = env['ALIBABA_CLOUD_ACCESS_KEY_ID'];
  const accessKeySecret = env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'];
  if (accessKeyId && accessKeySecret) return { credential: { accessKeyId, accessKeySecret }, generated: false };
  return {
    credential: { accessKeyId: `LTAI5tSim${randomBytes(8).toString('hex')}`, accessKeySecret: randomBytes(15).toString('hex') },
    generated: true,
  };
}

/**
 * Starts the simulator for a command line and prints where it listens (and a generated key pair)
 * through `print`; request lines also go to `print`.
 */
export async function runSimulatorCli(
  options: SimulatorCliOptions,
  env: Readonly<Record<string, string | undefined>>,
  print: (line: string) => void,
): Promise<RunningSimulator> {
  const nowMs = Date.now();
  const { credential, generated } = simulatorCredential(env);
  let dataset: SimDataset;
  let faults: FaultSpec[] = [];
  if (options.dataset === 'demo') {
    ({ dataset, faults } = demoScenario(nowMs));
  } else {
    dataset = generateDataset({ seed: options.seed, nowMs, regions: GENERATED_REGIONS });
  }
  const simulator = await startSimulator({ dataset, credentials: [credential], seed: options.seed, basePort: options.port, log: print });
  for (const fault of faults) simulator.faults.add(fault);

  print(`ACR API simulator (${options.dataset} dataset${options.dataset === 'generated' ? `, seed ${options.seed}` : ''})`);
  for (const region of simulator.regions) {
    const instances = dataset.regions.find((candidate) => candidate.id === region)?.instances ?? [];
    print(`  ${region}: http://${simulator.endpoint(region)}  (${instances.map((entry) => entry.instance.InstanceId).join(', ')})`);
  }
  for (const fault of faults) print(`  fault: ${JSON.stringify(fault)}`);
  if (generated) {
    // Only a generated pair is printed; a pair from the environment is the user's and stays unprinted.
    print(`  generated key pair: ALIBABA_CLOUD_ACCESS_KEY_ID=${credential.accessKeyId} ALIBABA_CLOUD_ACCESS_KEY_SECRET=${credential.accessKeySecret}`);
  } else {
    print(`  key pair from ALIBABA_CLOUD_ACCESS_KEY_ID (${credential.accessKeyId})`);
  }
  return simulator;
}

function integerIn(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new SimulatorUsageError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}
