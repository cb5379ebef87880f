#!/usr/bin/env bash
# Installs the Debian tools the benchmark corpus is synthesized with (bench/dev only;
# the capsync runtime and `npm test` never need them). Idempotent: installs only what is missing.
set -euo pipefail
PKGS=(festival festlex-cmu festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts flite sox)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "corpus tools already installed: ${PKGS[*]}"
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
