package se.teknikivast.minasidor.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** The local stack's web inbox (http://localhost:13080) read with plain HTTP: mails, newest first, and their links. */
public final class Inbox {

    private static final Pattern ROW =
            Pattern.compile("<tr><td>[^<]*</td><td>([^<]*)</td><td><a href=\"/messages/(\\d+)\">([^<]*)</a></td></tr>");
    private static final Pattern LINK = Pattern.compile("<li><a href=\"([^\"]+)\"");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public record Mail(int number, String to, String subject) {}

    private Inbox() {}

    public static List<Mail> mails() {
        var mails = new ArrayList<Mail>();
        var rows = ROW.matcher(get("/"));
        while (rows.find()) {
            mails.add(new Mail(Integer.parseInt(rows.group(2)), unescape(rows.group(1)), unescape(rows.group(3))));
        }
        return mails;
    }

    /** The number of the newest mail so far (0 when there is none), to wait for mail after it. */
    public static int newest() {
        return mails().stream().mapToInt(Mail::number).max().orElse(0);
    }

    /** Waits for a mail after {@code after} to {@code to} whose subject contains {@code subject}. */
    static Mail await(int after, String to, String subject) {
        return Awaitility.await("a mail to " + to + " about \"" + subject + "\"")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> find(after, to, subject), found -> found != null);
    }

    static List<Mail> since(int after, String to) {
        return mails().stream()
                .filter(m -> m.number() > after && m.to().equalsIgnoreCase(to))
                .toList();
    }

    /** The links of a mail, as the inbox lists them. */
    static List<String> links(Mail mail) {
        var links = new ArrayList<String>();
        var found = LINK.matcher(get("/messages/" + mail.number()));
        while (found.find()) {
            links.add(unescape(found.group(1)));
        }
        return links;
    }

    /** The whole page of one mail (headers, text part), for checks of what it says. */
    static String text(Mail mail) {
        return get("/messages/" + mail.number());
    }

    private static Mail find(int after, String to, String subject) {
        return mails().stream()
                .filter(m -> m.number() > after
                        && m.to().equalsIgnoreCase(to)
                        && m.subject().contains(subject))
                .findFirst()
                .orElse(null);
    }

    private static String get(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(RunningSystem.INBOX + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
