#!/usr/bin/env node
/**
 * Standalone simulator: `npm run simulator -- --port N` (see simulator-cli.ts for the options).
 * Exit codes: 0 after SIGINT/SIGTERM, 1 when it cannot start (port in use), 2 for a bad command line.
 */
import { SIMULATOR_USAGE, SimulatorUsageError, parseSimulatorArgs, runSimulatorCli } from './simulator-cli.js';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  let options;
  try {
    options = parseSimulatorArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof SimulatorUsageError)) throw error;
    process.stderr.write(`simulator: ${error.message}\n\n${SIMULATOR_USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    print(SIMULATOR_USAGE);
    return;
  }
  const simulator = await runSimulatorCli(options, process.env, print);
  const stop = (signal: string): void => {
    print(`${signal} received, closing`);
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
