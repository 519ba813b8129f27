#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages pair needs; does nothing when they are all there.
#   scripts/deps.sh          what building and running pair needs
#   scripts/deps.sh --test   also what the test suite needs
#   scripts/deps.sh --arm64  also what cross-building for 64-bit ARM needs (scripts/cross-arm64.sh)
set -euo pipefail

packages=(
  g++ cmake ninja-build git ca-certificates curl openssl   # toolchain, llama.cpp fetch
  libcurl4-openssl-dev      # HTTP client and streaming (libcurl)
  nlohmann-json3-dev        # JSON
  libfmt-dev                # formatting
  libcli11-dev              # command-line parsing
  nettle-dev                # SHA-256/HMAC for AWS Signature Version 4 (Bedrock)
  zlib1g-dev                # CRC32 of AWS event-stream frames (Bedrock)
  ripgrep                   # the search_files and list_files engine
  bubblewrap                # the sandbox around bash commands
  libseccomp-dev pkg-config # the sandbox's filter against Unix-domain sockets (seccomp, for bubblewrap)
  libgumbo-dev              # HTML5 parser for web_fetch (linked statically)
  poppler-utils             # pdftotext: web_fetch reads PDFs with it (optional at run time)
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(
    googletest libgtest-dev # unit tests
    python3 python3-numpy   # scripted test server; random-weight GGUF models for the real llama-server tests
    tmux                    # terminal tests
    time                    # peak memory of the real binary in fault tests (GNU time)
    ccache                  # the test command's builds (x86_64 and arm64) reuse what an earlier run compiled
    clang-format-16 clang-tidy-16  # style and static checks (tests/lint)
    clang-16 libclang-rt-16-dev    # libFuzzer, ASan, UBSan: each fuzz target runs 30 s in the tests (fuzz/)
    chromium                # the VS Code end-to-end test drives code-server in headless Chromium
    libkrb5-dev pkg-config  # code-server's kerberos module builds from source during its npm install
    lintian                 # checks the .deb that scripts/package.sh writes (tests/integration/test_packages.sh)
  )
fi
if [[ "${1:-}" == "--arm64" ]]; then
  # Cross-building for 64-bit ARM (scripts/cross-arm64.sh): the cross compiler, qemu to run what
  # it builds, and the arm64 builds of the libraries pair links.
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    [[ $(id -u) -eq 0 ]] && dpkg --add-architecture arm64 || sudo dpkg --add-architecture arm64
  fi
  packages+=(
    crossbuild-essential-arm64 qemu-user-static
    libfmt-dev:arm64 nettle-dev:arm64 zlib1g-dev:arm64 libseccomp-dev:arm64 libgumbo-dev:arm64
    libgtest-dev:arm64 libcurl4-openssl-dev:arm64
  )
fi
command -v npm >/dev/null || packages+=(npm)  # llama.cpp's source; AWS's JS libraries (Bedrock tests); the VS Code extension's build

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)
echo "[deps] installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
