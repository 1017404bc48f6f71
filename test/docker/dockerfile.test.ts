import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { RUNTIME_NODE_MAJOR, checkDockerfilePolicy } from './dockerfile-policy.js';
import { DOCKERFILE_PATH, DOCKERIGNORE_PATH, REPO_ROOT, copiesOf, readDockerfileStages } from './dockerfile-stages.js';
import { isExcludedByDockerignore, parseDockerignore } from './dockerignore-matcher.js';

const packageVersion = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const dockerfile = readFileSync(DOCKERFILE_PATH, 'utf8');

/** Our Dockerfile with one line replaced, to show a rule catching the mistake. */
function dockerfileWith(search: string | RegExp, replacement: string): string {
  const changed = dockerfile.replace(search, replacement);
  expect(changed).not.toBe(dockerfile); // the edit must hit, or the negative case proves nothing
  return changed;
}

describe('Dockerfile policy', () => {
  it('holds for the repository Dockerfile', () => {
    expect(checkDockerfilePolicy(dockerfile, { packageVersion })).toEqual([]);
  });

  it('runs the final stage as the numeric non-root user the Helm chart expects', () => {
    const runtime = readDockerfileStages().at(-1);
    const user = runtime?.instructions.filter((instruction) => instruction.getKeyword() === 'USER').at(-1);
    const chartValues = readFileSync(path.join(REPO_ROOT, 'helm/acr-subscription-exporter/values.yaml'), 'utf8');

    expect(user?.getArgumentsContent()).toBe('1000:1000');
    expect(chartValues).toMatch(/^ {2}runAsUser: 1000$/m);
    expect(chartValues).toMatch(/^ {2}runAsGroup: 1000$/m);
  });

  const violations: Array<[string, string | RegExp, string, RegExp]> = [
    ['an unpinned base image', /FROM node:24\.11\.1-bookworm-slim AS runtime/, 'FROM node:24-bookworm-slim AS runtime', /must be pinned/],
    ['latest', /FROM node:24\.11\.1-bookworm-slim AS build/, 'FROM node:latest AS build', /must be pinned/],
    ['no tag at all', /FROM node:24\.11\.1-bookworm-slim AS build/, 'FROM node AS build', /must be pinned/],
    ['a different runtime base', /FROM node:24\.11\.1-bookworm-slim AS runtime/, 'FROM node:24.11.1-alpine3.22 AS runtime', /build stage's base image/],
    ['an end-of-life Node 20 runtime', /node:24\.11\.1-bookworm-slim/g, 'node:20.20.2-bookworm-slim', /expected an official slim Node 24 image/],
    ['a root user', 'USER 1000:1000', 'USER 0', /must not be root/],
    ['a named user', 'USER 1000:1000', 'USER node', /must be numeric/],
    ['no user', 'USER 1000:1000', '', /non-root user/],
    ['a shell-form entrypoint', 'ENTRYPOINT ["node", "/app/dist/cli.js"]', 'ENTRYPOINT node /app/dist/cli.js', /exec form/],
    ['an entrypoint that is not the CLI', 'ENTRYPOINT ["node", "/app/dist/cli.js"]', 'ENTRYPOINT ["node", "/app/dist/main.js"]', /dist\/cli\.js/],
    ['a default CMD', 'ENTRYPOINT ["node", "/app/dist/cli.js"]', 'ENTRYPOINT ["node", "/app/dist/cli.js"]\nCMD ["--demo"]', /no default arguments/],
    ['another port', 'EXPOSE 9742', 'EXPOSE 8080', /expose the default port 9742/],
    ['no NODE_ENV', 'ENV NODE_ENV=production', 'ENV NODE_ENV=development', /NODE_ENV=production/],
    ['an ADD of a URL', 'WORKDIR /app', 'WORKDIR /app\nADD https://example.com/tool.tar.gz /tmp/', /no ADD of remote URLs/],
    ['curl piped to sh', 'WORKDIR /app', 'WORKDIR /app\nRUN curl -fsSL https://example.com/install.sh | sh', /no download piped into a shell/],
    ['wget piped to sudo bash', 'WORKDIR /app', 'WORKDIR /app\nRUN wget -qO- https://example.com/i | sudo bash -s', /no download piped into a shell/],
    ['dev dependencies at runtime', 'npm ci --omit=dev --ignore-scripts', 'npm ci --ignore-scripts', /production dependencies only/],
    ['node_modules copied from the build', 'COPY --from=build /src/dist ./dist', 'COPY --from=build /src/dist ./dist\nCOPY --from=build /src/node_modules ./node_modules', /needs no sources/],
    ['a missing source label', /org\.opencontainers\.image\.source=/, 'org.opencontainers.image.url=', /image\.source: missing/],
    ['another license', 'licenses="Apache-2.0"', 'licenses="MIT"', /expected Apache-2\.0/],
    ['a stale version default', `ARG VERSION=${packageVersion}`, 'ARG VERSION=0.0.0-stale', /must equal package\.json's version/],
  ];

  it.each(violations)('rejects %s', (_case, search, replacement, expected) => {
    const problems = checkDockerfilePolicy(dockerfileWith(search, replacement), { packageVersion });

    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('accepts a base image pinned by digest', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const pinned = dockerfile.replaceAll('node:24.11.1-bookworm-slim', `node:24.11.1-bookworm-slim@${digest}`);

    expect(checkDockerfilePolicy(pinned, { packageVersion })).toEqual([]);
  });
});

describe('supported runtime', () => {
  const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } };
  const ciRun = readFileSync(path.join(REPO_ROOT, '.ci/run'), 'utf8');
  const imageNodeVersion = /^FROM node:(\d+\.\d+\.\d+)-/m.exec(dockerfile)?.[1];

  it("CI runs the suite on a release of the image's Node major line", () => {
    const ciNodeVersion = /^NODE24_VERSION=(\S+)$/m.exec(ciRun)?.[1];

    expect(imageNodeVersion).toMatch(new RegExp(`^${RUNTIME_NODE_MAJOR}\\.`));
    // The npm package `node` ships Node 24 binaries up to 24.9.0, the image runs the 24 LTS line (24.11+).
    expect(ciNodeVersion).toMatch(new RegExp(`^${RUNTIME_NODE_MAJOR}\\.\\d+\\.\\d+$`));
    expect(ciRun).toContain('npm install --prefix .cache/node24 --no-save --no-package-lock --no-audit --no-fund "node@$NODE24_VERSION"');
    expect(ciRun).toMatch(/^PATH="\$node24_bin:\$PATH" npm test /m);
  });

  it('engines.node admits Node 20 (the machine CI starts on) and the image\'s Node, with no upper bound', () => {
    const floor = /^>=\s*(\d+)$/.exec(packageJson.engines?.node ?? '')?.[1];

    expect(floor).toBe('20');
    expect(Number(imageNodeVersion?.split('.')[0])).toBeGreaterThanOrEqual(Number(floor));
  });
});

describe('Dockerfile build stage', () => {
  it('copies everything `npm run build` reads: manifests, tsconfig.build.json, what it extends and includes', () => {
    const [build] = readDockerfileStages();
    if (build === undefined) throw new Error('Dockerfile has no stage');
    const copied = copiesOf(build).filter((copy) => copy.fromStage === undefined).flatMap((copy) => copy.sources);
    const buildConfig = JSON.parse(readFileSync(path.join(REPO_ROOT, 'tsconfig.build.json'), 'utf8')) as { extends?: string; include?: string[] };
    const needed = ['package.json', 'package-lock.json', 'tsconfig.build.json', buildConfig.extends, ...(buildConfig.include ?? [])]
      .filter((file): file is string => file !== undefined)
      .map((file) => path.posix.normalize(file));

    const missing = needed.filter((file) => !copied.some((source) => file === source || file.startsWith(`${source}/`)));

    expect(missing).toEqual([]);
  });
});

describe('.dockerignore', () => {
  const rules = parseDockerignore(readFileSync(DOCKERIGNORE_PATH, 'utf8'));

  it('lets every file the Dockerfile copies from the build context through', () => {
    const contextSources = readDockerfileStages()
      .flatMap(copiesOf)
      .filter((copy) => copy.fromStage === undefined)
      .flatMap((copy) => copy.sources);

    expect(contextSources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src']));
    expect(contextSources.filter((source) => isExcludedByDockerignore(rules, source))).toEqual([]);
    expect(isExcludedByDockerignore(rules, 'src/cli.ts')).toBe(false);
  });

  it.each(['node_modules', 'node_modules/pino/package.json', 'dist/cli.js', '.git', 'test/smoke.test.ts', 'coverage', '.env', 'config.yml', 'helm', 'Dockerfile'])(
    'keeps %s out of the build context',
    (excludedPath) => {
      expect(isExcludedByDockerignore(rules, excludedPath)).toBe(true);
    },
  );

  it('follows Docker semantics: last match wins, directories cover their contents, * stays in a segment', () => {
    const sample = parseDockerignore('# comment\nbuild\n*.log\n!keep.log\ndocs/**/*.md\n');

    expect(isExcludedByDockerignore(sample, 'build/out/a.js')).toBe(true);
    expect(isExcludedByDockerignore(sample, 'debug.log')).toBe(true);
    expect(isExcludedByDockerignore(sample, 'keep.log')).toBe(false);
    expect(isExcludedByDockerignore(sample, 'logs/debug.log')).toBe(false);
    expect(isExcludedByDockerignore(sample, 'docs/a/b/c.md')).toBe(true);
    expect(isExcludedByDockerignore(sample, 'docs/c.md')).toBe(true);
    expect(isExcludedByDockerignore(sample, 'src/index.ts')).toBe(false);
  });
});
