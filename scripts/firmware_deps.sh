#!/usr/bin/env bash
# Install what the firmware tests need (Arm GCC, newlib with semihosting, Arm's C++ library
# headers, QEMU) when missing.
# Installs with apt-get when running as root on Debian/Ubuntu; otherwise prints the command and
# exits 1 (the firmware tests then skip, naming what is missing).
set -uo pipefail
# shellcheck source=scripts/apt_install.sh
source "$(dirname "$0")/apt_install.sh"

missing=()
command -v arm-none-eabi-gcc >/dev/null 2>&1 || missing+=(gcc-arm-none-eabi)
specs=$(arm-none-eabi-gcc -print-file-name=rdimon.specs 2>/dev/null || true)
[ -f "$specs" ] || missing+=(libnewlib-arm-none-eabi)
# The neuralSPOT app's C++ sources include <cstddef>: Arm's C++ library headers.
echo '#include <cstddef>' | arm-none-eabi-g++ -x c++ -E - -o /dev/null >/dev/null 2>&1 \
  || missing+=(libstdc++-arm-none-eabi-newlib)
command -v qemu-system-arm >/dev/null 2>&1 || missing+=(qemu-system-arm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "firmware toolchain: arm-none-eabi-gcc/g++, newlib, libstdc++, qemu-system-arm present"
  exit 0
fi

apt_install_missing "firmware tests" "${missing[@]}"
