#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine.
# Idempotent: installs only what is missing.  Fails loudly when a toolchain
# cannot be had — tests are never skipped for want of a tool.
set -euo pipefail

packages=(
  meson ninja-build pkg-config g++ python3
  swig libcmocka-dev golang-go junit5 openjdk-17-jdk-headless
  mingw-w64-x86-64-dev gcc-mingw-w64-x86-64 abigail-tools
  clang libclang-rt-14-dev valgrind libbenchmark-dev python3-clang-14
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  sudo_cmd=""
  [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The .NET SDK comes with the machine (it is not a Debian package here).
if ! command -v dotnet >/dev/null 2>&1; then
  echo "bootstrap: the .NET SDK (dotnet) is required for the C# SDK and is not installed" >&2
  exit 1
fi
for tool in meson ninja swig go javac java pkg-config; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bootstrap: $tool is still missing" >&2; exit 1; }
done
