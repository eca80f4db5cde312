package se.teknikivast.minasidor.auth.customer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A customer as customer-service describes it; only the fields auth-service needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Customer(String customerNumber, String type, String identityNumber, String name) {

    public boolean isCompany() {
        return "COMPANY".equals(type);
    }
}
