package se.teknikivast.minasidor.bankid.support;

import java.time.Instant;
import se.teknikivast.minasidor.resourceserver.test.TestIssuer;

/** auth-service's client-credentials tokens for the adapter (ES256, {@code aud} bankid-adapter), from {@link TestIssuer}. */
public final class TestTokens {

    public static final String ISSUER = TestIssuer.ISSUER;

    private TestTokens() {}

    public static String withScope(String scope) {
        return withScope(scope, Instant.now());
    }

    /** A token issued at {@code now}, valid for 5 minutes like auth-service's. */
    public static String withScope(String scope, Instant now) {
        return TestIssuer.get()
                .token()
                .subject("auth-service")
                .audience("bankid-adapter")
                .scopes(scope)
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .mint();
    }

    /** The public JWKS document, for a test that serves it itself. */
    public static String jwks() {
        return TestIssuer.get().jwks();
    }
}
