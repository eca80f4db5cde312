package se.teknikivast.minasidor.bankid.order;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import se.teknikivast.minasidor.bankid.qr.QrCodes;
import se.teknikivast.minasidor.bankid.rp.RpClient;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class OrderConfiguration {

    @Bean
    Identifications identifications(
            RpClient rp, StringRedisTemplate redis, Clock clock, OrderProperties properties, MeterRegistry meters) {
        return new Identifications(
                rp,
                new Orders(redis, JsonMapper.builder().build(), properties),
                new QrCodes(clock),
                clock,
                properties,
                new IdentificationMetrics(meters));
    }
}
