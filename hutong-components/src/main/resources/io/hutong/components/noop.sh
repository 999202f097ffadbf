#!/usr/bin/env bash
# Noop: succeeds at once; writes its declared outputs so it can be chained.
set -u
. "$(dirname "$0")/contract.sh"
log "Noop $(contract runtime.component.name) as $(contract config.self_role) in task $(contract config.task_id) of job $(contract config.session_id)"
write_outputs
callback SUCCESS
exit 0
