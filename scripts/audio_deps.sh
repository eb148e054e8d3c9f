#!/usr/bin/env bash
# Install the system programs the audio models need when missing: the text-to-speech engines
# that speak the synthetic training corpus (espeak-ng, flite, festival with its default voice)
# and what is kept for independent evaluation only (festival's ked and slt-hts voices, the real
# read speech in pocketsphinx's test data), plus sox.
# Installs with apt-get when running as root on Debian/Ubuntu; otherwise prints the command and
# exits 1 (tests that need an engine then skip, naming the package).
set -uo pipefail
# shellcheck source=scripts/apt_install.sh
source "$(dirname "$0")/apt_install.sh"

# program-or-file:package
needs=(
  "espeak-ng:espeak-ng"
  "flite:flite"
  "text2wave:festival"
  "/usr/share/festival/voices/english/kal_diphone:festvox-kallpc16k"
  "/usr/share/festival/voices/english/ked_diphone:festvox-kdlpc16k"
  "/usr/share/festival/voices/us/cmu_us_slt_arctic_hts:festvox-us-slt-hts"
  "/usr/share/pocketsphinx/test/data/librivox:pocketsphinx-testdata"
  "sox:sox"
)
missing=()
for need in "${needs[@]}"; do
  what=${need%%:*}
  package=${need##*:}
  if [[ $what == /* ]]; then
    [ -e "$what" ] || missing+=("$package")
  else
    command -v "$what" >/dev/null 2>&1 || missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "audio tools: espeak-ng, flite, festival (kal; ked and slt-hts for evaluation), sox present"
  exit 0
fi

apt_install_missing "audio tests" "${missing[@]}"
