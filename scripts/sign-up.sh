#!/usr/bin/env bash
# Signs nodes up with each other (签约): every node imports every other node's card, so that all
# their east-west calls are signed and checked. Compare the printed fingerprints with the other
# nodes' administrators when the nodes are not all yours.
#
#   HUTONG_ADMIN_TOKEN=<token> scripts/sign-up.sh http://127.0.0.1:8801 http://127.0.0.1:8802 ...
#
# A peer that is not Hutong (a Kuscia or FATE-Flow node, which signs nothing) is added at every node
# with its dialect: --peer <node id>=<base url>,<dialect> (kuscia or fate-flow), as often as needed:
#
#   scripts/sign-up.sh --peer alice=http://10.0.0.7:8084,kuscia http://127.0.0.1:8801 http://127.0.0.1:8802
#
# The same admin token must be valid at every node (each node's admin API is called with it).
set -euo pipefail
: "${HUTONG_ADMIN_TOKEN:?set HUTONG_ADMIN_TOKEN to an admin token of the nodes}"
peers=()
nodes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --peer) peers+=("$2"); shift 2 ;;
    --peer=*) peers+=("${1#--peer=}"); shift ;;
    *) nodes+=("$1"); shift ;;
  esac
done
set -- "${nodes[@]+"${nodes[@]}"}"
[ $# -ge 2 ] || [ $# -ge 1 -a ${#peers[@]} -ge 1 ] || {
  echo "usage: $0 [--peer <node id>=<url>,<dialect>]... <node url> <node url>..." >&2; exit 2; }

card() {
  curl -sf -H "token: $HUTONG_ADMIN_TOKEN" "$1/admin/trust/card" \
    | python3 -c 'import json, sys; d = json.load(sys.stdin)["data"]; print(json.dumps(d["card"])); print(d["fingerprint"], file=sys.stderr)'
}

for from in "$@"; do
  body=$(card "$from" 2> /tmp/hutong-fingerprint.$$)
  echo "$from: $(python3 -c 'import json, sys; c = json.loads(sys.argv[1]); print(c["node_id"], c["algorithm"])' "$body"), key $(cat /tmp/hutong-fingerprint.$$)"
  rm -f /tmp/hutong-fingerprint.$$
  for to in "$@"; do
    [ "$to" = "$from" ] && continue
    curl -sf -X PUT -H "token: $HUTONG_ADMIN_TOKEN" -H 'Content-Type: application/json' --data "$body" \
      "$to/admin/trust/peers" > /dev/null || { echo "$to refused the card of $from" >&2; exit 1; }
  done
done

for peer in "${peers[@]+"${peers[@]}"}"; do
  id=${peer%%=*}
  rest=${peer#*=}
  url=${rest%,*}
  dialect=${rest##*,}
  [ "$id" != "$peer" ] && [ "$url" != "$rest" ] || { echo "--peer $peer: expected <node id>=<url>,<dialect>" >&2; exit 2; }
  for to in "$@"; do
    curl -sf -X PUT -H "token: $HUTONG_ADMIN_TOKEN" -H 'Content-Type: application/json' \
      --data "{\"baseUrl\": \"$url\"}" "$to/admin/peers/$id" > /dev/null \
      && curl -sf -X PUT -H "token: $HUTONG_ADMIN_TOKEN" -H 'Content-Type: application/json' \
        --data "{\"dialect\": \"$dialect\"}" "$to/admin/trust/peers/$id/dialect" > /dev/null \
      || { echo "$to refused peer $id ($dialect at $url)" >&2; exit 1; }
  done
  echo "$id: $dialect peer at $url, added at $*"
done
