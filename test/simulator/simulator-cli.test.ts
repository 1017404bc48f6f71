import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { SimulatorUsageError, parseSimulatorArgs, runSimulatorCli, simulatorCredential } from '../../src/simulator/simulator-cli.js';
import { callApi } from './sim-client.js';

describe('parseSimulatorArgs', () => {
  it('defaults to the demo dataset on free ports with seed 1', () => {
    expect(parseSimulatorArgs([])).toEqual({ port: 0, dataset: 'demo', seed: 1, help: false });
  });

  it('reads --port, --seed and --dataset, with a space or =', () => {
    expect(parseSimulatorArgs(['--port', '9400', '--seed=7', '--dataset', 'generated'])).toEqual({ port: 9400, dataset: 'generated', seed: 7, help: false });
  });

  it('rejects unknown arguments and bad values with a usage error', () => {
    expect(() => parseSimulatorArgs(['--bogus'])).toThrow(SimulatorUsageError);
    expect(() => parseSimulatorArgs(['--port', 'abc'])).toThrow('--port must be an integer from 1 to 65535, got "abc"');
    expect(() => parseSimulatorArgs(['--port'])).toThrow('--port needs a value');
    expect(() => parseSimulatorArgs(['--dataset', 'huge'])).toThrow(SimulatorUsageError);
  });
});

describe('simulatorCredential', () => {
  it('takes the key pair from the environment when both variables are set', () => {
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-env', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret' };

    expect(simulatorCredential(env)).toEqual({ credential: { accessKeyId: 'LTAI-env', accessKeySecret: 'env-secret' }, generated: false });
  });

  it('generates a fresh pair otherwise', () => {
    const first = simulatorCredential({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'only-the-id' });
    const second = simulatorCredential({});

    expect(first.generated).toBe(true);
    expect(first.credential.accessKeySecret.length).toBeGreaterThanOrEqual(20);
    expect(second.credential).not.toEqual(first.credential);
  });
});

describe('runSimulatorCli', () => {
  let sim: RunningSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('serves the demo with the key pair from the environment, prints endpoints and one line per request, never the secret', async () => {
    const lines: string[] = [];
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-env', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret-value' };
    sim = await runSimulatorCli(parseSimulatorArgs([]), env, (line) => lines.push(line));
    const printed = lines.length;

    const result = await callApi(sim.endpoint('cn-hangzhou'), { accessKeyId: 'LTAI-env', accessKeySecret: 'env-secret-value' }, 'ListInstance');

    expect(result.body['TotalCount']).toBe(3);
    expect(lines.join('\n')).toContain(`cn-hangzhou: http://${sim.endpoint('cn-hangzhou')}`);
    expect(lines.join('\n')).toContain(`cn-shanghai: http://${sim.endpoint('cn-shanghai')}`);
    expect(lines.slice(printed)).toHaveLength(1);
    expect(lines.slice(printed)[0]).toMatch(/cn-hangzhou POST ListInstance .* 200 success/);
    expect(lines.join('\n')).not.toContain('env-secret-value');
  });

  it('prints a generated key pair that the simulator accepts', async () => {
    const lines: string[] = [];
    sim = await runSimulatorCli(parseSimulatorArgs(['--dataset', 'generated', '--seed', '3']), {}, (line) => lines.push(line));
    const match = /ALIBABA_CLOUD_ACCESS_KEY_ID=(\S+) ALIBABA_CLOUD_ACCESS_KEY_SECRET=(\S+)/.exec(lines.join('\n'));

    const result = await callApi(sim.endpoint('cn-shanghai'), { accessKeyId: match?.[1] ?? '', accessKeySecret: match?.[2] ?? '' }, 'ListInstance');

    expect(result.body['TotalCount']).toBe(2);
  });

  it('listens on --port N for the first region and N+1 for the next', async () => {
    const port = await freePort();

    sim = await runSimulatorCli(parseSimulatorArgs(['--port', String(port)]), {}, () => undefined);

    expect(sim.endpoint('cn-hangzhou')).toBe(`127.0.0.1:${port}`);
    expect(sim.endpoint('cn-shanghai')).toBe(`127.0.0.1:${port + 1}`);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
