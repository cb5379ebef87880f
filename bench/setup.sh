#!/usr/bin/env bash
# Sets up everything the benchmarks need (dev/bench only; capsync's runtime and `npm test` need
# none of it): GNU time for peak-memory figures, the corpus synthesizers, and Echogarden.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/time ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing: time"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends time
fi
if [ -f corpus/setup.sh ]; then bash corpus/setup.sh; fi
bash echogarden/setup.sh
