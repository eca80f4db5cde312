package se.teknikivast.minasidor.bankid.web;

/** Bad input with a reason the caller can act on (Swedish, like every problem detail). */
final class InvalidRequestException extends RuntimeException {

    InvalidRequestException(String reason) {
        super(reason);
    }
}
