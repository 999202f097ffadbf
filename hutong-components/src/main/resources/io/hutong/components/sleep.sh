#!/usr/bin/env bash
# Sleep: waits runtime.component.parameter.seconds (default 1) seconds, then succeeds.
set -u
. "$(dirname "$0")/contract.sh"
seconds=$(contract runtime.component.parameter.seconds)
seconds=${seconds:-1}
if ! [[ $seconds =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
  echo "parameter seconds must be a number, got '$seconds'" >&2
  callback FAILED
  exit 2
fi
log "Sleep $(contract runtime.component.name) as $(contract config.self_role): sleeping ${seconds}s"
sleep "$seconds"
write_outputs
callback SUCCESS
exit 0
