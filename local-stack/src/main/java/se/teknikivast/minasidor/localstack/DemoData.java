package se.teknikivast.minasidor.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.regex.Pattern;

/** The demo logins, read from the same files the services import, so what is printed is what works. */
final class DemoData {

    record Login(String customerNumber, String name, String identityNumber, String password) {}

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DemoData() {}

    static List<Login> passwordLogins(Path demoDirectory) {
        var names = new HashMap<String, String>();
        var identities = new HashMap<String, String>();
        for (var line : lines(demoDirectory.resolve("customers.jsonl"))) {
            var fields = fields(line);
            names.put(fields.get("customerNumber"), fields.get("name"));
            identities.put(fields.get("customerNumber"), fields.get("identityNumber"));
        }
        var logins = new ArrayList<Login>();
        for (var line : lines(demoDirectory.resolve("credentials.jsonl"))) {
            var fields = fields(line);
            var number = fields.get("customerNumber");
            logins.add(new Login(number, names.get(number), identities.get(number), fields.get("password")));
        }
        return logins;
    }

    /** The simulator's BankID personas (docs/demo-data.md): personal number, name, what the login shows. */
    static List<String[]> bankIdPersonas() {
        return List.of(
                new String[] {"19121212-1212", "Tolvan Tolvansson", "one account, straight to Mina sidor"},
                new String[] {"19800101-2387", "Anna Andersson", "a sole trader's account"},
                new String[] {"19850505-2467", "Lisa Lindqvist", "two accounts, choose one"},
                new String[] {"19660606-4589", "Nils Nilsson", "no customer account"});
    }

    static HashMap<String, String> fields(String jsonLine) {
        var fields = new HashMap<String, String>();
        var matcher = FIELD.matcher(jsonLine);
        while (matcher.find()) {
            fields.put(matcher.group(1), matcher.group(2));
        }
        return fields;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
