#!/usr/bin/env bash
# Installs the distro packages the C++ build needs, only when something is missing.
# Without root (and without password-less sudo) it prints the exact command to run and fails.
set -euo pipefail

packages=()
need() { # need <file-that-proves-it> <debian-package>
  [ -e "$1" ] || packages+=("$2")
}
need /usr/include/eigen3/Eigen/Core libeigen3-dev
need /usr/include/boost/math/special_functions/erf.hpp libboost-dev
need /usr/include/nlohmann/json.hpp nlohmann-json3-dev
need /usr/include/catch2/catch.hpp catch2
need /usr/include/benchmark/benchmark.h libbenchmark-dev
# The fuzz harnesses (make fuzz, fuzz-smoke): clang with libFuzzer and the sanitizer runtimes.
command -v clang++ >/dev/null || packages+=(clang)
need /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
# The C++ API pages of `make docs` (Doxygen XML read by breathe).
command -v doxygen >/dev/null || packages+=(doxygen)
command -v cmake >/dev/null || packages+=(cmake)
command -v g++ >/dev/null || packages+=(g++)
command -v make >/dev/null || packages+=(make)

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null; then
  packages+=(python3 python3-venv python3-dev)
else
  # A distro Python may lack venv/ensurepip or the headers; a self-built one has both.
  "$python" -c "import ensurepip, venv" 2>/dev/null || packages+=(python3-venv)
  "$python" -c "import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" \
    || packages+=(python3-dev)
fi

[ ${#packages[@]} -eq 0 ] && exit 0

echo "secondheart: missing system packages: ${packages[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "secondheart: run this once, then re-run make:"
  echo "    sudo apt-get update && sudo apt-get install -y ${packages[*]}"
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${packages[@]}"
