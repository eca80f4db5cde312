package se.teknikivast.minasidor.customer.customer;

import java.util.regex.Pattern;

/**
 * A Swedish postal address as on an envelope: street (with number), postal code {@code NNN NN}, city.
 *
 * @throws IllegalArgumentException with a Swedish, customer-safe reason (the value is never repeated)
 */
public record PostalAddress(String street, String postalCode, String city) {

    static final int MAX_STREET = 200;
    static final int MAX_CITY = 100;
    private static final Pattern POSTAL_CODE = Pattern.compile("(\\d{3}) ?(\\d{2})");

    public PostalAddress {
        if (street == null || street.isBlank() || street.strip().length() > MAX_STREET || hasControl(street)) {
            throw new IllegalArgumentException("gatuadressen saknas, är för lång eller har otillåtna tecken.");
        }
        var code = postalCode == null ? null : POSTAL_CODE.matcher(postalCode.strip());
        if (code == null || !code.matches()) {
            throw new IllegalArgumentException("postnumret ska vara fem siffror, till exempel 652 25.");
        }
        if (city == null || city.isBlank() || city.strip().length() > MAX_CITY || hasControl(city)) {
            throw new IllegalArgumentException("orten saknas, är för lång eller har otillåtna tecken.");
        }
        street = street.strip();
        postalCode = code.group(1) + " " + code.group(2);
        city = city.strip();
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    @Override
    public String toString() {
        return "PostalAddress[***]";
    }
}
