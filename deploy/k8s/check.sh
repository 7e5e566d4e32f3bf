#!/usr/bin/env bash
# Checks the Kubernetes manifests offline (no cluster): kustomize renders the base and each
# overlay (`kubectl kustomize`), and deploy/tools/validate-k8s.mjs checks every object against
# the Kubernetes API schemas (kubernetes-models, pinned in deploy/tools' lockfile) and the
# service's own needs. Without kubectl, the base's files are checked one by one instead.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; tools="$here/../tools"
if [[ ! -d "$tools/node_modules/kubernetes-models" || ! -d "$tools/node_modules/yaml" ]]; then
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
fi
if command -v kubectl >/dev/null 2>&1; then
  for dir in "$here/base" "$here"/overlays/*/; do
    echo "kustomize ${dir#"$here/"}"
    kubectl kustomize "$dir" | node "$tools/validate-k8s.mjs"
  done
else
  echo "kubectl (kustomize) is not installed: checking the base's files without rendering"
  sed -n 's/^  - \(.*\.yaml\)$/\1/p' "$here/base/kustomization.yaml" |
    while read -r f; do cat "$here/base/$f"; echo "---"; done | node "$tools/validate-k8s.mjs" --files-only
fi
echo "Kubernetes manifests: ok"
