package se.teknikivast.minasidor.notification.letter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The folder a print house collects letters from. A letter is written beside its final name and then moved in, so a
 * collector never sees half a file; the name is the request id, so writing the same request again replaces the same
 * file instead of printing it twice.
 */
@Component
class PrintQueue {

    private final LetterProperties properties;

    PrintQueue(LetterProperties properties) {
        this.properties = properties;
    }

    void put(UUID requestId, byte[] pdf) {
        try {
            var folder = properties.printQueue();
            Files.createDirectories(folder);
            var target = folder.resolve(requestId + ".pdf");
            var partial = folder.resolve("." + requestId + ".pdf.part");
            Files.write(partial, pdf);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to the print queue", e);
        }
    }
}
