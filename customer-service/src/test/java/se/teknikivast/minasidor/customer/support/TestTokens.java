package se.teknikivast.minasidor.customer.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import se.teknikivast.minasidor.resourceserver.test.TestIssuer;

/** Access tokens like auth-service's (ES256, {@code aud} customer-service) from the shared {@link TestIssuer}. */
public final class TestTokens {

    public static final String ISSUER = TestIssuer.ISSUER;
    public static final String AUDIENCE = "customer-service";

    private TestTokens() {}

    /** A client-credentials token of {@code clientId} with these scopes. */
    public static String client(String clientId, String... scopes) {
        return TestIssuer.get().client(clientId, AUDIENCE, scopes);
    }

    /** A customer's token from a password login through the gateway: {@code sub} = customer number. */
    public static String customer(String customerNumber) {
        return TestIssuer.get().customer(customerNumber);
    }

    public static String mint(String subject, String issuer, Instant expiresAt, String scope) {
        return TestIssuer.get()
                .token()
                .subject(subject)
                .issuer(issuer)
                .audience(AUDIENCE)
                .scopes(scope.split(" "))
                .issuedAt(expiresAt.minus(Duration.ofMinutes(5)))
                .expiresAt(expiresAt)
                .claim("amr", List.of("pwd"))
                .mint();
    }
}
