/**
 * The quickstart in examples/compose/ without a Docker engine: the compose file's services, images
 * and mounts; Prometheus' configuration under promtool, with the paths it reads inside the
 * container mapped back through the compose volumes; Grafana's provisioning; and the exporter
 * service's command, run through the built CLI with --check-config.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from '@jest/globals';
import { describeWithBinaries } from '../support/prometheus-binaries.js';
import { runCli } from '../support/cli-process.js';

const execFileAsync = promisify(execFile);

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COMPOSE_DIR = path.join(REPO_ROOT, 'examples/compose');
const COMPOSE_FILE = path.join(COMPOSE_DIR, 'compose.yaml');
/** The command the README's first section shows. */
const COMPOSE_COMMAND = 'docker compose -f examples/compose/compose.yaml up --build';
/** The job the alert rules select. */
const JOB = 'acr-subscription-exporter';
/** An exact image tag: v3.5.0, 11.6.0 (not latest, 3, 11-ubuntu). */
const EXACT_TAG = /:v?\d+\.\d+\.\d+$/;

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  volumes?: string[];
  ports?: string[];
  environment?: Record<string, string>;
}

const compose = parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, ComposeService> };

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`compose.yaml has no service ${name}`);
  return found;
}

/** A service's bind mounts: host path (absolute) and container path. */
function mounts(name: string): Array<{ host: string; container: string }> {
  return (service(name).volumes ?? []).map((volume) => {
    const [host = '', container = ''] = volume.split(':');
    return { host: path.resolve(COMPOSE_DIR, host), container };
  });
}

/** The host path a service sees at `containerPath`, through its mounts (a file or below a mounted directory). */
function hostPathOf(name: string, containerPath: string): string {
  for (const { host, container } of mounts(name)) {
    if (containerPath === container) return host;
    if (containerPath.startsWith(`${container}/`)) return path.join(host, containerPath.slice(container.length + 1));
  }
  throw new Error(`service ${name} mounts nothing at ${containerPath}`);
}

/** A service's own file by its container path, parsed as YAML. */
function readMountedYaml(name: string, containerPath: string): unknown {
  return parse(readFileSync(hostPathOf(name, containerPath), 'utf8'));
}

/** The files below a directory, relative to it. */
function filesUnder(directory: string): string[] {
  return (readdirSync(directory, { recursive: true }) as string[]).filter((entry) => statSync(path.join(directory, entry)).isFile()).sort();
}

describe('examples/compose/compose.yaml', () => {
  it('runs the exporter, Prometheus and Grafana', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['exporter', 'grafana', 'prometheus']);
  });

  it("builds the exporter from the repository's Dockerfile, read-only, in demo mode", () => {
    const exporter = service('exporter');
    const context = path.resolve(COMPOSE_DIR, exporter.build?.context ?? '');

    expect(context).toBe(path.resolve(REPO_ROOT));
    expect(existsSync(path.join(context, exporter.build?.dockerfile ?? 'Dockerfile'))).toBe(true);
    expect(exporter.command?.[0]).toBe('--demo');
    expect(exporter).toMatchObject({ read_only: true });
  });

  it('pins Prometheus and Grafana to exact releases and publishes every port on loopback only', () => {
    for (const name of ['prometheus', 'grafana']) expect(service(name).image).toMatch(EXACT_TAG);
    for (const name of Object.keys(compose.services)) {
      for (const port of service(name).ports ?? []) expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:\d+:\d+$/) });
    }
  });

  it('mounts only files and directories that exist', () => {
    const sources = Object.keys(compose.services).flatMap((name) => mounts(name).map(({ host }) => host));

    expect(sources.length).toBeGreaterThanOrEqual(4);
    expect(sources.filter((source) => !existsSync(source))).toEqual([]);
  });

  it('mounts the bundled alert rules and dashboards themselves, not copies', () => {
    expect(mounts('prometheus').map(({ host }) => host)).toContain(path.join(REPO_ROOT, 'alerts/acr-subscription.rules.yml'));
    expect(mounts('grafana').map(({ host }) => host)).toContain(path.join(REPO_ROOT, 'grafana'));
  });
});

