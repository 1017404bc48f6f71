/**
 * `acr-subscription-exporter doctor`: its own flags, then the exporter's configuration (same
 * loadConfig), the checks, the report. Everything it touches is passed in (output streams, env,
 * the demo starter), so src/cli.ts keeps the process side effects and this module never imports
 * the simulator.
 */
import type { AlibabaCredential } from '../api/openapi-transport.js';
import { quoteText } from '../config/describe-value.js';
import { loadConfig } from '../config/load-config.js';
import type { ExporterConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { VERSION } from '../version.js';
import { doctorHelpText } from './doctor-help.js';
import { exitCodeOf } from './doctor-report.js';
import { formatReportJson, formatReportText } from './format-report.js';
import { runDoctor } from './run-doctor.js';

export const DOCTOR_COMMAND = 'doctor';
const PROGRAM = `acr-subscription-exporter ${DOCTOR_COMMAND}`;
const EXIT_CONFIG_ERROR = 2;
const OUTPUT_FLAG = '--output';
const OUTPUTS = ['text', 'json'] as const;
type Output = (typeof OUTPUTS)[number];

export interface DoctorIo {
  stdout: { write(text: string): unknown; isTTY?: boolean | undefined };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /** Starts the built-in simulator for --demo (src/demo.ts's startDemo). */
  startDemo(config: ExporterConfig): Promise<{ config: ExporterConfig; credential: AlibabaCredential; close(): Promise<void> }>;
}

/** Runs the command; resolves with the exit code: 0 all passed, 1 a check failed, 2 bad configuration. */
export async function doctorCommand(argv: readonly string[], io: DoctorIo): Promise<number> {
  let output: Output;
  let loaded;
  try {
    const split = takeOutputFlag(argv);
    output = split.output;
    loaded = loadConfig({ argv: split.rest, env: io.env });
    if (loaded.cli.checkConfig) throw new ConfigError('--check-config', `not a ${DOCTOR_COMMAND} flag; run it without ${DOCTOR_COMMAND}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${PROGRAM}: ${error.message}\n`);
    return EXIT_CONFIG_ERROR;
  }
  const { cli } = loaded;
  if (cli.help) {
    io.stdout.write(doctorHelpText());
    return 0;
  }
  if (cli.version) {
    io.stdout.write(`acr-subscription-exporter ${VERSION}\n`);
    return 0;
  }

  let { config } = loaded;
  let credential: AlibabaCredential | undefined;
  let close = async () => {};
  if (cli.demo) {
    const demo = await io.startDemo(config);
    ({ config, credential } = demo);
    close = demo.close;
  }
  try {
    const report = await runDoctor(config, { credential });
    // no-color.org: a NO_COLOR that is set and not empty turns colour off.
    const colour = io.stdout.isTTY === true && (io.env['NO_COLOR'] ?? '') === '' && io.env['TERM'] !== 'dumb';
    io.stdout.write(output === 'json' ? formatReportJson(report) : formatReportText(report, { colour, demo: cli.demo }));
    return exitCodeOf(report);
  } finally {
    await close();
  }
}

/** Removes `--output=X` / `--output X` (the doctor's only flag of its own) from the exporter's flags. */
function takeOutputFlag(argv: readonly string[]): { output: Output; rest: string[] } {
  let output: Output = 'text';
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index] ?? '';
    if (token !== OUTPUT_FLAG && !token.startsWith(`${OUTPUT_FLAG}=`)) {
      rest.push(token);
      continue;
    }
    const value = token === OUTPUT_FLAG ? argv[(index += 1)] : token.slice(OUTPUT_FLAG.length + 1);
    if (!OUTPUTS.includes(value as Output)) {
      throw new ConfigError(OUTPUT_FLAG, `${quoteText(value ?? '')} is not allowed; expected ${OUTPUTS.join(' or ')}`);
    }
    output = value as Output;
  }
  return { output, rest };
}
