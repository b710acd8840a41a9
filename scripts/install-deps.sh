#!/usr/bin/env bash
# Installs the Debian 12 packages openscs needs, and nothing when they are
# already there (so it is quiet and fast on a second run).
#
#   scripts/install-deps.sh build   compilers, CMake, libraries (default)
#   scripts/install-deps.sh test    build + what the tests drive (GoogleTest, chromium, ...)
#                                   and tests/web's node_modules (npm ci)
#   scripts/install-deps.sh fuzz    build + clang/libFuzzer
#
# Why each package is here: docs/dependencies.md.
set -euo pipefail

profile="${1:-build}"
root="$(cd "$(dirname "$0")/.." && pwd)"

build_pkgs=(
  build-essential cmake ninja-build ccache pkg-config
  libfmt-dev nlohmann-json3-dev libcli11-dev
  libboost1.81-dev libssl-dev libpugixml-dev libc-ares-dev
  libsqlite3-dev libsodium-dev libspdlog-dev libpcap-dev openssl
)
test_pkgs=(libgtest-dev libgmock-dev python3 dnsmasq-base openssl amtterm libsoap-lite-perl liblwp-protocol-https-perl curl tshark tcpdump chromium)
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
web_tests=false
case "$profile" in test | fuzz) web_tests=true ;; esac
# node and npm drive the browser tests (tests/web): Debian's, unless a node
# is already installed (its own npm comes with it).
if $web_tests && ! command -v node >/dev/null; then pkgs+=(nodejs npm); fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${missing[*]}; run as root (or install them) and try again" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# playwright-core for tests/web, at the version package-lock.json pins. It
# drives Debian's chromium: never download a browser of its own.
if $web_tests && [ ! -d "$root/tests/web/node_modules" ]; then
  echo "installing tests/web/node_modules (npm ci)"
  (cd "$root/tests/web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
