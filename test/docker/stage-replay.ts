/**
 * What one Dockerfile stage does, read from the Dockerfile, in a form a test can replay on this
 * machine without a Docker engine: the files it copies (from the build context or from an earlier
 * stage), the npm commands it runs, its ENV, WORKDIR and ENTRYPOINT. Each stage is replayed in its
 * own directory, which stands for the stage's WORKDIR.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { copiesOf, execFormOf, instructionsOf, propertiesOf, workdirOf, type DockerfileStage } from './dockerfile-stages.js';

const execFileAsync = promisify(execFile);

/** RUN commands that only tidy the image (they would wipe this machine's npm cache). */
const IMAGE_ONLY_COMMANDS = /^npm cache /;

export interface StageCopy {
  /** The stage the files come from, or undefined for the build context. */
  fromStage: string | undefined;
  /** Relative to the build context, or to that stage's WORKDIR. */
  source: string;
  /** Relative to this stage's WORKDIR. */
  destination: string;
}

export interface StagePlan {
  name: string | undefined;
  /** Absolute WORKDIR in the image (e.g. /app). */
  workdir: string;
  copies: StageCopy[];
  /** The npm commands of the stage's RUN instructions, as argv without the leading `npm`. */
  npmCommands: string[][];
  env: Record<string, string>;
  /** Exec-form ENTRYPOINT, if the stage has one. */
  entrypoint: string[] | undefined;
}

export function planStage(stage: DockerfileStage, stages: DockerfileStage[]): StagePlan {
  const workdir = workdirOf(stage);
  const copies = copiesOf(stage).flatMap((copy) => {
    const sourceRoot = copy.fromStage === undefined ? undefined : workdirOf(stageNamed(stages, copy.fromStage));
    return copy.sources.map((source) => ({
      fromStage: copy.fromStage,
      source: sourceRoot === undefined ? source : path.posix.relative(sourceRoot, source),
      destination: resolveDestination(workdir, copy.destination, source, copy.sources.length),
    }));
  });

  const npmCommands = instructionsOf(stage, 'RUN')
    .flatMap((run) => (run.getArgumentsContent() ?? '').split('&&'))
    .map((command) => command.trim())
    .filter((command) => !IMAGE_ONLY_COMMANDS.test(command))
    .map((command) => {
      if (!command.startsWith('npm ') || /["'$`\\|;<>]/.test(command)) throw new Error(`cannot replay RUN ${command}`);
      return command.split(/\s+/).slice(1);
    });

  const entrypoint = instructionsOf(stage, 'ENTRYPOINT').at(-1);
  return {
    name: stage.name,
    workdir,
    copies,
    npmCommands,
    env: Object.fromEntries(propertiesOf(stage, 'ENV')),
    entrypoint: entrypoint === undefined ? undefined : execFormOf(entrypoint),
  };
}

/**
 * Replays a stage into `stageDir`: copies from `contextDir` or from the directories of earlier
 * stages (by name), then runs its npm commands there with its ENV.
 */
export async function replayStage(
  plan: StagePlan,
  directories: { contextDir: string; stageDir: string; stageDirs: ReadonlyMap<string, string> },
  timeoutMs: number,
): Promise<void> {
  mkdirSync(directories.stageDir, { recursive: true });
  for (const copy of plan.copies) {
    const root = copy.fromStage === undefined ? directories.contextDir : directories.stageDirs.get(copy.fromStage);
    if (root === undefined) throw new Error(`COPY --from=${copy.fromStage ?? ''}: that stage was not replayed`);
    const target = path.join(directories.stageDir, copy.destination);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(path.join(root, copy.source), target, { recursive: true });
  }
  for (const args of plan.npmCommands) {
    await execFileAsync('npm', args, { cwd: directories.stageDir, env: { ...process.env, ...plan.env }, timeout: timeoutMs });
  }
}

function stageNamed(stages: DockerfileStage[], name: string): DockerfileStage {
  const stage = stages.find((candidate) => candidate.name === name);
  if (stage === undefined) throw new Error(`COPY --from=${name}: no such stage`);
  return stage;
}

/** WORKDIR-relative destination of one source, with Docker's "ends in / means into" rule. */
function resolveDestination(workdir: string, destination: string, source: string, sourceCount: number): string {
  const absolute = path.posix.resolve(workdir, destination);
  const into = destination.endsWith('/') || destination === '.' || sourceCount > 1;
  const target = into ? path.posix.join(absolute, path.posix.basename(source)) : absolute;
  return path.posix.relative(workdir, target);
}
