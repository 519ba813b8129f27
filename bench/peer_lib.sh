# shellcheck shell=bash
# Running the peers headless against local recording endpoints (chat completions: qwen-code,
# opencode; Anthropic Messages: Claude Code; Responses: Codex; Gemini API: Gemini CLI). Source after lib.sh:
#
#   source "$BENCH_DIR/peer_lib.sh"
#   peers_endpoints_start "$T/peers" [SCRIPT]  # scripted server (chat completions) + peer_endpoint.py
#                                         # (Anthropic Messages, OpenAI Responses), both answering from
#                                         # SCRIPT (default: "Done." to everything); sets PEER_CHAT_URL,
#                                         # PEER_ENDPOINT_URL, PEER_CHAT_LOG, PEER_ENDPOINT_LOG
#   peer_setup NAME HOME_DIR              # config files for NAME in a throwaway HOME; sets PEER_ENV
#                                         # (an array of VAR=value) and PEER_BIN
#   peer_prompt_args NAME PROMPT          # sets PEER_ARGS: the headless one-turn invocation
#   peer_session_args NAME PROMPT         # the same, with every tool allowed to run (scripted sessions)
#   peer_log NAME                         # the request log that NAME's requests go to
#   peers_endpoints_stop
#
# Each peer runs with HOME (and XDG dirs) in a throwaway folder, so nothing of the user's is read
# or written. Run-time network installs are kept off (npm_config_offline, and each peer's own
# switches for update checks and catalogue downloads): there is no internet here besides the
# registries, and a benchmark must not depend on it.
source "$BENCH_DIR/peers.sh"

# The peers a benchmark runs: BENCH_PEERS="codex opencode" picks some (pair always runs).
peers_selected() {
  if [[ -n "${BENCH_PEERS:-}" ]]; then tr ' ' '\n' <<<"$BENCH_PEERS" | grep -v '^$'; else peers_names; fi
}

PEER_API_KEY=sk-bench-local
PEER_MODEL=test-model
_peer_servers=()

peers_endpoints_start() { # DIR [SCRIPT]
  local dir=$1 script=${2:-}
  mkdir -p "$dir"
  if [[ -n "$script" ]]; then
    cp "$script" "$dir/chat.json"
  else
    # Every chat request gets a plain answer, however many the peer sends.
    echo '{"standing": [{"body_contains": "", "response": {"text": "Done."}}], "responses": []}' >"$dir/chat.json"
  fi
  PEER_CHAT_LOG=$dir/chat.jsonl PEER_ENDPOINT_LOG=$dir/endpoint.jsonl
  rm -f "$dir/chat.port" "$dir/endpoint.port"
  "$HARNESS_PY" "$PAIR_SOURCE_DIR/tests/support/scripted_server.py" --script "$dir/chat.json" \
    --log "$PEER_CHAT_LOG" --port-file "$dir/chat.port" &
  _peer_servers+=($!)
  "$HARNESS_PY" "$BENCH_DIR/peer_endpoint.py" ${script:+--script "$script"} --log "$PEER_ENDPOINT_LOG" \
    --port-file "$dir/endpoint.port" &
  _peer_servers+=($!)
  for _ in $(seq 1 300); do [[ -s "$dir/chat.port" && -s "$dir/endpoint.port" ]] && break; sleep 0.02; done
  [[ -s "$dir/chat.port" && -s "$dir/endpoint.port" ]] || { echo "the recording endpoints did not start" >&2; return 1; }
  PEER_CHAT_URL=http://127.0.0.1:$(cat "$dir/chat.port")
  PEER_ENDPOINT_URL=http://127.0.0.1:$(cat "$dir/endpoint.port")
}

peers_endpoints_stop() {
  local pid
  for pid in "${_peer_servers[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  _peer_servers=()
}

peer_log() {
  case $1 in
    claude-code | codex | gemini-cli) echo "$PEER_ENDPOINT_LOG" ;;
    *) echo "$PEER_CHAT_LOG" ;;
  esac
}

