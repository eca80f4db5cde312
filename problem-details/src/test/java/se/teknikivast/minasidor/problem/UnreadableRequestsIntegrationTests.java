package se.teknikivast.minasidor.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Found by the system tests' bad-input corpus: these requests answered 500 with an ERROR line in every servlet
 * service (customer-service, bankid-adapter, notification-service, auth-service). On a real Tomcat, with the module's
 * auto-configuration as a service gets it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnreadableRequestsIntegrationTests {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_wildcard_content_type_is_a_415_problem() throws Exception {
        for (var type : new String[] {"*/*", "application/*", "not a media type"}) {
            var answer = send(HttpRequest.newBuilder(uri("/echo"))
                    .header("Content-Type", type)
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"a\"}")));

            assertThat(answer.statusCode()).as(type).isEqualTo(415);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(answer.body())
                    .contains("\"code\":\"unsupported-media-type\"")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void parameters_that_are_not_utf_8_are_a_400_and_a_browser_gets_swedish() throws Exception {
        var api = send(HttpRequest.newBuilder(uri("/echo?name=%C0%AF%FF")).header("Accept", "application/json"));
        var browser = send(HttpRequest.newBuilder(uri("/echo?name=%C0%AF%FF")).header("Accept", "text/html"));

        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).contains("\"code\":\"invalid-request\"");
        assertThat(browser.statusCode()).isEqualTo(400);
        assertThat(browser.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(browser.body()).contains("lang=\"sv\"", "Ogiltig begäran");
    }

    @Test
    void readable_requests_pass_with_their_characters_intact() throws Exception {
        var get = send(HttpRequest.newBuilder(uri("/echo?name=%C3%85sa")));
        var post = send(HttpRequest.newBuilder(uri("/echo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Åsa\"}")));
        var form = send(HttpRequest.newBuilder(uri("/form"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=%C3%85sa")));

        assertThat(get.body()).isEqualTo("Åsa");
        assertThat(post.body()).isEqualTo("Åsa");
        assertThat(form.body()).isEqualTo("Åsa");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Echo.class, EchoProblems.class})
    static class App {}

    @RestController
    static class Echo {

        record Named(String name) {}

        @GetMapping(value = "/echo", produces = "text/plain;charset=UTF-8")
        String get(@RequestParam String name) {
            return name;
        }

        @PostMapping(value = "/echo", produces = "text/plain;charset=UTF-8")
        String post(@RequestBody Named named) {
            return named.name();
        }

        @PostMapping(value = "/form", produces = "text/plain;charset=UTF-8")
        String form(@RequestParam String name) {
            return name;
        }
    }

    @RestControllerAdvice
    static class EchoProblems extends ProblemHandler {}
}
