package se.teknikivast.minasidor.infrastructure.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server, run from the binaries in a Maven Central jar. Each service gets its own database, as it
 * would on a shared production cluster.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts on a free port with a throw-away data directory. */
    public static PostgresServer startEphemeral() {
        return start(0, null);
    }

    /**
     * Starts on {@code port} (0 for any free port), keeping its data in {@code dataDirectory} across restarts when
     * one is given.
     */
    public static PostgresServer start(int port, Path dataDirectory) {
        return start(port, dataDirectory, null);
    }

    /**
     * As {@link #start(int, Path)}, with the server's own output appended to {@code logFile} when one is given
     * (otherwise it goes to this JVM's log).
     */
    public static PostgresServer start(int port, Path dataDirectory, Path logFile) {
        try {
            var builder = EmbeddedPostgres.builder()
                    // The loopback interface only: the tests and the local stack connect from this machine.
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
            if (port > 0) {
                Ports.requireFree(port, "PostgreSQL");
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            if (logFile != null) {
                var redirect = ProcessBuilder.Redirect.appendTo(logFile.toFile());
                builder.setOutputRedirector(redirect).setErrorRedirector(redirect);
            }
            return new PostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:%d/%s".formatted(port(), database);
    }

    /** Creates {@code database} unless it exists, and returns its JDBC URL. */
    public String createDatabase(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (var connection = postgres.getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            try (var result = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                if (!result.next()) {
                    statement.execute("create database " + database);
                }
            }
            return jdbcUrl(database);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
