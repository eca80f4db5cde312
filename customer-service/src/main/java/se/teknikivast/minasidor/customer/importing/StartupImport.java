package se.teknikivast.minasidor.customer.importing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Imports {@code minasidor.customers.import-on-startup} through the same idempotent import as the operations API. */
@Component
class StartupImport implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupImport.class);

    private final CustomerImport customerImport;
    private final ImportProperties properties;

    StartupImport(CustomerImport customerImport, ImportProperties properties) {
        this.customerImport = customerImport;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        var file = properties.importOnStartup();
        if (file == null || file.isBlank()) {
            return;
        }
        var path = Path.of(file.strip());
        if (!Files.isReadable(path)) {
            // A wrong path is a configuration mistake worth failing for: the service would run without its customers.
            throw new IllegalStateException("minasidor.customers.import-on-startup: cannot read " + path);
        }
        var format = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                ? ImportFormat.CSV
                : ImportFormat.JSON_LINES;
        try (var reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            var result = customerImport.importFrom(reader, format);
            log.info(
                    "Imported {}: {} imported, {} unchanged, {} rejected",
                    path.getFileName(),
                    result.imported(),
                    result.unchanged(),
                    result.rejected().size());
            // Line numbers and reasons only: the reasons never repeat the rejected values.
            result.rejected()
                    .forEach(r -> log.warn("{} line {} rejected: {}", path.getFileName(), r.line(), r.reason()));
        }
    }
}
