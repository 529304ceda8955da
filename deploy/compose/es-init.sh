#!/bin/bash
# One-shot of docker-compose.yml: creates the roles and users Netra's services connect as, so
# none of them uses the `elastic` superuser. Passwords are read from docker secrets and sent in
# request bodies; curl takes the superuser's credentials from a private config file, never
# from its command line. Idempotent (PUT): rerun it to rotate a password.
set -euo pipefail
umask 077
es=http://elasticsearch:9200
auth="$(mktemp)"
printf 'user = "elastic:%s"\n' "$(sed 's/[\\"]/\\&/g' /run/secrets/elastic_password)" > "$auth"

json_string() { sed -e 's/[\\"]/\\&/g' -e 's/^/"/' -e 's/$/"/' "$1" | tr -d '\n'; }
put() { curl -fsS -K "$auth" -H 'Content-Type: application/json' -X PUT "$es/$1" --data-binary @- > /dev/null; }

# The case store's indices all start with netra- (open_store's prefix).
put _security/role/netra_indexer <<'JSON'
{"cluster": ["monitor"], "indices": [{"names": ["netra-*"],
 "privileges": ["create_index", "manage", "read", "write", "view_index_metadata"]}]}
JSON
put _security/role/netra_reader <<'JSON'
{"cluster": ["monitor"], "indices": [{"names": ["netra-*"],
 "privileges": ["read", "write", "view_index_metadata"]}]}
JSON
# write: readers append to the audit log (every read of personal data is logged).

for user in indexer:netra_indexer review:netra_reader digest:netra_reader alerts:netra_reader; do
  name="netra_${user%%:*}"
  put "_security/user/$name" <<JSON
{"password": $(json_string "/run/secrets/es_${user%%:*}_password"), "roles": ["${user##*:}"]}
JSON
done
rm -f "$auth"
echo "es-init: roles and users in place" >&2
