package se.teknikivast.minasidor.auth.server;

/** Revokes every OAuth2 authorization (and so its access and refresh tokens) of one principal, e.g. after a password change. */
public interface PrincipalAuthorizations {

    /** Removes the principal's authorizations; returns how many were removed. */
    int revokeAll(String principalName);
}
