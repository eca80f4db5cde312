package se.teknikivast.minasidor.auth.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.teknikivast.minasidor.auth.Browser;
import se.teknikivast.minasidor.auth.LocalClients;

/**
 * Keycloak's server distribution, unpacked by Maven (keycloak-quarkus-dist), built for PostgreSQL once ({@code kc.sh
 * build}) and started in production mode ({@code start --optimized}) on loopback HTTP ports of its own, with a local
 * (non-clustered) cache. Configured only through the admin REST API, with plain HTTP and JSON.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "mina-sidor";
    /**
     * The realm's token signature: ES256 as auth-service signs (P-256); {@code -Dkeycloak.signature=RS256} for
     * Keycloak's own default (RSA-2048), whose signing costs more CPU per token.
     */
    static final String SIGNATURE = System.getProperty("keycloak.signature", "ES256");

    private static final String ADMIN = "benchmark-admin";
    private static final String ADMIN_PASSWORD = "benchmark-admin-" + Long.toHexString(System.nanoTime());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path home;
    private final String heapOptions;
    private final String jdbcUrl;
    private final String databaseUser;
    private final String databasePassword;
    private final Path log;
    private final int port;
    private final int managementPort;
    private Process process;

    public KeycloakServer(Path home, String heapOptions, String jdbcUrl, String databaseUser, String databasePassword)
            throws Exception {
        this.home = home;
        this.heapOptions = heapOptions;
        this.jdbcUrl = jdbcUrl;
        this.databaseUser = databaseUser;
        this.databasePassword = databasePassword;
        this.log = Files.createTempFile("keycloak-bench", ".log");
        this.port = AuthServiceProcess.Ports.free();
        this.managementPort = AuthServiceProcess.Ports.free();
    }

    /** The build options; start repeats them, as the production guide has it. */
    private static final List<String> BUILD_OPTIONS =
            List.of("--db=postgres", "--health-enabled=true", "--cache=local");

    /** {@code kc.sh build}: Quarkus augmentation for PostgreSQL with health checks and a local cache. */
    public Duration build() throws Exception {
        var started = System.nanoTime();
        var command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(BUILD_OPTIONS);
        var build = processBuilder(command).start();
        if (build.waitFor() != 0) {
            throw new IllegalStateException("kc.sh build exited with " + build.exitValue() + "; see " + log);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    public String version() throws Exception {
        return Files.readString(home.resolve("version.txt")).trim();
    }

    /**
     * Stops Keycloak if it runs and starts it with {@code options} added (e.g. the Argon2 provider's parameters);
     * returns the time from the process start until /health/ready answers UP.
     */
    public Duration restart(List<String> options) throws Exception {
        stop();
        var command = new ArrayList<>(List.of(
                home.resolve("bin/kc.sh").toString(),
                "start",
                "--optimized",
                "--db-url=" + jdbcUrl,
                "--db-username=" + databaseUser,
                "--db-password=" + databasePassword,
                "--http-enabled=true",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--http-management-port=" + managementPort,
                "--hostname-strict=false",
                "--cache=local",
                "--log-level=warn"));
        command.addAll(options);
        var started = System.nanoTime();
        process = processBuilder(command).start();
        AuthServiceProcess.awaitReady(process, "http://127.0.0.1:" + managementPort + "/health/ready", log);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private ProcessBuilder processBuilder(List<String> command) {
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        var environment = builder.environment();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("JAVA_OPTS_KC_HEAP", heapOptions);
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return builder;
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    /** kc.sh ends in {@code exec java}: this is the JVM's pid. */
    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The same two clients as auth-service's, registered in {@link #REALM}. */
    public OidcClient client() {
        var oidc = base() + "/realms/" + REALM + "/protocol/openid-connect";
        return new OidcClient(
                oidc + "/auth",
                oidc + "/token",
                "example-team",
                LocalClients.EXAMPLE_TEAM_SECRET,
                "customers.read",
                LocalClients.GATEWAY,
                LocalClients.GATEWAY_SECRET,
                LocalClients.GATEWAY_REDIRECT,
                "openid profile");
    }

    /**
     * A realm equivalent to auth-service's: {@code example-team} (confidential, client credentials only, scope
     * customers.read), {@code mina-sidor-gateway} (confidential, authorization code with PKCE S256 required, the
     * gateway's redirect URI), tokens signed with {@link #SIGNATURE}, the password policy {@code
     * hashAlgorithm(argon2)} and one user per account.
     */
    public void configureRealm(List<String[]> accounts) throws Exception {
        var token = adminToken();
        post(token, "/admin/realms", """
                {"realm": "%s", "enabled": true, "sslRequired": "none",
                 "passwordPolicy": "hashAlgorithm(argon2)", "defaultSignatureAlgorithm": "%s"}""".formatted(REALM, SIGNATURE));
        var scope = post(token, "/admin/realms/" + REALM + "/client-scopes", """
                {"name": "customers.read", "protocol": "openid-connect",
                 "attributes": {"include.in.token.scope": "true", "display.on.consent.screen": "false"}}""");
        var team = post(token, "/admin/realms/" + REALM + "/clients", """
                {"clientId": "example-team", "enabled": true, "protocol": "openid-connect", "publicClient": false,
                 "clientAuthenticatorType": "client-secret", "secret": "%s",
                 "serviceAccountsEnabled": true, "standardFlowEnabled": false, "directAccessGrantsEnabled": false}""".formatted(LocalClients.EXAMPLE_TEAM_SECRET));
        put(token, "/admin/realms/" + REALM + "/clients/" + idOf(team) + "/default-client-scopes/" + idOf(scope));
        post(token, "/admin/realms/" + REALM + "/clients", """
                {"clientId": "%s", "enabled": true, "protocol": "openid-connect", "publicClient": false,
                 "clientAuthenticatorType": "client-secret", "secret": "%s",
                 "standardFlowEnabled": true, "directAccessGrantsEnabled": false, "serviceAccountsEnabled": false,
                 "redirectUris": ["%s"], "attributes": {"pkce.code.challenge.method": "S256"}}""".formatted(
                        LocalClients.GATEWAY, LocalClients.GATEWAY_SECRET, LocalClients.GATEWAY_REDIRECT));
        for (var account : accounts) {
            // E-mail and names given: Keycloak's user profile requires them and would ask at the first login.
            post(token, "/admin/realms/" + REALM + "/users", """
                    {"username": "%1$s", "enabled": true, "email": "kund-%1$s@example.se", "emailVerified": true,
                     "firstName": "Kund", "lastName": "%1$s",
                     "credentials": [{"type": "password", "value": "%2$s", "temporary": false}]}""".formatted(account[0], account[1]));
        }
    }

    private String adminToken() throws Exception {
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                "admin-cli",
                                "username",
                                ADMIN,
                                "password",
                                ADMIN_PASSWORD))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var matcher = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("No admin token: " + response.statusCode() + " " + response.body());
        }
        return matcher.group(1);
    }

    private HttpResponse<String> post(String token, String path, String json) throws Exception {
        return send(token, "POST", path, json);
    }

    private HttpResponse<String> put(String token, String path) throws Exception {
        return send(token, "PUT", path, null);
    }

    private HttpResponse<String> send(String token, String method, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    /** The id of a created resource: the last segment of its Location. */
    private static String idOf(HttpResponse<String> created) {
        var location = Browser.location(created);
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
