package se.teknikivast.minasidor.customer.support;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh, valid test values, so that tests sharing one database never meet each other's customers. */
public final class TestData {

    private static final AtomicInteger NEXT_CUSTOMER =
            new AtomicInteger(200_000 + ThreadLocalRandom.current().nextInt(0, 500_000));
    private static final AtomicInteger NEXT_SERIAL =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(0, 200_000));

    private TestData() {}

    public static String customerNumber() {
        return Integer.toString(NEXT_CUSTOMER.getAndIncrement());
    }

    /** A valid personnummer {@code ÅÅÅÅMMDDXXXX} nobody else in this JVM got. */
    public static String personnummer() {
        int n = NEXT_SERIAL.getAndIncrement();
        var date = LocalDate.of(1940, 1, 1).plusDays(n / 900);
        var serial = String.format("%03d", 100 + n % 900);
        var nine = String.format("%02d%02d%02d", date.getYear() % 100, date.getMonthValue(), date.getDayOfMonth())
                + serial;
        return date.getYear() / 100 + nine + checkDigit(nine);
    }

    /** A valid organisationsnummer in the 16 form {@code 16XXXXXXXXXX} nobody else in this JVM got. */
    public static String organisationsnummer() {
        int n = NEXT_SERIAL.getAndIncrement();
        var nine = "556" + String.format("%06d", n % 1_000_000);
        return "16" + nine + checkDigit(nine);
    }

    public static String email(String localPart) {
        return localPart + "." + NEXT_SERIAL.getAndIncrement() + "@example.se";
    }

    static int checkDigit(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            int d = (nineDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (10 - sum % 10) % 10;
    }
}
