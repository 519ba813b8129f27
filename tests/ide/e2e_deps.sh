#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs into a cache outside the checkout, once per
# version: code-server (a real VS Code, from npm) and playwright-core (drives Debian's chromium).
# Prints the cache directory (its node_modules/.bin holds code-server). Idempotent and safe to run
# concurrently (a lock serializes installs). The offline workarounds are those of ../shared/FACTS.md:
#   - @vscode/ripgrep downloads rg from GitHub in its postinstall: it finds Debian's rg in a
#     tarball placed where it caches downloads ($TMPDIR/vscode-ripgrep-cache-1.15.11/...);
#   - node-pty and kerberos build from source against the local Node headers (libkrb5-dev).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3     # the newest whose engines accept Node 20
PLAYWRIGHT_VERSION=1.65.1
RIPGREP_CACHE=vscode-ripgrep-cache-1.15.11
RIPGREP_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

root=${PAIR_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pair/vscode-e2e}
dir=$root/code-server-$CODE_SERVER_VERSION-playwright-$PLAYWRIGHT_VERSION
if [[ -f $dir/.complete ]]; then echo "$dir"; exit 0; fi

mkdir -p "$root"
exec 9>"$root/.lock"
flock 9
if [[ -f $dir/.complete ]]; then echo "$dir"; exit 0; fi

for tool in npm rg tar flock; do
  command -v "$tool" >/dev/null || { echo "e2e_deps: $tool is missing (scripts/deps.sh --test installs it)" >&2; exit 1; }
done
rm -rf "$dir"
mkdir -p "$dir/tmp/$RIPGREP_CACHE"
tar -C "$(dirname "$(command -v rg)")" -czf "$dir/tmp/$RIPGREP_CACHE/$RIPGREP_TARBALL" rg
cat >"$dir/package.json" <<JSON
{"name": "pair-vscode-e2e", "private": true,
 "dependencies": {"code-server": "$CODE_SERVER_VERSION", "playwright-core": "$PLAYWRIGHT_VERSION"}}
JSON
echo "[e2e] installing code-server $CODE_SERVER_VERSION and playwright-core $PLAYWRIGHT_VERSION into $dir (about a minute)" >&2
(
  cd "$dir"
  export TMPDIR=$dir/tmp npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
    npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
  npm install --no-package-lock --loglevel=error >"$dir/install.log" 2>&1
) || { echo "e2e_deps: npm install failed; see $dir/install.log" >&2; tail -20 "$dir/install.log" >&2; exit 1; }
[[ -x $dir/node_modules/.bin/code-server ]] || { echo "e2e_deps: code-server missing after install" >&2; exit 1; }
rm -rf "$dir/tmp"
touch "$dir/.complete"
echo "$dir"
