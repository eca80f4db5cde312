package se.teknikivast.minasidor.localstack;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTML of the local web inbox: a list of mails, newest first, and one mail with its links clickable. */
final class InboxPages {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+");

    private InboxPages() {}

    static String list(List<Mail> mails) {
        var rows = new StringBuilder();
        mails.stream()
                .sorted((a, b) -> Integer.compare(b.number(), a.number()))
                .forEach(mail -> rows.append("<tr><td>")
                        .append(TIME.format(mail.receivedAt()))
                        .append("</td><td>")
                        .append(escape(mail.to()))
                        .append("</td><td><a href=\"/messages/")
                        .append(mail.number())
                        .append("\">")
                        .append(escape(mail.subject()))
                        .append("</a></td></tr>\n"));
        var body = mails.isEmpty()
                ? "<p>No mail yet. Mails sent to the local SMTP server (localhost:13025) show up here.</p>"
                : """
                <table>
                <thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead>
                <tbody>
                %s</tbody>
                </table>""".formatted(rows);
        return page(
                "Inbox (" + mails.size() + ")",
                "<h1>Local inbox</h1>\n<p><a href=\"/letters\">Letters in the print queue</a></p>\n" + body);
    }

    static String message(Mail mail) {
        var html = new StringBuilder();
        html.append("<p><a href=\"/\">&larr; Inbox</a> · <a href=\"/messages/")
                .append(mail.number())
                .append(".eml\">Download .eml</a></p>\n");
        html.append("<h1>").append(escape(mail.subject())).append("</h1>\n");
        html.append("<dl><dt>From</dt><dd>")
                .append(escape(mail.from()))
                .append("</dd><dt>To</dt><dd>")
                .append(escape(mail.to()))
                .append("</dd><dt>Received</dt><dd>")
                .append(TIME.format(mail.receivedAt()))
                .append("</dd></dl>\n");
        if (!mail.links().isEmpty()) {
            html.append("<h2>Links</h2>\n<ul class=\"links\">\n");
            for (var link : mail.links()) {
                html.append("<li>").append(anchor(link)).append("</li>\n");
            }
            html.append("</ul>\n");
        }
        if (mail.html() != null) {
            // The mail's own HTML in a sandbox: it cannot run script here, and a click opens the link at the top.
            var document = "<base target=\"_top\"><meta name=\"referrer\" content=\"no-referrer\">" + mail.html();
            html.append("<h2>HTML</h2>\n<iframe class=\"mail\" sandbox=\"allow-top-navigation-by-user-activation"
                            + " allow-popups allow-popups-to-escape-sandbox\" referrerpolicy=\"no-referrer\" srcdoc=\"")
                    .append(escape(document))
                    .append("\"></iframe>\n");
        }
        if (mail.text() != null) {
            html.append("<h2>Text</h2>\n<pre>").append(linkify(mail.text())).append("</pre>\n");
        }
        return page(mail.subject(), html.toString());
    }

    static String notFound() {
        return page("Not found", "<p><a href=\"/\">&larr; Inbox</a></p><h1>No such mail</h1>");
    }

    /** The text with each link made clickable and everything else escaped. */
    static String linkify(String text) {
        var out = new StringBuilder();
        Matcher matcher = LINK.matcher(text);
        int last = 0;
        while (matcher.find()) {
            out.append(escape(text.substring(last, matcher.start())));
            out.append(anchor(matcher.group()));
            last = matcher.end();
        }
        out.append(escape(text.substring(last)));
        return out.toString();
    }

    private static String anchor(String link) {
        var escaped = escape(link);
        return "<a href=\"" + escaped + "\" rel=\"noreferrer noopener\">" + escaped + "</a>";
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        var out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String page(String title, String body) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="referrer" content="no-referrer">
                <title>%s · Mina sidor local inbox</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d2b36; }
                table { border-collapse: collapse; width: 100%%; }
                th, td { text-align: left; padding: .4rem .8rem; border-bottom: 1px solid #dde3e8; }
                dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
                dt { font-weight: 600; } dd { margin: 0; }
                iframe.mail { width: 100%%; height: 28rem; border: 1px solid #dde3e8; }
                pre { white-space: pre-wrap; background: #f5f7f9; padding: 1rem; }
                ul.links { word-break: break-all; }
                </style>
                </head>
                <body>
                %s
                </body>
                </html>
                """.formatted(escape(title), body);
    }
}
