package se.teknikivast.minasidor.customer.importing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Reads an import file into rows of named fields, each with the line it starts on: JSON lines (one object a line), or
 * CSV (RFC 4180 through Jackson's CSV parser: quoted cells may hold the delimiter, {@code ""} and line breaks; comma
 * or semicolon; an optional header row naming the columns, else {@link #DEFAULT_COLUMNS}). Column and property names
 * are compared without case. A byte order mark is skipped.
 */
final class ImportReader {

    static final List<String> DEFAULT_COLUMNS = List.of("customernumber", "type", "name", "identitynumber", "email");
    /** Optional columns (CSV: named in the header; JSON lines: properties) for the postal address. */
    static final List<String> POSTAL_COLUMNS = List.of("street", "postalcode", "city");

    /** How far ahead the format and the delimiter are looked for (the first non-blank line must start within it). */
    private static final int LOOK_AHEAD = 1 << 20;

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvReadFeature.WRAP_AS_ARRAY)
            .enable(CsvReadFeature.SKIP_EMPTY_LINES)
            .build();

    /** Where the rows go. */
    interface Rows {
        void row(int line, Map<String, @Nullable String> fields);

        void rejected(int line, String reason);
    }

    private final JsonMapper json;

    ImportReader(JsonMapper json) {
        this.json = json;
    }

    /** Reads all of {@code input}; {@code format} null means: tell from the first non-blank line. */
    void read(Reader input, @Nullable ImportFormat format, Rows rows) throws IOException {
        var in = new BufferedReader(input, 1 << 16);
        skipByteOrderMark(in);
        in.mark(LOOK_AHEAD);
        String first;
        int firstLine = 0;
        do {
            first = in.readLine();
            firstLine++;
        } while (first != null && first.isBlank());
        try {
            in.reset();
        } catch (IOException markLost) {
            // The first row does not start within the look-ahead: no format can be told, so nothing is read.
            rows.rejected(
                    firstLine,
                    "Raden börjar inte inom de första %d tecknen (eller är längre): importen avbröts."
                            .formatted(LOOK_AHEAD));
            return;
        }
        if (first == null) {
            return;
        }
        if (format == null) {
            format = ImportFormat.guess(first);
        }
        if (format == ImportFormat.JSON_LINES) {
            readJsonLines(in, rows);
        } else {
            readCsv(in, first.indexOf(';') >= 0 && first.indexOf(',') < 0 ? ';' : ',', rows);
        }
    }

    private void readJsonLines(BufferedReader in, Rows rows) throws IOException {
        String line;
        int lineNumber = 0;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                rows.row(lineNumber, jsonFields(line));
            } catch (RowRejected e) {
                rows.rejected(lineNumber, e.getMessage());
            }
        }
    }

    private void readCsv(BufferedReader in, char delimiter, Rows rows) {
        var schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
        try (MappingIterator<List<String>> records =
                CSV.readerForListOf(String.class).with(schema).readValues(in)) {
            List<String> columns = null;
            while (true) {
                int line = records.currentLocation().getLineNr();
                List<String> cells;
                try {
                    if (!records.hasNextValue()) {
                        return;
                    }
                    cells = records.nextValue();
                } catch (JacksonException e) {
                    // Only an unclosed quote gets here; it took the rest of the file with it.
                    rows.rejected(line, "Raden har ett citattecken som inte avslutas.");
                    return;
                }
                if (columns == null) {
                    if (!cells.isEmpty() && normalise(cells.getFirst()).equals("customernumber")) {
                        columns = cells.stream().map(ImportReader::normalise).toList();
                        continue;
                    }
                    columns = DEFAULT_COLUMNS;
                }
                if (cells.size() != columns.size()) {
                    rows.rejected(
                            line,
                            "Raden har " + cells.size() + " kolumner men ska ha " + columns.size() + " (" + columns
                                    + ").");
                    continue;
                }
                var fields = new HashMap<String, @Nullable String>();
                for (int i = 0; i < cells.size(); i++) {
                    var cell = cells.get(i).strip();
                    fields.put(columns.get(i), cell.isEmpty() ? null : cell);
                }
                rows.row(line, fields);
            }
        }
    }

    private Map<String, @Nullable String> jsonFields(String line) {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JacksonException e) {
            throw new RowRejected("Raden är inte giltig JSON.");
        }
        if (node == null || !node.isObject()) {
            throw new RowRejected("Raden ska vara ett JSON-objekt.");
        }
        var fields = new HashMap<String, @Nullable String>();
        for (var name : DEFAULT_COLUMNS) {
            fields.put(name, null);
        }
        for (var name : POSTAL_COLUMNS) {
            fields.put(name, null);
        }
        for (var property : node.properties()) {
            var value = property.getValue();
            fields.put(normalise(property.getKey()), value == null || value.isNull() ? null : value.asString());
        }
        return fields;
    }

    private static void skipByteOrderMark(BufferedReader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') {
            in.reset();
        }
    }

    private static String normalise(String columnName) {
        return columnName.strip().replace("\"", "").toLowerCase(Locale.ROOT);
    }

    /** A row that cannot be imported; the message is the reason reported with its line number. */
    static final class RowRejected extends RuntimeException {
        RowRejected(String reason) {
            super(reason);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
