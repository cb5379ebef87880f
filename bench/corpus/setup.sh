#!/usr/bin/env bash
# Installs the Debian tools the benchmark corpus is made with (bench/dev only; the capsync
# runtime and `npm test` never need them). Idempotent: installs only what is missing.
#
# - festival with every English voice Debian has: kal and ked (diphone), slt (HTS), and the
#   MBROLA voices en1, us1, us2, us3 (festvox-en1/us1/us2/us3 are in contrib, the mbrola-*
#   databases in non-free: this script adds those two components for Debian bookworm if the
#   machine's apt sources lack them);
# - flite (its built-in voices kal, kal16, awb, rms, slt), sox;
# - French: mbrola with the French databases fr1 (male) and fr4 (female), driven by espeak-ng's
#   French front end (phonemes and prosody only; the voice is MBROLA's, never eSpeak's own);
# - real speech and its reference aligner: pocketsphinx-testdata (five LibriVox clips),
#   pocketsphinx and pocketsphinx-en-us (forced alignment for the clips' word truth).
set -euo pipefail
PKGS=(
  festival festlex-cmu festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts
  mbrola festvox-en1 festvox-us1 festvox-us2 festvox-us3 mbrola-fr1 mbrola-fr4 espeak-ng
  flite sox pocketsphinx pocketsphinx-en-us pocketsphinx-testdata
)
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
# contrib and non-free (the MBROLA voices), only if no apt source has them yet.
if ! grep -rqsE '^(Components:.*\bnon-free\b|deb .*\bnon-free\b)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
  echo "adding Debian contrib and non-free ($codename) for the MBROLA voices"
  $SUDO tee /etc/apt/sources.list.d/capsync-bench-contrib-nonfree.sources >/dev/null <<EOF
# Added by capsync's bench/corpus/setup.sh: the MBROLA voices (English through festival, French)
# are in Debian's contrib and non-free components. Bench only; capsync itself needs none of them.
Types: deb
URIs: http://deb.debian.org/debian
Suites: $codename
Components: contrib non-free
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
fi
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
