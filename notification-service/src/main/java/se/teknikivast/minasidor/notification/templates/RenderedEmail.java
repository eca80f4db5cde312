package se.teknikivast.minasidor.notification.templates;

/** A mail ready to send: a subject and the same message as plain text and as HTML. */
public record RenderedEmail(String subject, String text, String html) {}
