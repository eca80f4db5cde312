#!/usr/bin/env bash
# The Kafka broker of docker-compose.yml, secured as a deployment's broker must be (docs/operations.md "Kafka users
# and ACLs"): clients log in with SASL/SCRAM-SHA-512 over TLS, one user per service, and the StandardAuthorizer allows
# only the ACLs of acls.conf; admin, the broker itself, is the only super user.
#
# First start: a TLS key and self-signed certificate for the names kafka and localhost, an administrator password and
# a key store password, kept in the volume at /etc/kafka/secrets (only kafka-ca.pem, the certificate the services
# trust, is readable by others). Every start: the service users with the passwords of the services' local profiles
# (their application-local.yml, mounted at /passwords/<user>.yml), the topics of topics.conf and the ACLs, before the
# healthcheck passes (/tmp/kafka-ready).
set -euo pipefail

secrets=/etc/kafka/secrets
bin=/opt/kafka/bin
config=/opt/kafka/config/compose.properties
admin=/tmp/admin-client.properties
here=$(dirname "$0")
umask 077
rm -f /tmp/kafka-ready

random() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

if [ ! -s "$secrets/kafka.p12" ]; then
  random > "$secrets/admin-password"
  random > "$secrets/keystore-password"
  keytool -genkeypair -alias kafka -keyalg EC -groupname secp256r1 -validity 825 -dname CN=kafka \
    -ext SAN=dns:kafka,dns:localhost -storetype PKCS12 -keystore "$secrets/kafka.p12.new" \
    -storepass "$(cat "$secrets/keystore-password")"
  keytool -exportcert -rfc -alias kafka -keystore "$secrets/kafka.p12.new" \
    -storepass "$(cat "$secrets/keystore-password")" -file "$secrets/kafka-ca.pem"
  chmod 644 "$secrets/kafka-ca.pem"
  mv "$secrets/kafka.p12.new" "$secrets/kafka.p12"
fi
admin_password=$(cat "$secrets/admin-password")
keystore_password=$(cat "$secrets/keystore-password")
plain="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$admin_password\""

# INTERNAL (services) and EXTERNAL (the host's 127.0.0.1:19092) take SCRAM users; BROKER (the broker itself and this
# script) and CONTROLLER (inside the container only) take the administrator alone.
cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=localhost:9093
listeners=INTERNAL://:9092,EXTERNAL://:19092,BROKER://:9094,CONTROLLER://localhost:9093
advertised.listeners=INTERNAL://kafka:9092,EXTERNAL://localhost:19092,BROKER://kafka:9094
controller.listener.names=CONTROLLER
inter.broker.listener.name=BROKER
listener.security.protocol.map=INTERNAL:SASL_SSL,EXTERNAL:SASL_SSL,BROKER:SASL_SSL,CONTROLLER:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
sasl.mechanism.inter.broker.protocol=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.internal.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.external.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.broker.sasl.enabled.mechanisms=PLAIN
listener.name.broker.plain.sasl.jaas.config=$plain user_admin="$admin_password";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=$plain user_admin="$admin_password";
ssl.keystore.type=PKCS12
ssl.keystore.location=$secrets/kafka.p12
ssl.keystore.password=$keystore_password
ssl.key.password=$keystore_password
ssl.truststore.type=PEM
ssl.truststore.location=$secrets/kafka-ca.pem
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
auto.create.topics.enable=false
log.dirs=/var/lib/kafka/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES

cat > "$admin" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=$plain;
ssl.truststore.type=PEM
ssl.truststore.location=$secrets/kafka-ca.pem
PROPERTIES

"$bin/kafka-storage.sh" format --standalone --ignore-formatted -t "$("$bin/kafka-storage.sh" random-uuid)" -c "$config"
"$bin/kafka-server-start.sh" "$config" &
broker=$!
trap 'kill -TERM "$broker" 2>/dev/null || true' TERM INT

until "$bin/kafka-broker-api-versions.sh" --bootstrap-server kafka:9094 --command-config "$admin" > /dev/null 2>&1; do
  kill -0 "$broker" || exit 1
  sleep 1
done

for file in /passwords/*.yml; do
  user=$(basename "$file" .yml)
  password=$(sed -n 's/^MINASIDOR_KAFKA_PASSWORD:[[:space:]]*"\{0,1\}\([^"[:space:]]*\)"\{0,1\}[[:space:]]*$/\1/p' "$file")
  [ -n "$password" ] || { echo "No MINASIDOR_KAFKA_PASSWORD in $file" >&2; exit 1; }
  "$bin/kafka-configs.sh" --bootstrap-server kafka:9094 --command-config "$admin" --alter \
    --entity-type users --entity-name "$user" --add-config "SCRAM-SHA-512=[password=$password]"
done
grep -v '^#' "$here/topics.conf" | while read -r topic retention; do
  "$bin/kafka-topics.sh" --bootstrap-server kafka:9094 --command-config "$admin" --create --if-not-exists \
    --topic "$topic" --partitions 3 --replication-factor 1 --config "retention.ms=$retention"
done
grep -v '^#' "$here/acls.conf" | while read -r user operation type name; do
  "$bin/kafka-acls.sh" --bootstrap-server kafka:9094 --command-config "$admin" --add \
    --allow-principal "User:$user" --operation "$operation" "--$type" "$name" --resource-pattern-type literal
done
touch /tmp/kafka-ready
echo "Kafka: users, topics and ACLs are in place"

wait "$broker" || true
wait "$broker" 2>/dev/null || true
