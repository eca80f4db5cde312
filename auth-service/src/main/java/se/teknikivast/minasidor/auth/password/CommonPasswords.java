package se.teknikivast.minasidor.auth.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The shipped blocklist of common passwords ({@code passwords/common-passwords.txt}: zxcvbn's list of the 30,000 most
 * common passwords, MIT licence, see {@code passwords/LICENSE-zxcvbn.txt}). Compared case-insensitively.
 */
@Component
public class CommonPasswords {

    static final String RESOURCE = "passwords/common-passwords.txt";

    private final Set<String> passwords;

    CommonPasswords() {
        var loaded = new HashSet<String>(40_000);
        try (var reader = new BufferedReader(
                new InputStreamReader(new ClassPathResource(RESOURCE).getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    loaded.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the password blocklist " + RESOURCE, e);
        }
        this.passwords = Set.copyOf(loaded);
    }

    public int size() {
        return passwords.size();
    }

    public boolean contains(String password) {
        return passwords.contains(password.toLowerCase(Locale.ROOT));
    }
}
