# syntax=docker/dockerfile:1
# The one image recipe of the five services. Build from the repository root, naming the module and its ports:
#   docker build --build-arg MODULE=customer-service --build-arg PORT=8081 --build-arg MANAGEMENT_PORT=18081 \
#       -t mina-sidor/customer-service .
# docker compose build does this for all five (docker-compose.yml; DockerComposeTests checks the arguments against
# each service's application.yml).

FROM eclipse-temurin:25-jdk AS build
ARG MODULE
WORKDIR /workspace
# The whole reactor: Maven needs every module's pom, and a service needs the shared modules.
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -pl "${MODULE}" -am -DskipTests package
# Spring Boot's tools jar mode splits the jar into layers: the libraries apart from our own classes (a rebuild that
# changes only our code reuses the library layers), and a plain class path of jars, which the AOT cache needs.
RUN cp "${MODULE}/target/${MODULE}.jar" application.jar \
    && java -Djarmode=tools -jar application.jar extract --layers --destination /extracted

FROM eclipse-temurin:25-jre
ARG PORT
ARG MANAGEMENT_PORT
# Native libraries a service calls (auth-service: libargon2-1, the reference Argon2 through FFM).
ARG APT_PACKAGES=""
RUN if [ -n "${APT_PACKAGES}" ]; then \
        apt-get update \
        && apt-get install -y --no-install-recommends ${APT_PACKAGES} \
        && rm -rf /var/lib/apt/lists/*; \
    fi
RUN groupadd --system --gid 10001 minasidor \
    && useradd --system --uid 10001 --gid minasidor --no-create-home --shell /usr/sbin/nologin minasidor
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# The JVM's AOT cache (Java 25): a training run in this very image (a cache is valid only for the same JVM and class
# path) starts the application context and exits before the application starts work (spring.context.exit=onRefresh);
# the cache keeps the classes it loaded and linked, so a container starts with less work. The build has no PostgreSQL,
# Kafka or Redis, so the training run does nothing that would reach them: no migrations, no topic creation, no Redis
# session set-up, and a service may add more (TRAINING_ARGUMENTS). It runs with the demo profile, since without it a
# service refuses to start without its secrets; the cache holds classes, not configuration.
ARG TRAINING_PROFILES=local
ARG TRAINING_ARGUMENTS=""
RUN java -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh \
        --enable-native-access=ALL-UNNAMED \
        -jar application.jar \
        --spring.profiles.active=${TRAINING_PROFILES} \
        --spring.flyway.enabled=false \
        --spring.kafka.admin.auto-create=false \
        --spring.session.data.redis.configure-action=none \
        ${TRAINING_ARGUMENTS} \
    && test -s app.aot
USER 10001:10001
ENV MANAGEMENT_PORT=${MANAGEMENT_PORT}
# The service port, and the management port (health, metrics) for the orchestrator and Prometheus only.
EXPOSE ${PORT} ${MANAGEMENT_PORT}
# No curl in the JRE image: ask the readiness probe on the management port over bash's /dev/tcp.
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=6 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_PORT} && printf "GET /actuator/health/readiness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3 && grep -q "\"status\":\"UP\"" <&3'
# Native access only matters to auth-service (FFM); for the others it changes nothing.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-XX:AOTCache=app.aot", "-jar", "/app/application.jar"]
