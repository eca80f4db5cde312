package se.teknikivast.minasidor.bankid.message;

/** One of BankID's recommended user messages, in Swedish and English. */
public record RfaMessage(String id, String sv, String en) {}
