# syntax=docker/dockerfile:1
#
# acr-subscription-exporter: Prometheus exporter for Alibaba Cloud Container Registry (ACR EE)
# artifact subscription tasks.
#
#   docker build --build-arg VERSION=0.1.0 -t acr-subscription-exporter:0.1.0 .
#   docker run --read-only -p 9742:9742 -v "$PWD/config.yml:/etc/acr/config.yml:ro" \
#     -e ALIBABA_CLOUD_ACCESS_KEY_ID -e ALIBABA_CLOUD_ACCESS_KEY_SECRET \
#     acr-subscription-exporter:0.1.0 --config /etc/acr/config.yml
#
# Both stages use the same official Debian slim Node 24 LTS image, pinned to an exact release so a
# rebuild does not silently change the runtime. Bump it deliberately, together with NODE24_VERSION in
# .ci/run (CI runs the whole suite on that exact release as well as on Node 20, engines.node's floor).
# test/docker/dockerfile.test.ts checks the pins, the user and the entrypoint;
# test/docker/production-install.test.ts replays the runtime stage's install and start.

# ---- build: dev dependencies, TypeScript -> dist/ ----
FROM node:24.11.1-bookworm-slim AS build
WORKDIR /src
# Manifests first, so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies and dist/ only ----
FROM node:24.11.1-bookworm-slim AS runtime
# The release version and the repository the image is built from (CI passes both).
ARG VERSION=0.1.0
ARG SOURCE_URL=https://github.com/acr-subscription-exporter/acr-subscription-exporter
LABEL org.opencontainers.image.title="acr-subscription-exporter" \
      org.opencontainers.image.description="Prometheus exporter for Alibaba Cloud Container Registry (ACR EE) artifact subscription tasks" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only production dependency with an install script is
# @alicloud/openapi-core, whose postinstall only acts on Node 10/12. The cache is removed so the
# image holds nothing npm would want to write to later.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
# The base image's "node" user (uid/gid 1000): numeric so Kubernetes' runAsNonRoot can verify it,
# and with a passwd entry and a home directory, which @alicloud/credentials reads (os.homedir())
# when it looks for CLI profiles. Nothing under /app is writable by it: the process writes only
# to stdout, so the container runs with a read-only root filesystem.
USER 1000:1000
# The exporter's default port (--web.listen-address :9742).
EXPOSE 9742
# No HEALTHCHECK: the listen port is configurable, and Kubernetes (the main target) ignores it
# in favour of the chart's probes on /-/healthy and /-/ready.
ENTRYPOINT ["node", "/app/dist/cli.js"]
