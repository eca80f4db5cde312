package se.teknikivast.minasidor.auth.server;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/** Token and userinfo claims for customers; ES256 for every token this server signs. */
final class CustomerClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String CUSTOMER_TYPE = "customer_type";
    static final String AMR = "amr";

    @Override
    public void customize(JwtEncodingContext context) {
        context.getJwsHeader().algorithm(SignatureAlgorithm.ES256);
        if (!(context.getPrincipal() instanceof CustomerAuthentication customer)) {
            return; // client credentials: sub = client id, no customer claims
        }
        var claims = context.getClaims();
        claims.claim(AMR, List.of(customer.method().amr()));
        if (customer.customerType() != null) {
            claims.claim(CUSTOMER_TYPE, customer.customerType());
        }
        var idToken = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);
        if (idToken.equals(context.getTokenType()) && customer.customerName() != null) {
            claims.claim("name", customer.customerName());
        }
    }

    /** Userinfo: sub, and with the profile scope the name and customer type. */
    static OidcUserInfo userInfo(OidcUserInfoAuthenticationContext context) {
        var authorization = context.getAuthorization();
        var claims = new LinkedHashMap<String, Object>();
        claims.put("sub", authorization.getPrincipalName());
        if (authorization.getAttribute(Principal.class.getName()) instanceof CustomerAuthentication customer
                && authorization.getAuthorizedScopes().contains("profile")) {
            if (customer.customerName() != null) {
                claims.put("name", customer.customerName());
            }
            if (customer.customerType() != null) {
                claims.put(CUSTOMER_TYPE, customer.customerType());
            }
        }
        return new OidcUserInfo(claims);
    }
}
