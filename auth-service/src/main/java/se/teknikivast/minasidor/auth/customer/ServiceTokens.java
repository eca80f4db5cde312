package se.teknikivast.minasidor.auth.customer;

/** Bearer tokens for auth-service's own calls to internal APIs (client {@code auth-service}). */
public interface ServiceTokens {

    String bearerToken();
}
