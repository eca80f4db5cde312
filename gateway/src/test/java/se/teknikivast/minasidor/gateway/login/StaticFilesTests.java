package se.teknikivast.minasidor.gateway.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class StaticFilesTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/auth/css/login.css",
                "/auth/css/login.3f2a9c81.css",
                "/auth/js/bankid.js",
                "/auth/img/teknikivast-logo.svg",
                "/auth/img/sub/dir/a_b-c~d.png",
                "/css/mina-sidor.css",
                "/js/utloggning.js",
                "/favicon.ico",
                "/auth/favicon.ico"
            })
    void takesStaticFilesWithoutTheSession(String path) {
        assertThat(StaticFiles.isStaticFile(get(path))).isTrue();
        assertThat(StaticFiles.isStaticFile(request(HttpMethod.HEAD, path))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/auth/css/../login",
                "/auth/css/..",
                "/auth/css/./x.css",
                "/auth/css//x.css",
                "/auth/css/%2e%2e/login",
                "/auth/css/..%2Flogin",
                "/auth/css/x.css;jsessionid=1",
                "/auth/css/..;/login",
                "/auth/css/a%20b.css",
                "/auth/css",
                "/auth/login",
                "/auth/oauth2/authorize",
                "/auth/cssx/a.css",
                "/AUTH/CSS/a.css",
                "/",
                "/mina-sidor",
                "/api/customers/me",
                "/favicon.ico/x",
                "/auth/favicon.ico.html",
                "/api/css/x.css"
            })
    void takesEverythingElseTheNormalWay(String path) {
        assertThat(StaticFiles.isStaticFile(get(path))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void onlyForGetAndHead(String method) {
        assertThat(StaticFiles.isStaticFile(request(HttpMethod.valueOf(method), "/auth/css/login.css")))
                .isFalse();
    }

    private static MockServerHttpRequest get(String path) {
        return request(HttpMethod.GET, path);
    }

    private static MockServerHttpRequest request(HttpMethod method, String path) {
        return MockServerHttpRequest.method(method, URI.create("http://localhost:8080" + path))
                .build();
    }
}
