package se.teknikivast.minasidor.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The BankID simulator's virtual phone and fault injection (bankid-adapter README, "The simulator"). */
public final class BankIdSimulator {

    static final String TOLVAN = "19121212-1212";
    static final String ANNA = "19800101-2387";
    static final String LISA = "19850505-2467";
    static final String NILS = "19660606-4589";
    static final String STIG_STARTFEL = "19920303-3452";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private BankIdSimulator() {}

    /** The phone reads the QR code: answers the order it opened. */
    public static String scan(String qrData, String personalNumber) {
        return post("/simulator/api/scan", Map.of("qrData", qrData, "personalNumber", personalNumber))
                .get("orderRef")
                .asString();
    }

    /** Same device: the app opened by the autostart link. */
    static String autostart(String autoStartToken, String personalNumber) {
        return post(
                        "/simulator/api/autostart",
                        Map.of("autoStartToken", autoStartToken, "personalNumber", personalNumber))
                .get("orderRef")
                .asString();
    }

    /**
     * The app is opened by an autostart link on a device BankID sees at {@code deviceIp}: another address than the
     * browser's is the relayed link (the victim's phone), or a phone whose app and browser go out different ways.
     */
    static String autostartFrom(String autoStartToken, String personalNumber, String deviceIp) {
        return post(
                        "/simulator/api/autostart",
                        Map.of(
                                "autoStartToken",
                                autoStartToken,
                                "personalNumber",
                                personalNumber,
                                "deviceIp",
                                deviceIp))
                .get("orderRef")
                .asString();
    }

    public static void approve(String orderRef) {
        post("/simulator/api/orders/" + orderRef + "/approve", Map.of());
    }

    /** Approves; answers the order's returnUrl, which the app opens next on its own device (null if none). */
    static String approveAndReturn(String orderRef) {
        var returnUrl =
                post("/simulator/api/orders/" + orderRef + "/approve", Map.of()).get("returnUrl");
        return returnUrl == null || returnUrl.isNull() ? null : returnUrl.asString();
    }

    /** "Avbryt" pressed in the app. */
    static void cancelInApp(String orderRef) {
        post("/simulator/api/orders/" + orderRef + "/cancel", Map.of());
    }

    static void fail(String orderRef, String hintCode) {
        post("/simulator/api/orders/" + orderRef + "/fail", Map.of("hintCode", hintCode));
    }

    static void faults(String mode) {
        post("/simulator/api/faults", Map.of("mode", mode));
    }

    /** The status code of a scan, for scans that must be refused. */
    static int scanStatus(String qrData, String personalNumber) {
        return send("/simulator/api/scan", Map.of("qrData", qrData, "personalNumber", personalNumber))
                .statusCode();
    }

    private static JsonNode post(String path, Map<String, String> body) {
        var response = send(path, body);
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(
                    "Simulator " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String path, Map<String, String> body) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(RunningSystem.BANKID_SIMULATOR + path))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
