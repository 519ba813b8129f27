#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages pair needs; does nothing when they are all there.
#   scripts/deps.sh          what building and running pair needs
#   scripts/deps.sh --test   also what the test suite needs
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
    clang-format-16 clang-tidy-16  # style and static checks (tests/lint)
    clang-16 libclang-rt-16-dev    # libFuzzer, ASan, UBSan: each fuzz target runs 30 s in the tests (fuzz/)
    chromium                # the VS Code end-to-end test drives code-server in headless Chromium
    libkrb5-dev pkg-config  # code-server's kerberos module builds from source during its npm install
    lintian                 # checks the .deb that scripts/package.sh writes (tests/integration/test_packages.sh)
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
