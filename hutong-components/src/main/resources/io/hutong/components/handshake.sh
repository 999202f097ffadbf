#!/usr/bin/env bash
# Handshake: sends "hello from <self> to <peer>" to every other party-role of the job through the
# transport layer (system.transport, the standard's JSON form) and waits up to the parameter
# seconds (default 30) for each one's greeting; succeeds when every greeting arrived as sent. Every
# party-role of the job must take part. Base64 needs the base64 command (coreutils).
set -u
[[ $0 == */* ]] && here=${0%/*} || here=.
. "$here/contract.sh"

# chan <push|pop> <peer node> <json body>: one transport call; sets CHAN_CODE and CHAN_CONTENT
chan() {
  local hostport=${CONTRACT[system.transport]:-} reply= line
  CHAN_CODE= CHAN_CONTENT=
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}" || return 0
  printf 'POST /v1/interconn/chan/%s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nx-ptp-session-id: %s\r\nx-ptp-target-node-id: %s\r\nx-ptp-token: %s\r\nx-ptp-trace-id: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$1" "$hostport" "${CONTRACT[config.session_id]:-}" "$2" "${CONTRACT[config.token]:-}" \
    "${CONTRACT[config.trace_id]:-}" "${#3}" "$3" >&3
  while IFS= read -r line || [[ -n $line ]]; do reply+=$line; done <&3
  exec 3<&-
  [[ $reply =~ \"code\":\"([^\"]*)\" ]] && CHAN_CODE=${BASH_REMATCH[1]}
  [[ $reply =~ \"content\":\"([^\"]*)\" ]] && CHAN_CONTENT=${BASH_REMATCH[1]}
  [[ $reply =~ \"message\":\"([^\"]*)\" ]] && CHAN_MESSAGE=${BASH_REMATCH[1]}
  return 0
}

fail() {
  log "$*" >&2
  callback FAILED
  exit 1
}

self=${CONTRACT[config.self_role]:-}
task=${CONTRACT[config.task_id]:-}
seconds=${CONTRACT[runtime.component.parameter.seconds]:-30}
[[ $seconds =~ ^[0-9]+$ ]] || fail "parameter seconds must be a whole number, got '$seconds'"
peers=()
for key in "${!CONTRACT[@]}"; do
  [[ $key == config.node_id.* && ${key#config.node_id.} != "$self" ]] && peers+=("${key#config.node_id.}")
done
log "Handshake ${CONTRACT[runtime.component.name]:-} as $self with ${peers[*]}"

for peer in "${peers[@]}"; do
  node=${CONTRACT[config.node_id.$peer]}
  printf -v body '{"topic":"%s/%s/%s","payload":"%s"}' "$task" "$self" "$peer" \
    "$(printf 'hello from %s to %s' "$self" "$peer" | base64 -w0)"
  chan push "$node" "$body"
  [[ $CHAN_CODE == E0000000000 ]] || fail "push to $peer at $node: ${CHAN_CODE:-no answer} ${CHAN_MESSAGE:-}"
  log "sent to $peer at $node"
done

for peer in "${peers[@]}"; do
  node=${CONTRACT[config.node_id.$peer]}
  printf -v body '{"topic":"%s/%s/%s","timeout":%d}' "$task" "$peer" "$self" "$seconds"
  chan pop "$node" "$body"
  [[ $CHAN_CODE == E0000000000 ]] || fail "pop from $peer at $node: ${CHAN_CODE:-no answer} ${CHAN_MESSAGE:-}"
  got=$(printf %s "$CHAN_CONTENT" | base64 -d)
  [[ $got == "hello from $peer to $self" ]] || fail "from $peer at $node: expected its greeting, got '$got'"
  log "received from $peer at $node: $got"
done

write_outputs
callback SUCCESS
exit 0
