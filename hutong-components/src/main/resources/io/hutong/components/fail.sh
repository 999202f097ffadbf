#!/usr/bin/env bash
# Fail: fails without calling back, so the node learns it from the exit code.
set -u
[[ $0 == */* ]] && here=${0%/*} || here=.
. "$here/contract.sh"
log "Fail ${CONTRACT[runtime.component.name]:-} as ${CONTRACT[config.self_role]:-} in task ${CONTRACT[config.task_id]:-}"
echo "Fail component: failing on purpose" >&2
exit 1
