package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bad-input corpus (issue 18): every internal API operation, from the service's own OpenAPI document, and every
 * public form, from the pages themselves, gets values no one should send (HostileInput: injections, controls, bidi,
 * NUL, huge, wrong types, broken JSON, wrong content types), and the protocol's edges get malformed requests. Each
 * answer must be an answer (no 5xx, no dropped connection) without a stack trace or framework page, and no service may
 * log an ERROR for a client's mistake. New operations and form fields are covered without writing a case.
 *
 * <p>Runs after the other system tests and before the log scan (so the scan reads what the corpus caused too).
 * {@code -Dcorpus.generated=N} sends N generated values per field on top of the known ones (default 12);
 * {@code -Dcorpus.seed} repeats a run's values.
 */
@Order(Integer.MAX_VALUE - 1)
@ExtendWith(RunningSystem.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusIntegrationTests {

    private static final long SEED = Long.getLong("corpus.seed", 20261206L);
    private static final int GENERATED = Integer.getInteger("corpus.generated", 12);

    /** Internal APIs: base URL, and the demo clients whose tokens may call them (the first one that is let in). */
    private static final Map<String, String> APIS = Map.of(
            "customer-service", "http://localhost:8081",
            "bankid-adapter", "http://localhost:8082",
            "notification-service", "http://localhost:8083");

    /** What must never reach a client: a stack trace, an exception's name, a framework's own error page. */
    private static final Pattern LEAK = Pattern.compile(
            "Exception\\b|\\tat |\\bat (java|javax|jakarta|org|se|tools|io|reactor)\\.[a-z]|Whitelabel|Caused by:"
                    + "|SQLState|PSQLException|java\\.lang\\.|springframework");

    private static final List<String> SERVICES =
            List.of("gateway", "customer-service", "bankid-adapter", "notification-service", "auth-service");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Map<Path, Long> logStart = new LinkedHashMap<>();
    private static final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private static final Map<String, AtomicInteger> answers = Collections.synchronizedMap(new TreeMap<>());
    private static final AtomicInteger sent = new AtomicInteger();

    private final HostileInput hostile = new HostileInput(SEED, 2_000);

    @BeforeAll
    static void markWhereTheLogsStandNow() throws IOException {
        var logs = RunningSystem.repositoryRoot().resolve(".local-stack/logs");
        for (var service : SERVICES) {
            var log = logs.resolve(service + ".log");
            logStart.put(log, Files.exists(log) ? Files.size(log) : 0L);
        }
    }

    @AfterAll
    static void printTotals() {
        System.out.printf(
                "Bad-input corpus (seed %d, %d generated per field): %d requests, answers %s, %d not clean%n",
                SEED, GENERATED, sent.get(), answers, failures.size());
    }

    @Test
    @Order(1)
    void every_internal_operation_answers_bad_input_without_a_5xx() throws Exception {
        var tokens = Map.of(
                "customer-service",
                List.of(
                        DemoClient.AUTH_SERVICE.token("customers.read customers.register"),
                        DemoClient.KUNDSERVICE.token("customers.read customers.admin")),
                "bankid-adapter",
                List.of(DemoClient.AUTH_SERVICE.token("bankid")),
                "notification-service",
                List.of(DemoClient.DRIFT.token("notifications.admin")));
        int operations = 0;
        for (var api : APIS.entrySet()) {
            var document = get(api.getValue() + "/v3/api-docs", null);
            assertThat(document.statusCode()).as(api.getKey() + " /v3/api-docs").isEqualTo(200);
            var spec = JSON.readTree(document.body());
            for (var path : spec.get("paths").properties()) {
                for (var operation : path.getValue().properties()) {
                    operations++;
                    var method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                    var token = admitted(api.getValue(), method, path.getKey(), tokens.get(api.getKey()));
                    attack(api.getKey(), api.getValue(), method, path.getKey(), operation.getValue(), spec, token);
                }
            }
        }
        assertThat(operations).as("operations in the three OpenAPI documents").isGreaterThanOrEqualTo(15);
        assertThat(failures).as("internal API answers that were not clean").isEmpty();
    }

    @Test
    @Order(2)
    void every_public_form_answers_bad_input_without_a_5xx() {
        // The pages a visitor reaches, with their forms; registration's step 2 after a real step 1.
        var pages = List.of("/auth/login?flik=anvandarnamn", "/auth/login?flik=bankid", "/auth/registrering");
        int fields = 0;
        for (var page : pages) {
            fields += attackForms(page, null);
        }
        fields += attackForms("/auth/registrering/uppgifter", "100006");
        // What the login page's script posts (JSON), straight at the endpoints.
        for (var path :
                List.of("/auth/bankid/start", "/auth/bankid/status", "/auth/bankid/qr", "/auth/bankid/cancel")) {
            var visitor = FormClient.via(randomAddress());
            visitor.get("/auth/login?flik=bankid");
            hostile.values(GENERATED).forEach(value -> {
                var body = "{\"orderRef\":" + jsonString(value) + ",\"sameDevice\":" + jsonString(value) + "}";
                check("POST " + path + " json " + HostileInput.shown(value), visitor.postRaw(path, body), value);
            });
        }
        assertThat(fields).as("form fields found on the public pages").isGreaterThanOrEqualTo(5);
        assertThat(failures).as("public form answers that were not clean").isEmpty();
    }

    @Test
    @Order(3)
    void malformed_requests_at_the_public_origin_get_a_4xx() throws IOException {
        var cases = new LinkedHashMap<String, byte[]>();
        cases.put("bad percent escape", raw("GET /auth/login?flik=%zz HTTP/1.1", List.of()));
        cases.put("invalid UTF-8 in the query", raw("GET /auth/login?flik=%C0%AF%FF HTTP/1.1", List.of()));
        cases.put("NUL in the path", raw("GET /auth/%00/login HTTP/1.1", List.of()));
        cases.put("traversal", raw("GET /auth/..%2F..%2Factuator/env HTTP/1.1", List.of()));
        cases.put("a 20 KB URL", raw("GET /auth/login?flik=" + "a".repeat(20_000) + " HTTP/1.1", List.of()));
        cases.put(
                "a parameter 1,000 times",
                raw("GET /auth/login?" + "flik=bankid&".repeat(1_000) + " HTTP/1.1", List.of()));
        var many = new ArrayList<String>();
        for (int i = 0; i < 300; i++) {
            many.add("X-Corpus-" + i + ": " + i);
        }
        cases.put("300 headers", raw("GET / HTTP/1.1", many));
        cases.put("a 70 KB header", raw("GET / HTTP/1.1", List.of("X-Corpus: " + "a".repeat(70_000))));
        cases.put("500 cookies", raw("GET / HTTP/1.1", List.of("Cookie: " + "c=1; ".repeat(500))));
        cases.put(
                "a forged session cookie",
                raw("GET /mina-sidor/ HTTP/1.1", List.of("Cookie: __Host-MINASIDOR_SESSION=%%%'\";--")));
        cases.put(
                "a bearer token that is not one",
                raw("GET /api/customers/me HTTP/1.1", List.of("Authorization: Bearer eyJhbGciOiJub25lIn0.e30.")));
        cases.put("a foreign Host", raw("GET / HTTP/1.1", List.of(), "evil.example"));
        cases.put("an unknown method", raw("BREW /auth/login HTTP/1.1", List.of()));
        cases.put("HTTP/0.9 style", "GET /\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        var form = "_csrf=x&username=".getBytes(StandardCharsets.ISO_8859_1);
        var invalidUtf8 = new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, 0x00};
        cases.put(
                "a form body of invalid UTF-8",
                post("/auth/login", "application/x-www-form-urlencoded", concat(form, invalidUtf8)));
        cases.put(
                "JSON where a form belongs",
                post("/auth/login", "application/json", "{\"username\":[1,2]}".getBytes(StandardCharsets.UTF_8)));
        // A client that promises a body and hangs up: nobody to answer, but no 500 and no ERROR either (test 4).
        for (var path : List.of("/auth/login", "/auth/registrering", "/api/customers/me")) {
            abandon(raw(
                    "POST " + path + " HTTP/1.1",
                    List.of("Content-Type: application/x-www-form-urlencoded", "Content-Length: 100000")));
        }
        for (var edge : cases.entrySet()) {
            var status = sendRaw(edge.getValue());
            record(status);
            if (status == 0 || status >= 500) {
                failures.add("%s → %s".formatted(edge.getKey(), status == 0 ? "no answer" : status));
            }
        }
        assertThat(failures).as("malformed requests that got no clean answer").isEmpty();
    }

    @Test
    @Order(4)
    void no_service_logged_an_error_for_a_clients_mistake() throws IOException {
        var errors = new ArrayList<String>();
        for (var log : logStart.entrySet()) {
            if (!Files.exists(log.getKey())) {
                continue;
            }
            var bytes = Files.readAllBytes(log.getKey());
            var added = new String(
                    bytes,
                    (int) Math.min(log.getValue(), bytes.length),
                    (int) Math.max(0, bytes.length - log.getValue()),
                    StandardCharsets.UTF_8);
            for (var line : added.split("\n")) {
                if (line.contains("\"level\":\"ERROR\"") || line.matches("^\\S+ +ERROR .*")) {
                    errors.add(log.getKey().getFileName() + ": " + line.substring(0, Math.min(400, line.length())));
                }
            }
        }
        assertThat(errors).as("ERROR lines logged while the corpus ran").isEmpty();
    }

    // The internal APIs.

    private void attack(
            String service, String base, String method, String pathTemplate, JsonNode op, JsonNode spec, String token) {
        var name = service + " " + method + " " + pathTemplate;
        var pathParams = new ArrayList<String>();
        var queryParams = new ArrayList<String>();
        if (op.has("parameters")) {
            for (var parameter : op.get("parameters")) {
                var in = parameter.get("in").asString();
                if ("path".equals(in)) pathParams.add(parameter.get("name").asString());
                if ("query".equals(in)) queryParams.add(parameter.get("name").asString());
            }
        }
        var benignPath = pathTemplate;
        for (var parameter : pathParams) {
            benignPath = benignPath.replace("{" + parameter + "}", "100001");
        }
        var schema = requestSchema(op, spec);
        var benignBody = schema == null ? null : benign(schema, spec);
        // Path parameters.
        for (var parameter : pathParams) {
            for (var value : hostile.values(GENERATED).toList()) {
                var path = benignPath.replace(
                        "100001", HostileInput.encoded(value).isEmpty() ? "%20" : HostileInput.encoded(value));
                if (pathParams.size() > 1) {
                    path = pathTemplate.replace("{" + parameter + "}", HostileInput.encoded(value));
                }
                send(
                        name + " " + parameter + "=" + HostileInput.shown(value),
                        value,
                        method,
                        base + path,
                        token,
                        "application/json",
                        benignBody == null ? null : benignBody.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        // Query parameters.
        for (var parameter : queryParams) {
            for (var value : hostile.values(GENERATED).toList()) {
                send(
                        name + " ?" + parameter + "=" + HostileInput.shown(value),
                        value,
                        method,
                        base + benignPath + "?" + parameter + "=" + HostileInput.encoded(value),
                        token,
                        null,
                        null);
            }
            send(
                    name + " ?" + parameter + " ×200",
                    method,
                    base + benignPath + "?" + (parameter + "=1&").repeat(200),
                    token,
                    null,
                    null);
        }
        if (!"POST".equals(method) && !"PUT".equals(method)) {
            return;
        }
        var url = base + benignPath;
        // Each field of the body: a bad value, then a value of the wrong type.
        if (benignBody != null) {
            for (var field : benignBody.propertyNames()) {
                for (var value : hostile.values(GENERATED).toList()) {
                    var body = (tools.jackson.databind.node.ObjectNode) benignBody.deepCopy();
                    body.put(field, value);
                    send(
                            name + " ." + field + "=" + HostileInput.shown(value),
                            value,
                            method,
                            url,
                            token,
                            "application/json",
                            body.toString().getBytes(StandardCharsets.UTF_8));
                }
                for (var wrong : List.of("123", "true", "[]", "{}", "null", "[\"a\",{\"b\":[]}]", "-0.0e-999")) {
                    var body = benignBody
                            .toString()
                            .replaceFirst(
                                    "\"" + Pattern.quote(field) + "\":(\"[^\"]*\"|true|false|\\d+)",
                                    "\"" + field + "\":" + wrong);
                    send(
                            name + " ." + field + " as " + wrong,
                            method,
                            url,
                            token,
                            "application/json",
                            body.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        // The body as a whole.
        var whole = new LinkedHashMap<String, byte[]>();
        for (var text : List.of("", "null", "[]", "\"text\"", "{", "{\"a\":", "}{", "{}", "{\"a\":1}{\"b\":2}")) {
            whole.put(text.isEmpty() ? "(empty)" : text, text.getBytes(StandardCharsets.UTF_8));
        }
        whole.put("nesting 100,000 deep", ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        whole.put("a 3 MB string", ("{\"x\":\"" + "a".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        whole.put("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, (byte) 0xFF, '"', '}'});
        whole.put("a raw NUL", "{\"a\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8));
        if (benignBody != null) {
            var duplicated = new StringBuilder("{");
            for (var field : benignBody.propertyNames()) {
                duplicated
                        .append("\"")
                        .append(field)
                        .append("\":\"a\",\"")
                        .append(field)
                        .append("\":\"b\",");
            }
            duplicated.setCharAt(duplicated.length() - 1, '}');
            whole.put("duplicated keys", duplicated.toString().getBytes(StandardCharsets.UTF_8));
        }
        for (var body : whole.entrySet()) {
            send(
                    name + " body " + HostileInput.shown(body.getKey()),
                    method,
                    url,
                    token,
                    "application/json",
                    body.getValue());
        }
        var sample = benignBody == null ? "a;b;c\n1;2;3" : benignBody.toString();
        for (var type : List.of(
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "text/csv",
                "multipart/form-data; boundary=x",
                "application/json; charset=ebcdic",
                "*/*",
                "")) {
            send(
                    name + " as " + (type.isEmpty() ? "(no type)" : type),
                    method,
                    url,
                    token,
                    type,
                    sample.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The first token the operation does not refuse as unauthorised or forbidden (so the input is what is tested). */
    private static String admitted(String base, String method, String path, List<String> tokens) throws Exception {
        var url = base + path.replaceAll("\\{[^}]+}", "100001");
        for (var token : tokens) {
            var response = HTTP.send(
                    request(url, token)
                            .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 401 && response.statusCode() != 403) {
                return token;
            }
        }
        return tokens.getFirst();
    }

    private static JsonNode requestSchema(JsonNode op, JsonNode spec) {
        var schema = op.at("/requestBody/content/application~1json/schema");
        return schema.isMissingNode() ? null : resolve(schema, spec);
    }

    private static JsonNode resolve(JsonNode schema, JsonNode spec) {
        if (schema.has("$ref")) {
            return spec.at(schema.get("$ref").asString().substring(1));
        }
        return schema;
    }

    /** A body of the schema's shape with plain values, so one field at a time can be made bad. */
    private static tools.jackson.databind.node.ObjectNode benign(JsonNode schema, JsonNode spec) {
        var body = JSON.createObjectNode();
        if (!schema.has("properties")) {
            return body;
        }
        for (var property : schema.get("properties").properties()) {
            var type = resolve(property.getValue(), spec);
            var kind = type.has("type") ? type.get("type").asString() : "object";
            switch (kind) {
                case "boolean" -> body.put(property.getKey(), true);
                case "integer", "number" -> body.put(property.getKey(), 1);
                case "string" ->
                    body.put(
                            property.getKey(),
                            type.has("pattern")
                                    ? type.get("pattern")
                                            .asString()
                                            .split("\\|")[0]
                                            .replaceAll("[^A-Za-z0-9]", "")
                                    : "a");
                default -> body.putObject(property.getKey());
            }
        }
        return body;
    }

    private static void send(String what, String method, String url, String token, String type, byte[] body) {
        send(what, null, method, url, token, type, body);
    }

    private static void send(
            String what, String sent, String method, String url, String token, String type, byte[] body) {
        try {
            var builder = request(url, token);
            if (type != null && !type.isEmpty()) {
                builder.header("Content-Type", type);
            }
            builder.method(
                    method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            check(what, HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString()), sent);
        } catch (IOException e) {
            record(0);
            failures.add(what + " → no answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder request(String url, String token) {
        var builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        return HTTP.send(request(url, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void check(String what, HttpResponse<String> response) {
        check(what, response, null);
    }

    /** As above; what the client sent ({@code sent}) may come back, e.g. in a problem's {@code instance}. */
    private static void check(String what, HttpResponse<String> response, String sent) {
        record(response.statusCode());
        if (response.statusCode() >= 500) {
            failures.add("%s → %d %s".formatted(what, response.statusCode(), HostileInput.shown(response.body())));
        } else {
            var body = response.body();
            if (sent != null && !sent.isEmpty()) {
                body = body.replace(sent, "")
                        .replace(HostileInput.encoded(sent), "")
                        .replace(htmlEscaped(sent), "");
            }
            var leak = LEAK.matcher(body);
            if (leak.find()) {
                failures.add("%s → %d shows '%s'".formatted(what, response.statusCode(), leak.group()));
            }
        }
    }

    private static String htmlEscaped(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static void record(int status) {
        sent.incrementAndGet();
        answers.computeIfAbsent(status == 0 ? "none" : (status / 100) + "xx", key -> new AtomicInteger())
                .incrementAndGet();
    }

    // The public forms.

    /** Posts bad values into every field of every form on the page; returns how many fields it found. */
    private int attackForms(String page, String registrationCustomer) {
        var fields = formFields(page, registrationCustomer, FormClient.throughGateway());
        for (var form : fields.entrySet()) {
            for (var field : form.getValue()) {
                var values = hostile.values(GENERATED).toList();
                // A few through the gateway itself (its rate limits allow about twenty posts a minute per address and
                // form), each as a new visitor; the rest as the gateway forwards them, one visitor from an address of
                // its own, who stays on the page (a refused post leaves the form where it was).
                FormClient forwarded = null;
                for (int i = 0; i < values.size(); i++) {
                    FormClient visitor;
                    if (i < 4) {
                        visitor = FormClient.throughGateway();
                        formFields(page, registrationCustomer, visitor);
                    } else {
                        if (forwarded == null) {
                            forwarded = FormClient.via(randomAddress());
                            formFields(page, registrationCustomer, forwarded);
                        }
                        visitor = forwarded;
                    }
                    var post = new LinkedHashMap<String, String>();
                    for (var other : form.getValue()) {
                        post.put(other, "a");
                    }
                    post.put(field, values.get(i));
                    check(
                            "POST " + form.getKey() + " " + field + "=" + HostileInput.shown(values.get(i)),
                            visitor.post(form.getKey(), post),
                            values.get(i));
                }
            }
        }
        return fields.values().stream().mapToInt(List::size).sum();
    }

    private static final Pattern FORM =
            Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]+)\"[^>]*>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern FIELD =
            Pattern.compile("<(?:input|select|textarea)\\b[^>]*\\bname=\"([^\"]+)\"", Pattern.DOTALL);

    /** Opens the page as {@code visitor} (after registration's step 1 when asked) and reads its forms' fields. */
    private static Map<String, List<String>> formFields(String page, String registrationCustomer, FormClient visitor) {
        if (registrationCustomer != null) {
            visitor.get("/auth/registrering");
            visitor.post("/auth/registrering", Map.of("customerNumber", registrationCustomer));
        }
        var html = visitor.open(page).body();
        var forms = new LinkedHashMap<String, List<String>>();
        var form = FORM.matcher(html);
        while (form.find()) {
            var names = new ArrayList<String>();
            var field = FIELD.matcher(form.group(2));
            while (field.find()) {
                if (!field.group(1).equals("_csrf")) names.add(field.group(1));
            }
            if (!names.isEmpty()) forms.put(form.group(1), names);
        }
        return forms;
    }

    private static String randomAddress() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return "198.51.100." + random.nextInt(1, 255);
    }

    private static String jsonString(String value) {
        return JSON.writeValueAsString(value);
    }

    // The protocol's edges, on a plain socket (HttpClient refuses to send most of them).

    private static byte[] raw(String requestLine, List<String> headers) {
        return raw(requestLine, headers, "localhost:8080");
    }

    private static byte[] raw(String requestLine, List<String> headers, String host) {
        var text =
                new StringBuilder(requestLine).append("\r\nHost: ").append(host).append("\r\n");
        headers.forEach(header -> text.append(header).append("\r\n"));
        text.append("Connection: close\r\n\r\n");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] post(String path, String type, byte[] body) {
        var head =
                raw("POST " + path + " HTTP/1.1", List.of("Content-Type: " + type, "Content-Length: " + body.length));
        return concat(head, body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** Sends the start of a request, waits a moment and hangs up, as a client that gave up does. */
    private static void abandon(byte[] request) throws IOException {
        try (var socket = new Socket("localhost", 8080)) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().write("username=1".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sent.incrementAndGet();
        answers.computeIfAbsent("abandoned by the client", key -> new AtomicInteger())
                .incrementAndGet();
    }

    /** The status of the gateway's answer, or 0 when it closed the connection without one. */
    private static int sendRaw(byte[] request) throws IOException {
        try (var socket = new Socket("localhost", 8080)) {
            socket.setSoTimeout(15_000);
            var out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before it has read everything (a header too large).
            }
            var head = new byte[12];
            int read = 0;
            var in = socket.getInputStream();
            try {
                while (read < head.length) {
                    int n = in.read(head, read, head.length - read);
                    if (n < 0) break;
                    read += n;
                }
            } catch (java.net.SocketTimeoutException e) {
                return 0;
            }
            var status = new String(head, 0, read, StandardCharsets.ISO_8859_1);
            return status.startsWith("HTTP/1.") && read == 12 ? Integer.parseInt(status.substring(9, 12)) : 0;
        }
    }
}
