package se.teknikivast.minasidor.bankid.rp;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client for the RP API: Apache HttpClient 5, classic (blocking) API, with a pool of kept-alive connections.
 *
 * <p>Why not the JDK's {@code java.net.http.HttpClient}: every request there hands over between the caller, the
 * client's selector thread and its executor, and each request with a timeout enters one shared, locked timer list;
 * profiled at 500 collects/s on two cores, threads waited there for 100+ ms. The classic client does the socket I/O
 * on the calling (virtual) thread and enforces the timeouts on the socket itself.
 */
final class RpHttpClients {

    /** Enough for bursts of logins; BankID answers in milliseconds, so few are ever open at once. */
    static final int MAX_CONNECTIONS = 64;

    private RpHttpClients() {}

    /**
     * @param connectTimeout TCP (and TLS) connect
     * @param requestTimeout the longest wait for a connection from the pool and for BankID's answer
     * @param sslContext our client certificate and the BankID CA as the only trust anchor; null for plain http
     */
    static CloseableHttpClient create(Duration connectTimeout, Duration requestTimeout, SSLContext sslContext) {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(requestTimeout))
                        // A connection idle for a second is checked before reuse (the server may have closed it).
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        // Reconnect now and then, so a changed DNS answer for BankID's host is picked up.
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build());
        if (sslContext != null) {
            // Host name verification stays on (the default): the server's certificate must name the host.
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(sslContext));
        }
        return HttpClients.custom()
                .setConnectionManager(connections.build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(requestTimeout))
                        .setResponseTimeout(Timeout.of(requestTimeout))
                        .setRedirectsEnabled(false)
                        .build())
                // /auth must never be sent twice; only maintenance is retried, by RpClient.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }
}
