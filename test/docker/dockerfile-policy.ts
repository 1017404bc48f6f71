/**
 * The rules our Dockerfile must follow (issue 5), as a function from Dockerfile text to the list
 * of violations, so the test can show each rule catching a bad Dockerfile as well as passing ours.
 */
import {
  copiesOf,
  execFormOf,
  instructionsOf,
  parseDockerfileStages,
  propertiesOf,
  workdirOf,
  type DockerfileStage,
} from './dockerfile-stages.js';

/** The exporter's default listen port (--web.listen-address :9742). */
export const EXPORTER_PORT = '9742';

/** The Node release line the image runs: the current LTS (Node 20 reached end of life on 2026-04-30). */
export const RUNTIME_NODE_MAJOR = 24;
/** An exact release tag: 24.9.0, 24.9.0-bookworm-slim (not 24, 24-slim, lts or latest). */
const EXACT_VERSION_TAG = /^v?\d+\.\d+\.\d+(?:-[a-z0-9][a-z0-9.-]*)?$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const NUMERIC_USER = /^(\d+)(?::(\d+))?$/;
const URL_SOURCE = /^(?:https?|ftp|git):\/\/|^git@/;
/** A download piped straight into a shell: `curl ... | sh`, `wget -O- ... | sudo bash`. */
const PIPE_TO_SHELL = /\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:ba|da|z|k)?sh\b/;
const REQUIRED_LABELS = [
  'org.opencontainers.image.source',
  'org.opencontainers.image.version',
  'org.opencontainers.image.description',
  'org.opencontainers.image.licenses',
] as const;

export interface DockerfilePolicyOptions {
  /** package.json's version: the default of ARG VERSION must equal it. */
  packageVersion: string;
}

export function checkDockerfilePolicy(text: string, options: DockerfilePolicyOptions): string[] {
  const stages = parseDockerfileStages(text);
  const runtime = stages.at(-1);
  if (stages.length < 2 || runtime === undefined) return ['multi-stage: expected a build stage and a runtime stage'];
  return [
    ...checkBaseImages(stages),
    ...stages.flatMap(checkNoRemoteCode),
    ...checkRuntimeUser(runtime),
    ...checkEntrypoint(runtime),
    ...checkRuntimeContents(stages, runtime),
    ...checkLabels(runtime, options.packageVersion),
  ];
}

function checkBaseImages(stages: DockerfileStage[]): string[] {
  const problems: string[] = [];
  const earlierStages = new Set<string>();
  for (const { from, name } of stages) {
    const image = from.getImage() ?? '';
    const isEarlierStage = earlierStages.has(from.getImageName() ?? '');
    const tag = from.getImageTag();
    const digest = from.getImageDigest();
    if (!isEarlierStage && !(digest !== null && DIGEST.test(digest)) && !(tag !== null && EXACT_VERSION_TAG.test(tag))) {
      problems.push(`FROM ${image}: base image must be pinned to an exact version tag or a sha256 digest`);
    }
    if (name !== undefined) earlierStages.add(name);
  }
  const runtimeImage = stages.at(-1)?.from.getImage();
  if (runtimeImage !== stages[0]?.from.getImage()) {
    problems.push(`FROM ${runtimeImage}: the runtime stage must use the build stage's base image`);
  }
  if (!new RegExp(`^node:${RUNTIME_NODE_MAJOR}\\.\\d+\\.\\d+-[a-z]+-slim(?:@|$)`).test(runtimeImage ?? '')) {
    problems.push(`FROM ${runtimeImage}: expected an official slim Node ${RUNTIME_NODE_MAJOR} image (node:${RUNTIME_NODE_MAJOR}.x.y-<debian>-slim)`);
  }
  return problems;
}

function checkNoRemoteCode(stage: DockerfileStage): string[] {
  const problems: string[] = [];
  for (const add of instructionsOf(stage, 'ADD')) {
    const urls = add.getArguments().map((argument) => argument.getValue()).filter((value) => URL_SOURCE.test(value));
    if (urls.length > 0) problems.push(`ADD ${urls.join(' ')}: no ADD of remote URLs (download nothing unverified)`);
  }
  for (const run of instructionsOf(stage, 'RUN')) {
    const command = run.getArgumentsContent() ?? '';
    if (PIPE_TO_SHELL.test(command)) problems.push(`RUN ${command}: no download piped into a shell`);
  }
  return problems;
}

function checkRuntimeUser(runtime: DockerfileStage): string[] {
  const user = instructionsOf(runtime, 'USER').at(-1)?.getArgumentsContent();
  if (user === undefined || user === null) return ['USER: the runtime stage must set a non-root user'];
  const numeric = NUMERIC_USER.exec(user);
  if (numeric === null) return [`USER ${user}: must be numeric (uid[:gid]) so runAsNonRoot can verify it`];
  if (Number(numeric[1]) === 0 || Number(numeric[2] ?? 1) === 0) return [`USER ${user}: must not be root`];
  return [];
}

