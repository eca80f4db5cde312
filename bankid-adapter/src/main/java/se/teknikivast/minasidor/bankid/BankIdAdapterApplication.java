package se.teknikivast.minasidor.bankid;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BankIdAdapterApplication {

    public static void main(String[] args) {
        SpringApplication.run(BankIdAdapterApplication.class, args);
    }

    /** BankID timing (QR seconds, collect spacing, the simulator's windows) all reads this clock. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
