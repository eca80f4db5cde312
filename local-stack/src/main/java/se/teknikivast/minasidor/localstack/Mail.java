package se.teknikivast.minasidor.localstack;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A received e-mail, read once from its MIME form into what the inbox shows. */
record Mail(
        int number,
        Instant receivedAt,
        String from,
        String to,
        String subject,
        String text,
        String html,
        List<String> links,
        byte[] raw) {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+");

    Mail {
        links = List.copyOf(links);
    }

    static Mail of(int number, MimeMessage message, Instant receivedAt) {
        try {
            var bodies = new String[2];
            collectBodies(message, bodies);
            var raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            return new Mail(
                    number,
                    receivedAt,
                    addresses(message.getFrom()),
                    addresses(message.getAllRecipients()),
                    message.getSubject() == null ? "(no subject)" : message.getSubject(),
                    bodies[0],
                    bodies[1],
                    links(bodies[0], bodies[1]),
                    raw.toByteArray());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Could not read mail " + number, e);
        }
    }

    /** The links a person would click: from the HTML part (entity-decoded) and the text part, first seen first. */
    static List<String> links(String text, String html) {
        var found = new LinkedHashSet<String>();
        if (html != null) {
            var matcher = LINK.matcher(html.replace("&amp;", "&"));
            while (matcher.find()) {
                found.add(trimTrailingPunctuation(matcher.group()));
            }
        }
        if (text != null) {
            var matcher = LINK.matcher(text);
            while (matcher.find()) {
                found.add(trimTrailingPunctuation(matcher.group()));
            }
        }
        return new ArrayList<>(found);
    }

    private static String trimTrailingPunctuation(String link) {
        var end = link.length();
        while (end > 0 && ".,;:!?)".indexOf(link.charAt(end - 1)) >= 0) {
            end--;
        }
        return link.substring(0, end);
    }

    private static void collectBodies(Part part, String[] bodies) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && bodies[0] == null && !isAttachment(part)) {
            bodies[0] = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/html") && bodies[1] == null && !isAttachment(part)) {
            bodies[1] = String.valueOf(part.getContent());
        } else if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                collectBodies(multipart.getBodyPart(i), bodies);
            }
        }
    }

    private static boolean isAttachment(Part part) throws MessagingException {
        return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        return Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }
}
