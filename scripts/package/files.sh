#!/usr/bin/env bash
# The metadata files of pair's packages, written to stdout (scripts/package.sh puts them in place):
#   files.sh npm-platform VERSION CPU     package.json of pair-programmer-linux-CPU
#   files.sh npm-main VERSION             package.json of pair-programmer (the `pair` command)
#   files.sh control VERSION ARCH MAINTAINER INSTALLED_KB GLIBC   the .deb's DEBIAN/control
#   files.sh changelog VERSION MAINTAINER the .deb's changelog (Debian format, uncompressed)
#   files.sh copyright                    the .deb's copyright file (machine-readable format)
set -euo pipefail

summary="terminal coding agent for local models"
description="pair reads, searches and edits code and runs commands through a model served on your own machine (llama.cpp's llama-server, vLLM, Ollama, LM Studio) or in the cloud."

case "${1:-}" in
  npm-platform)
    version=$2 cpu=$3
    cat <<EOF
{
  "name": "pair-programmer-linux-$cpu",
  "version": "$version",
  "description": "The pair binary for Linux $cpu (glibc 2.36 or newer), used by the pair-programmer package",
  "license": "MIT",
  "os": ["linux"],
  "cpu": ["$cpu"],
  "files": ["bin/pair", "share/pair"]
}
EOF
    ;;
  npm-main)
    version=$2
    # Every platform package is listed; npm installs only the one whose os and cpu match.
    cat <<EOF
{
  "name": "pair-programmer",
  "version": "$version",
  "description": "pair, a $summary: $description",
  "license": "MIT",
  "bin": {"pair": "bin/pair.js"},
  "files": ["bin/pair.js", "README.md"],
  "engines": {"node": ">=16"},
  "optionalDependencies": {
    "pair-programmer-linux-x64": "$version",
    "pair-programmer-linux-arm64": "$version"
  }
}
EOF
    ;;
  control)
    version=$2 arch=$3 maintainer=$4 size=$5 glibc=$6
    cat <<EOF
Package: pair
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: libc6 (>= $glibc), libcurl4, ripgrep, bubblewrap
Recommends: poppler-utils, git
Section: devel
Priority: optional
Description: $summary
$(fold -s -w 78 <<<"$description" | sed 's/ *$//; s/^/ /')
 .
 The VS Code extension that connects pair to the editor is in
 /usr/share/pair/pair-vscode.vsix (code --install-extension).
EOF
    ;;
  changelog)
    version=$2 maintainer=$3
    # The date of the commit packed (or now, outside a checkout), so that a rebuild is identical.
    date=$(git log -1 --format=%aD 2>/dev/null || date -R)
    cat <<EOF
pair ($version) unstable; urgency=medium

  * Release $version.

 -- $maintainer  $date
EOF
    ;;
  copyright)
    years=$(git log --format=%ad --date=format:%Y 2>/dev/null | sort -u | awk 'NR == 1 { a = $0 } { b = $0 } END { if (NR) print (a == b ? a : a "-" b) }')
    cat <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: pair
Comment: /usr/bin/pair includes, statically linked, libstdc++ and libgcc
 (GPL-3+ with the GCC Runtime Library Exception), fmt (MIT), nettle
 (LGPL-3+ or GPL-2+), zlib (Zlib), gumbo (Apache-2.0) and libseccomp
 (LGPL-2.1); their copyright files are in the Debian packages libstdc++6,
 libgcc-s1, libfmt9, libnettle8, zlib1g, libgumbo1 and libseccomp2.

Files: *
Copyright: ${years:-$(date +%Y)} the pair developers
License: MIT

License: MIT
 Permission is hereby granted, free of charge, to any person obtaining a
 copy of this software and associated documentation files (the "Software"),
 to deal in the Software without restriction, including without limitation
 the rights to use, copy, modify, merge, publish, distribute, sublicense,
 and/or sell copies of the Software, and to permit persons to whom the
 Software is furnished to do so, subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included
 in all copies or substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL
 THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
 FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
 DEALINGS IN THE SOFTWARE.
EOF
    ;;
  *)
    echo "files.sh: unknown file '${1:-}' (npm-platform, npm-main, control, changelog, copyright)" >&2
    exit 2
    ;;
esac
