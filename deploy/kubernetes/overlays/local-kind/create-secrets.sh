#!/usr/bin/env bash
# Creates the Secrets the manifests reference, with random values made here, in the namespace mina-sidor of the
# current kubectl context (kind-mina-sidor): never committed, never the demo values of application-local.yml.
#   deploy/kubernetes/overlays/local-kind/create-secrets.sh RP.p12 RP-PASSWORD BANKID-ROOT-CA.pem
# The BankID files: BankID's public test RP certificate and the test environment's root CA (README.md). The Kafka
# passwords are not here: Strimzi's User Operator makes them (Secrets named like the services).
# The client secrets that teams would use (kundservice, drift, example-team) are printed once, to keep or forget.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 RP.p12 RP-PASSWORD BANKID-ROOT-CA.pem" >&2
  exit 2
fi
namespace=mina-sidor
random() { head -c 32 /dev/urandom | base64 | tr -d '/+=' | cut -c1-32; }
sha256() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
apply() { kubectl -n "$namespace" create secret generic "$@" --dry-run=client -o yaml | kubectl apply -f -; }

kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"

gateway_client_secret="$(random)"
declare -A client_secrets=([auth-service]="$(random)" [kundservice]="$(random)" [example-team]="$(random)" [drift]="$(random)")

apply gateway-secrets --from-literal=client-secret="$gateway_client_secret"
apply auth-service-secrets \
  --from-literal=gateway-secret-hash="$(sha256 "$gateway_client_secret")" \
  --from-literal=auth-service-secret-hash="$(sha256 "${client_secrets[auth-service]}")" \
  --from-literal=kundservice-secret-hash="$(sha256 "${client_secrets[kundservice]}")" \
  --from-literal=example-team-secret-hash="$(sha256 "${client_secrets[example-team]}")" \
  --from-literal=drift-secret-hash="$(sha256 "${client_secrets[drift]}")" \
  --from-literal=signing-keys-encryption-key="kind-1:$(head -c 32 /dev/urandom | base64)"
apply redis-users \
  --from-literal=gateway="$(random)" --from-literal=auth-service="$(random)" \
  --from-literal=bankid-adapter="$(random)" --from-literal=replication="$(random)" \
  --from-literal=sentinel="$(random)"
apply redis-sentinel --from-literal=password="$(random)"
for service in auth-service customer-service notification-service; do
  apply "$service-postgres" --type=kubernetes.io/basic-auth \
    --from-literal=username="$service" --from-literal=password="$(random)"
done
apply bankid-rp --from-file=rp.p12="$1" --from-literal=keystore-password="$2" --from-file=root-ca.pem="$3"

for client in kundservice example-team drift; do
  echo "client secret of $client: ${client_secrets[$client]}"
done
