#!/usr/bin/env bash
# Signs nodes up with each other (签约): every node imports every other node's card, so that all
# their east-west calls are signed and checked. Compare the printed fingerprints with the other
# nodes' administrators when the nodes are not all yours.
#
#   HUTONG_ADMIN_TOKEN=<token> scripts/sign-up.sh http://127.0.0.1:8801 http://127.0.0.1:8802 ...
#
# The same admin token must be valid at every node (each node's admin API is called with it).
set -euo pipefail
: "${HUTONG_ADMIN_TOKEN:?set HUTONG_ADMIN_TOKEN to an admin token of the nodes}"
[ $# -ge 2 ] || { echo "usage: $0 <node url> <node url>..." >&2; exit 2; }

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
