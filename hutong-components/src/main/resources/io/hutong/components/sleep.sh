#!/usr/bin/env bash
# Sleep: waits runtime.component.parameter.seconds (default 1) seconds, then succeeds.
set -u
[[ $0 == */* ]] && here=${0%/*} || here=.
. "$here/contract.sh"
seconds=${CONTRACT[runtime.component.parameter.seconds]:-}
seconds=${seconds:-1}
if ! [[ $seconds =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
  echo "parameter seconds must be a number, got '$seconds'" >&2
  callback FAILED
  exit 2
fi
log "Sleep ${CONTRACT[runtime.component.name]:-} as ${CONTRACT[config.self_role]:-}: sleeping ${seconds}s"
sleep "$seconds"
write_outputs
callback SUCCESS
exit 0
