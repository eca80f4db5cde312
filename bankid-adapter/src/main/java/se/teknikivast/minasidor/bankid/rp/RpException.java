package se.teknikivast.minasidor.bankid.rp;

/** A failed RP API call. {@code details} is BankID's free text: for logs, never for customers. */
public final class RpException extends RuntimeException {

    private final RpError error;
    private final String errorCode;
    private final int httpStatus;

    public RpException(RpError error, String errorCode, int httpStatus, String details, Throwable cause) {
        super(
                "BankID RP API: " + (errorCode != null ? errorCode : error.name()) + " (HTTP " + httpStatus + ")"
                        + (details != null && !details.isBlank() ? ": " + details : ""),
                cause);
        this.error = error;
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    public RpError error() {
        return error;
    }

    /** The errorCode exactly as BankID sent it (also for codes unknown to this adapter), or null. */
    public String errorCode() {
        return errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
