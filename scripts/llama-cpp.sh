#!/usr/bin/env bash
# Builds llama.cpp's llama-server, llama-quantize and llama-tokenize from the source tree that the
# npm package node-llama-cpp ships (a pinned version, checksum verified), into a versioned prefix
# that pair finds on its own:
#   ${PAIR_LLAMA_PREFIX:-${XDG_DATA_HOME:-$HOME/.local/share}/pair/llama.cpp}/<version>-<backend>/
# Re-running is a no-op when that prefix is complete. Prints the prefix on stdout, progress on stderr.
#   --source-only   fetch and unpack the source (for tests that need models/ or gguf-py), print its dir
set -euo pipefail

NODE_LLAMA_CPP_VERSION=3.22.1
NODE_LLAMA_CPP_INTEGRITY='sha512-bltIipuWmc123H7tMIgDGKSsSrhmhlQYeVUC48XTjVW7XGJJiJJyCdlTMzQ/LiWoPkGDpcL4FviDpgw7qfTiDw=='
TARGETS=(llama-server llama-quantize llama-tokenize)

log() { printf '[llama.cpp] %s\n' "$*" >&2; }

root=${PAIR_LLAMA_PREFIX:-${XDG_DATA_HOME:-$HOME/.local/share}/pair/llama.cpp}
cache=${PAIR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pair}
src_dir="$cache/llama.cpp-src-$NODE_LLAMA_CPP_VERSION"

fetch_source() {
  if [[ -f "$src_dir/.complete" ]]; then return; fi
  command -v npm >/dev/null || { log "npm is needed to fetch the llama.cpp source (apt-get install npm)"; exit 1; }
  local work; work=$(mktemp -d "$cache/fetch.XXXXXX")
  log "fetching node-llama-cpp@$NODE_LLAMA_CPP_VERSION from the npm registry"
  (cd "$work" && npm pack --silent "node-llama-cpp@$NODE_LLAMA_CPP_VERSION" >/dev/null)
  local tgz="$work/node-llama-cpp-$NODE_LLAMA_CPP_VERSION.tgz"
  local got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [[ "$got" != "$NODE_LLAMA_CPP_INTEGRITY" ]]; then
    log "checksum mismatch for $tgz: expected $NODE_LLAMA_CPP_INTEGRITY, got $got"; rm -rf "$work"; exit 1
  fi
  tar -C "$work" -xzf "$tgz" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
  rm -rf "$src_dir"
  git clone --quiet "$work/package/llama/gitRelease.bundle" "$src_dir"
  cp "$work/package/llama/llama.cpp.info.json" "$src_dir/"
  rm -rf "$work"
  touch "$src_dir/.complete"
}

cuda_architectures() {
  # compute_cap is e.g. "9.0"; H100/H200 get the arch-specific "90a" variant.
  if [[ -n "${PAIR_CUDA_ARCHITECTURES:-}" ]]; then echo "$PAIR_CUDA_ARCHITECTURES"; return; fi
  local caps; caps=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | tr -d ' .' | sort -u | tr '\n' ';')
  caps=${caps%;}
  [[ -z "$caps" ]] && caps=native
  [[ "$caps" == 90 ]] && caps=90a
  echo "$caps"
}

mkdir -p "$cache" "$root"
fetch_source
if [[ "${1:-}" == "--source-only" ]]; then echo "$src_dir"; exit 0; fi

release=$(git -C "$src_dir" rev-parse --short=7 HEAD)
backend=cpu
cmake_extra=()
# CUDA needs both the compiler and a GPU to build for (or PAIR_LLAMA_BACKEND=cuda to insist).
has_gpu() { nvidia-smi -L 2>/dev/null | grep -q '^GPU'; }
want=${PAIR_LLAMA_BACKEND:-auto}
if [[ "$want" == cuda ]] || { [[ "$want" == auto ]] && command -v nvcc >/dev/null && has_gpu; }; then
  backend=cuda
  cmake_extra+=(-DGGML_CUDA=ON "-DCMAKE_CUDA_ARCHITECTURES=$(cuda_architectures)")
fi
prefix="$root/$NODE_LLAMA_CPP_VERSION-$release-$backend"
if [[ -f "$prefix/.complete" ]]; then echo "$prefix"; exit 0; fi

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
build="$cache/llama.cpp-build-$NODE_LLAMA_CPP_VERSION-$backend"
jobs=${PAIR_BUILD_JOBS:-$(nproc)}
log "building ${TARGETS[*]} ($backend, $jobs jobs) — a few minutes, once per version"
cmake -S "$src_dir" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF \
  -DLLAMA_CURL=OFF -DBUILD_SHARED_LIBS=OFF "${cmake_extra[@]}" >"$cache/llama.cpp-configure.log" 2>&1 \
  || { log "configure failed; see $cache/llama.cpp-configure.log"; exit 1; }
cmake --build "$build" -j "$jobs" --target "${TARGETS[@]}" >"$cache/llama.cpp-build.log" 2>&1 \
  || { log "build failed; see $cache/llama.cpp-build.log"; exit 1; }
rm -rf "$prefix.tmp" && mkdir -p "$prefix.tmp/bin"
for t in "${TARGETS[@]}"; do cp "$build/bin/$t" "$prefix.tmp/bin/"; done
printf '{"node_llama_cpp": "%s", "release": "%s", "backend": "%s"}\n' \
  "$NODE_LLAMA_CPP_VERSION" "$release" "$backend" >"$prefix.tmp/build.json"
ln -sfn "$src_dir" "$prefix.tmp/source"
touch "$prefix.tmp/.complete"
rm -rf "$prefix" && mv "$prefix.tmp" "$prefix"
log "installed into $prefix"
echo "$prefix"
