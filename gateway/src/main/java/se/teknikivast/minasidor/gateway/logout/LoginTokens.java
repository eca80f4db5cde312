package se.teknikivast.minasidor.gateway.logout;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

/**
 * What auth-service needs to end one login: its refresh token (none if auth-service gave none) and access token.
 * Kept in the outbox until auth-service has them; never logged.
 */
record LoginTokens(String refreshToken, String accessToken) {

    static LoginTokens of(OAuth2AuthorizedClient client) {
        var refresh = client.getRefreshToken();
        return new LoginTokens(
                refresh == null ? null : refresh.getTokenValue(),
                client.getAccessToken().getTokenValue());
    }

    /** The token that names the login at the back channel: the refresh token, which outlives the access token. */
    String loginToken() {
        return refreshToken != null ? refreshToken : accessToken;
    }

    @Override
    public String toString() {
        return "LoginTokens[…]";
    }
}
