package se.teknikivast.minasidor.customer.importing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "import")
class ImportController {

    private final CustomerImport customerImport;

    ImportController(CustomerImport customerImport) {
        this.customerImport = customerImport;
    }

    /** Streams the body, so a file of 100,000 customers is never held in memory as a whole. */
    @PostMapping(
            path = "/internal/customers/import",
            consumes = {
                ImportFormat.NDJSON,
                ImportFormat.JSONL,
                ImportFormat.TEXT_CSV,
                MediaType.APPLICATION_JSON_VALUE,
                "application/csv",
                MediaType.TEXT_PLAIN_VALUE
            })
    @Operation(
            summary = "Idempotent bulk import of customers, JSON lines or CSV (scope customers.admin)",
            description = "JSON lines: {\"customerNumber\",\"type\",\"name\",\"identityNumber\",\"email\"} per line."
                    + " CSV: an optional header, else the columns customerNumber,type,name,identityNumber,email."
                    + " Bad rows are reported with their line numbers and do not stop the good ones.")
    ImportResult importCustomers(HttpServletRequest request) throws IOException {
        var contentType = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        var charset = contentType != null && contentType.getCharset() != null
                ? contentType.getCharset()
                : StandardCharsets.UTF_8;
        try (var reader = new InputStreamReader(request.getInputStream(), charset)) {
            return customerImport.importFrom(reader, ImportFormat.of(contentType));
        }
    }
}
