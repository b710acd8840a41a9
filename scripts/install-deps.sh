#!/usr/bin/env bash
# Installs the Debian 12 packages openscs needs, and nothing when they are
# already there (so it is quiet and fast on a second run).
#
#   scripts/install-deps.sh build   compilers, CMake, libraries (default)
#   scripts/install-deps.sh test    build + what the tests drive (GoogleTest, ...)
#   scripts/install-deps.sh fuzz    build + clang/libFuzzer
#
# Why each package is here: docs/dependencies.md.
set -euo pipefail

profile="${1:-build}"

build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config
  libfmt-dev nlohmann-json3-dev libcli11-dev
  libboost1.81-dev libssl-dev libpugixml-dev libc-ares-dev
  libsqlite3-dev libsodium-dev libspdlog-dev libpcap-dev openssl
)
test_pkgs=(libgtest-dev libgmock-dev python3 dnsmasq-base openssl amtterm libsoap-lite-perl liblwp-protocol-https-perl curl tshark tcpdump)
fuzz_pkgs=(clang libclang-rt-14-dev)
bench_pkgs=(libbenchmark-dev)

pkgs=("${build_pkgs[@]}")
case "$profile" in
  build) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  fuzz) pkgs+=("${test_pkgs[@]}" "${fuzz_pkgs[@]}") ;;
  bench) pkgs+=("${bench_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|fuzz|bench]" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "missing packages: ${missing[*]}; run as root (or install them) and try again" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
