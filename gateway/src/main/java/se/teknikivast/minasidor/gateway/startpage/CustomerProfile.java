package se.teknikivast.minasidor.gateway.startpage;

/** What customer-service's {@code GET /api/customers/me} tells about the logged-in customer. */
record CustomerProfile(String customerNumber, String type, String name, String maskedEmail) {

    /** The message ({@code customer.type.*}) that names the customer's type in the page's language. */
    String typeMessageKey() {
        return switch (type == null ? "" : type) {
            case "PRIVATE_PERSON", "SOLE_TRADER", "COMPANY" -> "customer.type." + type;
            default -> "customer.type.OTHER";
        };
    }
}
