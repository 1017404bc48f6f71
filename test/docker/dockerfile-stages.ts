/**
 * The Dockerfile split into its build stages, as dockerfile-ast parses it. Shared by the static
 * policy check and the production-install replay, so both read the Dockerfile the same way.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Copy, DockerfileParser, From, JSONInstruction, PropertyInstruction, type Instruction } from 'dockerfile-ast';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DOCKERFILE_PATH = path.join(REPO_ROOT, 'Dockerfile');
export const DOCKERIGNORE_PATH = path.join(REPO_ROOT, '.dockerignore');

export interface DockerfileStage {
  /** The name after `AS`, if any. */
  name: string | undefined;
  from: From;
  /** The stage's instructions after its FROM, in order. */
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages; instructions before the first FROM (global ARGs) are dropped. */
export function parseDockerfileStages(text: string): DockerfileStage[] {
  const stages: DockerfileStage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction instanceof From) {
      stages.push({ name: instruction.getBuildStage() ?? undefined, from: instruction, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

export function readDockerfileStages(): DockerfileStage[] {
  return parseDockerfileStages(readFileSync(DOCKERFILE_PATH, 'utf8'));
}

/** The stage's instructions with the given keyword, in order. */
export function instructionsOf(stage: DockerfileStage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.getKeyword() === keyword);
}

/** The stage's working directory after its last WORKDIR (absolute paths only; "/" without one). */
export function workdirOf(stage: DockerfileStage): string {
  const last = instructionsOf(stage, 'WORKDIR').at(-1);
  return last?.getArgumentsContent() ?? '/';
}

/** The exec-form (JSON array) arguments of a CMD/ENTRYPOINT/RUN, or undefined for shell form. */
export function execFormOf(instruction: Instruction): string[] | undefined {
  const strings = instruction instanceof JSONInstruction ? instruction.getJSONStrings() : [];
  return strings.length > 0 ? strings.map((argument) => argument.getJSONValue()) : undefined;
}

/** Name/value pairs of the stage's ENV or LABEL instructions (values as the parser unquotes them). */
export function propertiesOf(stage: DockerfileStage, keyword: 'ENV' | 'LABEL' | 'ARG'): Map<string, string> {
  const properties = new Map<string, string>();
  for (const instruction of instructionsOf(stage, keyword)) {
    if (!(instruction instanceof PropertyInstruction)) continue;
    for (const property of instruction.getProperties()) {
      properties.set(property.getName(), property.getValue() ?? '');
    }
  }
  return properties;
}

export interface CopyStep {
  /** The stage the files come from (`--from=`), or undefined for the build context. */
  fromStage: string | undefined;
  sources: string[];
  destination: string;
}

/** The stage's COPY instructions as sources and destination (flags other than --from ignored). */
export function copiesOf(stage: DockerfileStage): CopyStep[] {
  return stage.instructions.filter((instruction) => instruction instanceof Copy).map((copy) => {
    const paths = execFormOf(copy) ?? copy.getArguments().map((argument) => argument.getValue());
    return {
      fromStage: copy.getFromFlag()?.getValue() ?? undefined,
      sources: paths.slice(0, -1),
      destination: paths.at(-1) ?? '',
    };
  });
}