peer_setup() { # NAME HOME_DIR (created when missing; an existing one is kept, with what runs left there)
  local name=$1 home=$2
  mkdir -p "$home"
  PEER_BIN=$(peer_bin "$name") || return 1
  PEER_ENV=(HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share"
    XDG_STATE_HOME="$home/.local/state" XDG_CACHE_HOME="$home/.cache" PATH="$(peers_path)"
    npm_config_offline=true npm_config_update_notifier=false NO_UPDATE_NOTIFIER=1)
  case $name in
    claude-code)
      PEER_ENV+=(ANTHROPIC_BASE_URL="$PEER_ENDPOINT_URL" ANTHROPIC_API_KEY="$PEER_API_KEY" DISABLE_AUTOUPDATER=1) ;;
    codex)
      mkdir -p "$home/.codex"
      cat >"$home/.codex/config.toml" <<EOF
model = "$PEER_MODEL"
model_provider = "bench"

[model_providers.bench]
name = "bench"
base_url = "$PEER_ENDPOINT_URL/v1"
wire_api = "responses"
env_key = "BENCH_API_KEY"
EOF
      PEER_ENV+=(CODEX_HOME="$home/.codex" BENCH_API_KEY="$PEER_API_KEY") ;;
    qwen-code)
      PEER_ENV+=(OPENAI_BASE_URL="$PEER_CHAT_URL/v1" OPENAI_API_KEY="$PEER_API_KEY" OPENAI_MODEL="$PEER_MODEL"
        QWEN_CODE_SUPPRESS_YOLO_WARNING=1) ;;
    opencode)
      mkdir -p "$home/.config/opencode"
      cat >"$home/.config/opencode/opencode.json" <<EOF
{
  "\$schema": "https://opencode.ai/config.json",
  "autoupdate": false,
  "share": "disabled",
  "provider": {
    "bench": {
      "npm": "@ai-sdk/openai-compatible",
      "name": "bench",
      "options": {"baseURL": "$PEER_CHAT_URL/v1", "apiKey": "$PEER_API_KEY"},
      "models": {"$PEER_MODEL": {"name": "$PEER_MODEL"}}
    }
  },
  "model": "bench/$PEER_MODEL"
}
EOF
      PEER_ENV+=(OPENCODE_DISABLE_MODELS_FETCH=1 OPENCODE_DISABLE_AUTOUPDATE=1 OPENCODE_DISABLE_DEFAULT_PLUGINS=1) ;;
    gemini-cli)
      mkdir -p "$home/.gemini"
      echo '{"security": {"auth": {"selectedType": "gemini-api-key"}}, "privacy": {"usageStatisticsEnabled": false}}' \
        >"$home/.gemini/settings.json"
      PEER_ENV+=(GEMINI_API_KEY="$PEER_API_KEY" GOOGLE_GEMINI_BASE_URL="$PEER_ENDPOINT_URL" GEMINI_CLI_TRUST_WORKSPACE=true) ;;
    *) echo "peer_setup: unknown peer $name" >&2; return 2 ;;
  esac
}

# The headless one-turn invocation with file edits and commands allowed (the same core tool
# coverage as pair's six tools).
peer_prompt_args() { # NAME PROMPT
  case $1 in
    claude-code) PEER_ARGS=(-p "$2") ;;
    codex) PEER_ARGS=(exec --sandbox workspace-write "$2") ;;
    qwen-code) PEER_ARGS=(-p "$2" --approval-mode yolo) ;;
    opencode) PEER_ARGS=(run "$2") ;;
    # A model named on the command line, as for a local model; without one Gemini CLI first asks
    # a routing model to pick between its own models.
    gemini-cli) PEER_ARGS=(-m "$PEER_MODEL" -p "$2" --approval-mode yolo) ;;
  esac
}

# For scripted sessions: every tool runs without asking (Claude Code refuses to skip permissions
# as root unless told it is in a sandbox, which this throwaway setup is).
peer_session_args() { # NAME PROMPT
  peer_prompt_args "$@"
  if [[ $1 == claude-code ]]; then
    PEER_ARGS+=(--permission-mode bypassPermissions)
    PEER_ENV+=(IS_SANDBOX=1)
  elif [[ $1 == codex ]]; then
    PEER_ARGS=(exec --dangerously-bypass-approvals-and-sandbox "$2")
  fi
}
