#!/usr/bin/env node
/**
 * The command line: the only module with process side effects (argv, env, stdout, signals, exit codes).
 * Exit codes: 0 ok, 1 runtime failure (e.g. the port is taken), 2 bad configuration.
 * `doctor` as the first argument runs the checks of src/doctor instead (same exit codes).
 */
import { formatConfig } from './config/format-config.js';
import { helpText } from './config/help-text.js';
import { loadConfig } from './config/load-config.js';
import type { ExporterConfig } from './config/types.js';
import { doctorCommand, DOCTOR_COMMAND } from './doctor/doctor-command.js';
import { ConfigError } from './errors.js';
import { startExporter, type RunningExporter } from './exporter.js';
import { createLogger, type Logger } from './logger.js';
import { VERSION } from './version.js';

const PROGRAM = 'acr-subscription-exporter';
const EXIT_CONFIG_ERROR = 2;

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number | undefined> {
  // Installed first, so that no signal arrives before its handler. Node opens its inspector
  // (127.0.0.1:9229, reachable from every container of a pod) on SIGUSR1 unless the process handles the
  // signal: handle it, and do nothing else. SIGHUP would kill the process; it reloads once running.
  let logger: Logger | undefined;
  let onHangup = () => logger?.warn({ signal: 'SIGHUP' }, 'ignoring SIGHUP: not running yet');
  process.on('SIGUSR1', () => logger?.warn({ signal: 'SIGUSR1' }, 'ignoring SIGUSR1 (the Node.js inspector stays closed)'));
  process.on('SIGHUP', () => onHangup());

  // The doctor checks and exits; the handlers above keep SIGUSR1 and SIGHUP harmless meanwhile.
  if (argv[0] === DOCTOR_COMMAND) {
    const startDemo = async (config: ExporterConfig) => (await import('./demo.js')).startDemo(config);
    return doctorCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr, env, startDemo });
  }

  let loaded;
  try {
    loaded = loadConfig({ argv, env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return EXIT_CONFIG_ERROR;
    }
    throw error;
  }
  const { cli } = loaded;
  if (cli.help) {
    process.stdout.write(helpText());
    return 0;
  }
  if (cli.version) {
    process.stdout.write(`${PROGRAM} ${VERSION} (node ${process.version})\n`);
    return 0;
  }

  let { config } = loaded;
  let credential;
  let closeDemo: () => Promise<void> = async () => {};
  // The demo's simulated regions replace the configured ones, on start and on every reload.
  let demoRegions: ExporterConfig['regions'] | undefined;
  if (cli.demo) {
    const { startDemo } = await import('./demo.js');
    const demo = await startDemo(config);
    ({ config, credential } = demo);
    closeDemo = demo.close;
    demoRegions = config.regions;
  }
  if (cli.checkConfig) {
    process.stdout.write(formatConfig(config));
    await closeDemo();
    return 0;
  }

  logger = createLogger(config.log.level);
  let exporter: RunningExporter;
  try {
    exporter = await startExporter(config, { logger, credential });
  } catch (error) {
    await closeDemo();
    if (error instanceof ConfigError) {
      process.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return EXIT_CONFIG_ERROR;
    }
    logger.fatal({ err: error }, 'could not start');
    return 1;
  }
  if (cli.demo) {
    process.stderr.write(`\nDemo running on a simulated registry (no Alibaba Cloud account needed).\n  Landing page: ${exporter.url}/\n  Metrics:      ${exporter.url}/metrics\nPress Ctrl+C to stop.\n\n`);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void exporter
      .close()
      .then(closeDemo)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // SIGHUP re-reads the configuration (file, env and flags as at start), as Prometheus does.
  const running = logger;
  onHangup = () => {
    if (stopping) return;
    running.info({ signal: 'SIGHUP', configFile: cli.configFile }, 'reloading the configuration');
    exporter.reload(() => {
      const reloaded = loadConfig({ argv, env }).config;
      return demoRegions === undefined ? reloaded : { ...reloaded, regions: demoRegions };
    });
  };
  return undefined; // keep running until a signal
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${PROGRAM}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
