#!/usr/bin/env bash
# Installs Echogarden 2.10.2, the alignment benchmark's peer, into bench/echogarden/node_modules
# from the committed lockfile. Bench only: capsync itself never depends on it (GPL-3, ~470 MB
# with onnxruntime). .npmrc here skips onnxruntime-node's CUDA download.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f node_modules/echogarden/package.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "echogarden already installed: $(node -p "require('./node_modules/echogarden/package.json').version")"
  exit 0
fi
npm ci --no-audit --no-fund
echo "echogarden installed: $(node -p "require('./node_modules/echogarden/package.json').version")"
