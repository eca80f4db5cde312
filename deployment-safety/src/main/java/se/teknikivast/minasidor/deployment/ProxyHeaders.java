package se.teknikivast.minasidor.deployment;

import java.util.List;

/**
 * The request headers in which a proxy describes the original request (client address, host, scheme, port, prefix).
 * The one list of the trust boundary between the internet and the services: the gateway removes every one of them
 * that a client sent before it sets its own, and auth-service takes any of them as the sign that a request came
 * through the public origin.
 */
public final class ProxyHeaders {

    public static final List<String> NAMES = List.of(
            "Forwarded",
            "X-Forwarded-For",
            "X-Forwarded-Host",
            "X-Forwarded-Proto",
            "X-Forwarded-Port",
            "X-Forwarded-Prefix",
            "X-Real-IP");

    private ProxyHeaders() {}
}
