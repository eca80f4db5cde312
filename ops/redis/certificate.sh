#!/usr/bin/env bash
# Redis's TLS key and certificate for docker-compose.yml (docs/operations.md "Redis over TLS"), made once into the
# volume redis-tls and kept there: a key (P-256) and a self-signed certificate for the names redis and localhost, which
# the services, the exporter and the healthcheck trust as it is. Run by the one-shot service redis-certificate before
# Redis starts; an existing certificate is left alone, so a restart changes nothing.
#
# The key is readable by the redis image's own user alone (uid 999, fixed in that image); the certificate by everyone.
set -euo pipefail

tls=/tls
umask 077

if [ ! -s "$tls/redis.crt" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
    -subj "/CN=redis" -addext "subjectAltName=DNS:redis,DNS:localhost,IP:127.0.0.1" \
    -addext "extendedKeyUsage=serverAuth" \
    -keyout "$tls/redis.key" -out "$tls/redis.crt.new"
  chown 999:999 "$tls/redis.key"
  chmod 644 "$tls/redis.crt.new"
  mv "$tls/redis.crt.new" "$tls/redis.crt"
fi
openssl x509 -in "$tls/redis.crt" -noout -subject -enddate