function checkEntrypoint(runtime: DockerfileStage): string[] {
  const entrypoint = instructionsOf(runtime, 'ENTRYPOINT').at(-1);
  if (entrypoint === undefined) return ['ENTRYPOINT: the runtime stage must run the exporter CLI'];
  const argv = execFormOf(entrypoint);
  if (argv === undefined) return ['ENTRYPOINT: must be exec form (JSON array) so signals reach node and arguments append'];
  const [program, script, ...rest] = argv;
  if (program !== 'node' || script === undefined || !script.endsWith('/dist/cli.js') || rest.length > 0) {
    return [`ENTRYPOINT ${JSON.stringify(argv)}: expected ["node", "<workdir>/dist/cli.js"]`];
  }
  if (!script.startsWith('/')) return [`ENTRYPOINT ${JSON.stringify(argv)}: use an absolute path to cli.js`];
  if (instructionsOf(runtime, 'CMD').length > 0) return ['CMD: no default arguments, so `docker run IMAGE --config FILE` passes only the user\'s'];
  return [];
}

function checkRuntimeContents(stages: DockerfileStage[], runtime: DockerfileStage): string[] {
  const problems: string[] = [];
  const exposed = instructionsOf(runtime, 'EXPOSE').flatMap((expose) => expose.getArguments().map((argument) => argument.getValue()));
  if (!exposed.some((port) => port === EXPORTER_PORT || port === `${EXPORTER_PORT}/tcp`)) {
    problems.push(`EXPOSE: the runtime stage must expose the default port ${EXPORTER_PORT}`);
  }
  if (propertiesOf(runtime, 'ENV').get('NODE_ENV') !== 'production') problems.push('ENV NODE_ENV=production: missing in the runtime stage');

  const runs = instructionsOf(runtime, 'RUN').map((run) => run.getArgumentsContent() ?? '');
  if (!runs.some((command) => /\bnpm ci\b.*--omit=dev/.test(command))) {
    problems.push('RUN npm ci --omit=dev: the runtime stage must install production dependencies only');
  }
  const build = stages[0];
  if (build !== undefined) {
    const buildRuns = instructionsOf(build, 'RUN').map((run) => run.getArgumentsContent() ?? '');
    if (!buildRuns.some((command) => /\bnpm ci\b/.test(command)) || !buildRuns.some((command) => /\bnpm run build\b/.test(command))) {
      problems.push('build stage: must run `npm ci` and `npm run build`');
    }
  }
  for (const copy of copiesOf(runtime)) {
    for (const source of copy.sources) {
      if (/(^|\/)(node_modules|src)\/?$/.test(source)) {
        problems.push(`COPY ${source}: the runtime stage installs its own production node_modules and needs no sources`);
      }
    }
  }
  const workdir = workdirOf(runtime);
  const entrypoint = instructionsOf(runtime, 'ENTRYPOINT').at(-1);
  const entryScript = entrypoint === undefined ? undefined : execFormOf(entrypoint)?.[1];
  const distCopied = copiesOf(runtime).some((copy) => copy.fromStage !== undefined && copy.sources.some((source) => source.endsWith('/dist')));
  if (!distCopied) problems.push('COPY --from=<build> .../dist: the runtime stage must copy the built dist/');
  if (entryScript !== undefined && !entryScript.startsWith(`${workdir}/`)) {
    problems.push(`ENTRYPOINT ${entryScript}: expected under the runtime WORKDIR ${workdir}`);
  }
  return problems;
}

function checkLabels(runtime: DockerfileStage, packageVersion: string): string[] {
  const problems: string[] = [];
  const labels = propertiesOf(runtime, 'LABEL');
  for (const label of REQUIRED_LABELS) {
    if (!labels.get(label)) problems.push(`LABEL ${label}: missing`);
  }
  if (labels.has('org.opencontainers.image.licenses') && labels.get('org.opencontainers.image.licenses') !== 'Apache-2.0') {
    problems.push(`LABEL org.opencontainers.image.licenses=${labels.get('org.opencontainers.image.licenses')}: expected Apache-2.0`);
  }
  if (labels.has('org.opencontainers.image.version') && labels.get('org.opencontainers.image.version') !== '${VERSION}') {
    problems.push('LABEL org.opencontainers.image.version: must come from ARG VERSION');
  }
  const versionDefault = propertiesOf(runtime, 'ARG').get('VERSION');
  if (versionDefault !== packageVersion) {
    problems.push(`ARG VERSION=${versionDefault ?? ''}: its default must equal package.json's version ${packageVersion}`);
  }
  return problems;
}
