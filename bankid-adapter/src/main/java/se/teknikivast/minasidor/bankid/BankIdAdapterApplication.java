package se.teknikivast.minasidor.bankid;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BankIdAdapterApplication {

    public static void main(String[] args) {
        SpringApplication.run(BankIdAdapterApplication.class, args);
    }
}
