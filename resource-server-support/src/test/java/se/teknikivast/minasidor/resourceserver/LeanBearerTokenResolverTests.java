package se.teknikivast.minasidor.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import se.teknikivast.minasidor.resourceserver.test.TestIssuer;

/** The lean resolver answers every Authorization header exactly as Spring Security's default resolver does. */
class LeanBearerTokenResolverTests {

    private static final String TOKEN = TestIssuer.get().client("example-team", "customer-service", "customers.read");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer " + "abc.DEF-123_~+/xyz",
                "Bearer abc==",
                "Bearer abc=",
                "bearer abc",
                "BEARER abc",
                "Bearer  abc",
                "Bearer abc ",
                "Bearer abc=def",
                "Bearer =",
                "Bearer ",
                "Bearer",
                "Bearerabc",
                "Bearer ab\tc",
                "Bearer abc\n",
                "Bearer abcä",
                "Bearer abc,def",
                "Basic dXNlcjpwYXNz",
                "",
                "NO-HEADER"
            })
    void answersLikeTheDefaultResolver(String header) {
        assertSameAnswer(header);
    }

    @Test
    void answersLikeTheDefaultResolverForRealTokensAndTamperedOnes() {
        var headers = new ArrayList<>(List.of("Bearer " + TOKEN, "Bearer " + TOKEN + "==", "bearer " + TOKEN));
        headers.add("Bearer " + TOKEN.replace('.', '!'));
        headers.add("Bearer " + TOKEN + " ");
        headers.add("Bearer " + TOKEN.substring(0, 20) + "%" + TOKEN.substring(20));
        for (var header : headers) {
            assertSameAnswer(header);
        }
        assertThat(new LeanBearerTokenResolver().resolve(request("Bearer " + TOKEN)))
                .isEqualTo(TOKEN);
    }

    private static void assertSameAnswer(String header) {
        var expected = answer(new DefaultBearerTokenResolver(), header);
        var actual = answer(new LeanBearerTokenResolver(), header);
        assertThat(actual).as("header %s", header).isEqualTo(expected);
    }

    /** The token, "null", or the error the resolver reports. */
    private static String answer(BearerTokenResolver resolver, String header) {
        try {
            return String.valueOf(resolver.resolve(request(header)));
        } catch (OAuth2AuthenticationException e) {
            return "error " + e.getError().getErrorCode() + ": " + e.getError().getDescription();
        }
    }

    private static MockHttpServletRequest request(String header) {
        var request = new MockHttpServletRequest("POST", "/internal/customers/search");
        if (!"NO-HEADER".equals(header)) {
            request.addHeader("Authorization", header);
        }
        return request;
    }
}
