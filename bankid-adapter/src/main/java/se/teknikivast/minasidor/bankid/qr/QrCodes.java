package se.teknikivast.minasidor.bankid.qr;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The animated QR payload {@code bankid.<qrStartToken>.<qrTime>.<qrAuthCode>}: qrTime is the whole seconds since the
 * start response arrived, qrAuthCode the lowercase hex HMAC-SHA256 of qrTime keyed with qrStartSecret's ASCII bytes
 * (the UUID text, not hex-decoded).
 */
public final class QrCodes {

    private final Clock clock;

    public QrCodes(Clock clock) {
        this.clock = clock;
    }

    /** The payload to show now for an order whose start response arrived at {@code startedAt}. */
    public String current(String qrStartToken, String qrStartSecret, Instant startedAt) {
        var elapsed = Duration.between(startedAt, clock.instant());
        return payload(qrStartToken, qrStartSecret, Math.max(0, elapsed.toSeconds()));
    }

    public static String payload(String qrStartToken, String qrStartSecret, long qrTime) {
        return "bankid." + qrStartToken + "." + qrTime + "." + authCode(qrStartSecret, qrTime);
    }

    public static String authCode(String qrStartSecret, long qrTime) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(qrStartSecret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(Long.toString(qrTime).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A payload as read by a camera; {@code null} parts when the text is not a BankID animated QR code. */
    public record Scanned(String qrStartToken, long qrTime, String qrAuthCode) {

        public static Scanned parse(String text) {
            if (text == null) {
                return null;
            }
            var parts = text.trim().split("\\.", -1);
            if (parts.length != 4 || !"bankid".equals(parts[0]) || parts[1].isEmpty()) {
                return null;
            }
            try {
                long time = Long.parseLong(parts[2]);
                return time < 0 || !parts[3].matches("[0-9a-f]{64}") ? null : new Scanned(parts[1], time, parts[3]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
