package se.teknikivast.minasidor.identity;

/** An e-mail address was refused; {@link #reason()} says why, {@link #getMessage()} says it in Swedish. */
public final class InvalidEmailAddressException extends InvalidValueException {

    /** Why an e-mail address was refused, each with the Swedish text shown to the user. */
    public enum Reason {
        EMPTY("Ange en e-postadress."),
        TOO_LONG("E-postadressen är för lång: den får ha högst " + EmailAddress.MAX_LENGTH + " tecken."),
        CONTROL_CHARACTERS("E-postadressen innehåller otillåtna tecken (till exempel radbrytningar eller tabbar)."),
        WHITESPACE("E-postadressen får inte innehålla mellanslag."),
        MISSING_AT("E-postadressen saknar @, till exempel namn@example.se."),
        MULTIPLE_AT("E-postadressen får bara innehålla ett @."),
        LOCAL_PART_EMPTY("Det saknas ett namn före @, till exempel namn@example.se."),
        LOCAL_PART_TOO_LONG("Delen före @ får ha högst " + EmailAddress.MAX_LOCAL_PART_LENGTH + " tecken."),
        LOCAL_PART_INVALID("Delen före @ innehåller otillåtna tecken eller punkter på fel ställe."),
        DOMAIN_EMPTY("Det saknas en domän efter @, till exempel namn@example.se."),
        DOMAIN_WITHOUT_DOT("Domänen efter @ ska innehålla en punkt, till exempel example.se."),
        DOMAIN_INVALID("Domänen efter @ är inte giltig. Kontrollera stavningen, till exempel example.se.");

        private final String swedishMessage;

        Reason(String swedishMessage) {
            this.swedishMessage = swedishMessage;
        }

        public String swedishMessage() {
            return swedishMessage;
        }
    }

    private final Reason reason;

    public InvalidEmailAddressException(Reason reason) {
        super(reason.swedishMessage());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String code() {
        return "invalid-email";
    }

    @Override
    public String reasonCode() {
        return reason.name();
    }
}
