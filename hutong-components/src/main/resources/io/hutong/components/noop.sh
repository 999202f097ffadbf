#!/usr/bin/env bash
# Noop: succeeds at once; writes its declared outputs so it can be chained.
set -u
[[ $0 == */* ]] && here=${0%/*} || here=.
. "$here/contract.sh"
log "Noop ${CONTRACT[runtime.component.name]:-} as ${CONTRACT[config.self_role]:-} in task ${CONTRACT[config.task_id]:-}"
write_outputs
callback SUCCESS
exit 0
