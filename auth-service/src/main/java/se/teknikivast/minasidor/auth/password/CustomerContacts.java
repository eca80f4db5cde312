package se.teknikivast.minasidor.auth.password;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Optional;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.auth.customer.CustomerServiceHttp;
import se.teknikivast.minasidor.auth.customer.CustomerServiceUnavailableException;

/**
 * What registration and password setup need to know about a customer ({@code GET /internal/customers/{no}}): the
 * addresses (the login address, a pending one, the postal address for a letter), the identity number for the
 * password policy's context words and the BankID proof, the type for which proof to offer.
 */
@Component
public class CustomerContacts {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PostalAddress(String street, String postalCode, String city) {
        @Override
        public String toString() {
            return "PostalAddress[***]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contact(
            String customerNumber,
            String type,
            String name,
            String identityNumber,
            String email,
            String pendingEmail,
            PostalAddress postalAddress) {

        static Contact unknown(String customerNumber) {
            return new Contact(customerNumber, null, null, null, null, null, null);
        }

        public boolean isCompany() {
            return "COMPANY".equals(type);
        }

        @Override
        public String toString() {
            return "Contact[customerNumber=" + customerNumber + ", type=" + type + ", identityNumber=***, email=***]";
        }
    }

    public static final class Unavailable extends RuntimeException {
        Unavailable(Throwable cause) {
            super("customer-service did not answer the contact lookup", cause);
        }
    }

    private final CustomerServiceHttp customerService;

    CustomerContacts(CustomerServiceHttp customerService) {
        this.customerService = customerService;
    }

    public Optional<Contact> find(String customerNumber) {
        try {
            return customerService.customer(customerNumber, Contact.class);
        } catch (CustomerServiceUnavailableException e) {
            throw new Unavailable(e);
        }
    }
}
