package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.json.JsonMapper;

/** One of the local stack's demo OAuth2 clients (auth-service README, "Local-stack secrets"), as a team uses it. */
record DemoClient(String id, String secret) {

    static final DemoClient DRIFT = new DemoClient("drift", "G0aIELkUr9qMWJajmFSmacKtWLNjFWUdDNCojULkC-8");
    static final DemoClient KUNDSERVICE = new DemoClient("kundservice", "uzpygDD27FFnR6ogJdIHswlfq425EgkmQUe-kcNzEFA");
    static final DemoClient EXAMPLE_TEAM =
            new DemoClient("example-team", "f7qBwBTJdbpRIYzEY2pnBW9L8PvhUZHYK3_pVh6GcUU");
    static final DemoClient AUTH_SERVICE =
            new DemoClient("auth-service", "KvWof37eiLn0AEy-I_VnApGuskYhxA3SpkZuH4fTHfA");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The README's curl: client credentials straight from auth-service on the internal network. */
    String token(String scope) throws IOException, InterruptedException {
        var response = tokenResponse(RunningSystem.AUTH_SERVICE, scope);
        assertThat(response.statusCode())
                .as("token for %s (%s): %s", id, scope, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    HttpResponse<String> tokenResponse(String origin, String scope) throws IOException, InterruptedException {
        var basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(origin + "/auth/oauth2/token"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                                + URLEncoder.encode(scope, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