describe('the exporter service', () => {
  it('has a command the built CLI accepts (--check-config), listening on the port Prometheus scrapes', async () => {
    const command = service('exporter').command ?? [];
    const prometheusConfig = readMountedYaml('prometheus', '/etc/prometheus/prometheus.yml') as { scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> };
    const target = prometheusConfig.scrape_configs.find((scrape) => scrape.job_name === JOB)?.static_configs[0]?.targets[0];

    const run = await runCli([...command, '--check-config']);
    const effective = parse(run.stdout) as { web: { listenAddress: string } };

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(target).toBe(`exporter:${effective.web.listenAddress.split(':').at(-1)}`);
    expect(service('exporter').ports).toContain(`127.0.0.1:9742:${effective.web.listenAddress.split(':').at(-1)}`);
  });

  it('would be refused with a wrong flag (the check can fail)', async () => {
    const run = await runCli([...(service('exporter').command ?? []), '--web.listen-adress', ':9742', '--check-config']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--web\.listen-adress/);
  });
});

describeWithBinaries(['promtool'], "the quickstart's Prometheus configuration", ({ promtool }) => {
  it('passes promtool check config, with the rule files it names found through its mounts', async () => {
    const containerConfigPath = service('prometheus').command?.find((flag) => flag.startsWith('--config.file='))?.split('=')[1] ?? '';
    const config = readMountedYaml('prometheus', containerConfigPath) as { rule_files: string[] };
    const directory = mkdtempSync(path.join(os.tmpdir(), 'acr-compose-prometheus-'));
    try {
      // The same configuration with each container path replaced by the host file mounted there.
      const onHost = { ...config, rule_files: config.rule_files.map((file) => hostPathOf('prometheus', file)) };
      const file = path.join(directory, 'prometheus.yml');
      writeFileSync(file, stringify(onHost));

      const { stdout } = await execFileAsync(promtool, ['check', 'config', file]);

      expect(config.rule_files).toEqual(['/etc/prometheus/rules/acr-subscription.rules.yml']);
      expect(stdout).toContain(`SUCCESS: ${config.rule_files.length} rule files found`);
      expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe("the quickstart's Grafana provisioning", () => {
  const provisioning = '/etc/grafana/provisioning';

  it('provisions the Prometheus service as the default data source', () => {
    const files = filesUnder(hostPathOf('grafana', `${provisioning}/datasources`));
    const datasources = files.flatMap((file) => (readMountedYaml('grafana', `${provisioning}/datasources/${file}`) as { datasources: Array<Record<string, unknown>> }).datasources);
    const publishedPort = service('prometheus').ports?.[0]?.split(':').at(-1);

    expect(datasources).toEqual([expect.objectContaining({ type: 'prometheus', url: `http://prometheus:${publishedPort}`, isDefault: true, access: 'proxy' })]);
  });

  it('provisions a folder with both dashboards of grafana/', () => {
    const files = filesUnder(hostPathOf('grafana', `${provisioning}/dashboards`));
    const providers = files.flatMap((file) => (readMountedYaml('grafana', `${provisioning}/dashboards/${file}`) as { providers: Array<{ type: string; options: { path: string } }> }).providers);
    const [provider] = providers;
    const dashboards = filesUnder(hostPathOf('grafana', provider?.options.path ?? '')).filter((file) => file.endsWith('.json'));

    expect(providers).toHaveLength(1);
    expect(provider?.type).toBe('file');
    expect(dashboards).toEqual(['acr-subscription-overview.json', 'acr-subscription-repository.json']);
    for (const dashboard of dashboards) expect(() => JSON.parse(readFileSync(path.join(hostPathOf('grafana', provider?.options.path ?? ''), dashboard), 'utf8')) as unknown).not.toThrow();
  });

  it('opens on the overview dashboard, which exists where it points', () => {
    const home = service('grafana').environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '';

    expect(path.basename(home)).toBe('acr-subscription-overview.json');
    expect(existsSync(hostPathOf('grafana', home))).toBe(true);
  });
});

describe('README', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

  it('shows the compose command in its first section, after the demo and test commands', () => {
    const lines = firstBlock.split('\n').filter((line) => line.trim() !== '');

    expect(lines[0]).toMatch(/^npm ci && npm run demo\s/);
    expect(lines[1]).toMatch(/^npm test\s/);
    expect(lines[2]).toMatch(new RegExp(`^${COMPOSE_COMMAND.replaceAll('.', '\\.')}\\s`));
    expect(readFileSync(COMPOSE_FILE, 'utf8')).toContain(COMPOSE_COMMAND);
  });
});
