package se.teknikivast.minasidor.auth.web;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.serializer.RedisSerializer;
import se.teknikivast.minasidor.deployment.serialization.AllowListRedisSerializer;

/**
 * How auth-service's values in Redis are read and written: sessions (Spring Session reads this bean by its name for
 * attributes and for its session-created messages), OAuth2 authorizations and consents. JDK serialization, read back
 * through an allow-list: the JDK's value types, Spring Security's classes and the two kinds of our own that sessions
 * and authorizations hold. A value naming anything else is refused before it is made (see
 * {@link AllowListRedisSerializer}) and treated as absent.
 */
@Configuration(proxyBeanMethods = false)
class StoredValuesConfiguration {

    /** Our classes in stored values: the logged-in customer, and the BankID login's state in the session. */
    static final List<String> OWN_CLASSES = List.of(
            "se.teknikivast.minasidor.auth.server.CustomerAuthentication",
            "se.teknikivast.minasidor.auth.server.CustomerAuthentication$*",
            "se.teknikivast.minasidor.auth.bankid.BankIdSession$*");

    @Bean("springSessionDefaultRedisSerializer")
    RedisSerializer<Object> storedValues() {
        return AllowListRedisSerializer.allowing(getClass().getClassLoader(), OWN_CLASSES.toArray(String[]::new));
    }
}
