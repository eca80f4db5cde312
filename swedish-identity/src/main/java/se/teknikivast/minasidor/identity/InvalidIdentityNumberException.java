package se.teknikivast.minasidor.identity;

/** An identity number was refused; {@link #reason()} says why, {@link #getMessage()} says it in Swedish. */
public final class InvalidIdentityNumberException extends InvalidValueException {

    /** Why an identity number was refused, each with the Swedish text shown to the user. */
    public enum Reason {
        EMPTY("Ange ett personnummer, samordningsnummer eller organisationsnummer."),
        INVALID_CHARACTERS("Numret får bara innehålla siffror och ett bindestreck (-) eller plustecken (+)."),
        WRONG_LENGTH("Numret ska ha 10 eller 12 siffror, till exempel ÅÅÅÅMMDD-XXXX eller 16XXXXXX-XXXX."),
        MISPLACED_SEPARATOR("Bindestrecket eller plustecknet ska stå före de fyra sista siffrorna, till exempel"
                + " ÅÅÅÅMMDD-XXXX."),
        PLUS_NOT_ALLOWED("Plustecken används bara i personnummer med tvåsiffrigt årtal för den som fyllt 100 år"
                + " (ÅÅMMDD+XXXX)."),
        UNKNOWN_CENTURY("Årtalet i numret är inte giltigt. Skriv personnumret som ÅÅÅÅMMDD-XXXX."),
        NOT_AN_ORGANISATION_NUMBER("Numret börjar med 16 men är inget organisationsnummer: i ett organisationsnummer"
                + " är tredje siffran 2 eller högre (16XXXXXX-XXXX)."),
        INVALID_DATE("Datumet i numret finns inte. Kontrollera år, månad och dag (ÅÅÅÅMMDD-XXXX)."),
        DATE_IN_FUTURE("Datumet i numret ligger i framtiden. Kontrollera årtalet (ÅÅÅÅMMDD-XXXX)."),
        CHECK_DIGIT("Kontrollsiffran (den sista siffran) stämmer inte. Kontrollera att du har skrivit rätt.");

        private final String swedishMessage;

        Reason(String swedishMessage) {
            this.swedishMessage = swedishMessage;
        }

        public String swedishMessage() {
            return swedishMessage;
        }
    }

    private final Reason reason;

    public InvalidIdentityNumberException(Reason reason) {
        super(reason.swedishMessage());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String code() {
        return "invalid-identity-number";
    }

    @Override
    public String reasonCode() {
        return reason.name();
    }
}
