# The BFIA algorithm-container contract for bash components, sourced by each component.
# Inputs arrive as environment variables with dotted names (system.*, config.*, runtime.component.*),
# which bash cannot read directly, so they are read once from /proc into an associative array.
# The end is reported to system.callback with bash's /dev/tcp (no curl needed) and by the exit code.
# Only builtins are used where possible, and no command substitution (each one forks a subshell):
# a component that forks little starts fast. Read a value as ${CONTRACT[config.task_id]:-}.

declare -A CONTRACT
while IFS='=' read -r -d '' key value; do
  case "$key" in
    system.*|config.*|runtime.*) CONTRACT["$key"]=$value ;;
  esac
done < /proc/$$/environ

log() { TZ=UTC printf '%(%Y-%m-%dT%H:%M:%SZ)T %s\n' -1 "$*"; }

# write_outputs: creates every declared output under system.storage (file:// only) as
# <storage>/<namespace>/<name>, so a downstream component finds its input there.
write_outputs() {
  local storage root key value namespace name
  storage=${CONTRACT[system.storage]:-}
  root=${storage#file://}
  for key in "${!CONTRACT[@]}"; do
    [[ $key == runtime.component.output.* ]] || continue
    value=${CONTRACT[$key]}
    [[ $value =~ \"namespace\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]] && namespace=${BASH_REMATCH[1]}
    [[ $value =~ \"name\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]] && name=${BASH_REMATCH[1]}
    if [[ $storage == file://* && -n ${namespace:-} && -n ${name:-} ]]; then
      [[ -d $root/$namespace ]] || mkdir -p "$root/$namespace"
      printf 'id\n' > "$root/$namespace/$name"
      log "wrote output ${key#runtime.component.output.} to $root/$namespace/$name"
    fi
  done
}

# callback <SUCCESS|FAILED>: POST {task_id, status, role} to system.callback with config.token.
# While the node cannot be reached (it may be restarting) the call is retried for up to
# CALLBACK_PATIENCE seconds (default 300): after the component ends, only its callback can tell.
callback() {
  local url hostport host port path body reply waited=0 patience=${CALLBACK_PATIENCE:-300} pause=0.2
  url=${CONTRACT[system.callback]:-}
  [[ $url == http://* ]] || return 0
  hostport=${url#http://}; hostport=${hostport%%/*}
  path=/${url#http://*/}
  host=${hostport%:*}; port=${hostport##*:}
  printf -v body '{"task_id":"%s","status":"%s","role":"%s"}' "${CONTRACT[config.task_id]:-}" "$1" \
    "${CONTRACT[config.self_role]:-}"
  while true; do
    reply=
    if exec 3<>"/dev/tcp/$host/$port"; then
      printf 'POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\ntoken: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
        "$path" "$hostport" "${CONTRACT[config.token]:-}" "${#body}" "$body" >&3
      read -r reply <&3 || true
      exec 3<&-
    fi 2>/dev/null
    reply=${reply%$'\r'}
    if [[ $reply == "HTTP/1."?" 2"* || $reply == "HTTP/1."?" 4"* || $waited -ge $patience ]]; then
      log "callback $1: ${reply:-no answer}"
      return 0
    fi
    read -r -t "$pause" <> <(:) || true
    waited=$((waited + 1))
    pause=1
  done
}
