package se.teknikivast.minasidor.gateway.startpage;

/** What customer-service's {@code GET /api/customers/me} tells about the logged-in customer. */
record CustomerProfile(String customerNumber, String type, String name, String maskedEmail) {

    String typeInSwedish() {
        return switch (type == null ? "" : type) {
            case "PRIVATE_PERSON" -> "Privatperson";
            case "SOLE_TRADER" -> "Enskild firma";
            case "COMPANY" -> "Företag";
            default -> "Kund";
        };
    }
}
