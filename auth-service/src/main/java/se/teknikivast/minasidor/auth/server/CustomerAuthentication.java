package se.teknikivast.minasidor.auth.server;

import java.io.Serial;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A logged-in customer, whatever the method. The authorization server turns it into token claims: {@code sub} =
 * customer number, {@code amr}, {@code customer_type}; the name goes only into the ID token and userinfo. It is
 * kept in the Redis session and in stored authorizations, hence serializable and free of identity numbers.
 */
public final class CustomerAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    /** RFC 8176 authentication method references used here. */
    public enum Method {
        PASSWORD("pwd"),
        BANKID("bankid");

        private final String amr;

        Method(String amr) {
            this.amr = amr;
        }

        public String amr() {
            return amr;
        }
    }

    private final String customerNumber;
    private final String customerType;
    private final String name;
    private final Method method;

    /**
     * @param authenticatedAt when the customer proved who they are; becomes the ID token's {@code auth_time}
     */
    public CustomerAuthentication(
            String customerNumber, String customerType, String name, Method method, Instant authenticatedAt) {
        super(List.of(
                new SimpleGrantedAuthority("ROLE_CUSTOMER"),
                (method == Method.PASSWORD
                                ? FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
                                : FactorGrantedAuthority.withFactor(method.name()))
                        .issuedAt(authenticatedAt)
                        .build()));
        this.customerNumber = Objects.requireNonNull(customerNumber);
        this.customerType = customerType;
        this.name = name;
        this.method = Objects.requireNonNull(method);
        setAuthenticated(true);
    }

    @Override
    public String getName() {
        return customerNumber;
    }

    @Override
    public Object getPrincipal() {
        return customerNumber;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    public String customerNumber() {
        return customerNumber;
    }

    public String customerType() {
        return customerType;
    }

    public String customerName() {
        return name;
    }

    public Method method() {
        return method;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CustomerAuthentication that
                && super.equals(that)
                && customerNumber.equals(that.customerNumber)
                && method == that.method;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), customerNumber, method);
    }
}
