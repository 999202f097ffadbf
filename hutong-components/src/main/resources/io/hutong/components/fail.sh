#!/usr/bin/env bash
# Fail: fails without calling back, so the node learns it from the exit code.
set -u
. "$(dirname "$0")/contract.sh"
log "Fail $(contract runtime.component.name) as $(contract config.self_role) in task $(contract config.task_id)"
echo "Fail component: failing on purpose" >&2
exit 1
