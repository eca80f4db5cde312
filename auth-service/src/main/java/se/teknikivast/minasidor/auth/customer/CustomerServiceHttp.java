package se.teknikivast.minasidor.auth.customer;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The one HTTP client for customer-service (base URL and the short timeouts a login can afford), shared by the
 * features that call it: login, registration and password setup.
 */
@Component
public final class CustomerServiceHttp {

    private final RestClient client;

    CustomerServiceHttp(RestClient.Builder builder, CustomerServiceProperties properties) {
        var settings = HttpClientSettings.defaults()
                .withConnectTimeout(properties.connectTimeout())
                .withReadTimeout(properties.readTimeout());
        this.client = builder.clone()
                .baseUrl(properties.baseUrl().toString())
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings))
                .build();
    }

    public RestClient client() {
        return client;
    }
}
