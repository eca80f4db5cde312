package se.teknikivast.minasidor.bankid.message;

import java.util.Map;

/**
 * status/hintCode/errorCode → BankID's recommended user message (RFA), per BankID's v6 recommendations (docs/bankid.md).
 * Unknown hint codes are expected (BankID adds them) and get the generic "in progress" or "something went wrong".
 */
public final class UserMessages {

    public static final RfaMessage RFA1 = new RfaMessage("RFA1", "Starta BankID-appen.", "Start your BankID app.");
    public static final RfaMessage RFA3 =
            new RfaMessage("RFA3", "Åtgärden avbruten. Försök igen.", "Action cancelled. Please try again.");
    public static final RfaMessage RFA4 = new RfaMessage(
            "RFA4",
            "En identifiering eller underskrift för det här personnumret är redan påbörjad. Försök igen.",
            "An identification or signing for this personal number is already started. Please try again.");
    public static final RfaMessage RFA5 =
            new RfaMessage("RFA5", "Något gick fel. Försök igen.", "Something went wrong. Please try again.");
    public static final RfaMessage RFA6 = new RfaMessage("RFA6", "Åtgärden avbröts.", "Action cancelled.");
    public static final RfaMessage RFA8 = new RfaMessage(
            "RFA8",
            "BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Om du inte"
                    + " har ett giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.",
            "The BankID app is not responding. Please check that it's started and that you have internet access."
                    + " If you don't have a valid BankID you can get one from your bank. Try again.");
    public static final RfaMessage RFA9 = new RfaMessage(
            "RFA9",
            "Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.",
            "Enter your security code in the BankID app and select Identify or Sign.");
    public static final RfaMessage RFA13 =
            new RfaMessage("RFA13", "Försöker starta BankID-appen.", "Trying to start your BankID app.");
    public static final RfaMessage RFA15A = new RfaMessage(
            "RFA15A",
            "Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här datorn. Om du har ett BankID på"
                    + " kort, sätt in kortet i kortläsaren.",
            "Searching for BankID. Make sure you have a valid BankID on this computer. If you have a BankID on card,"
                    + " please insert the card into your card reader.");
    public static final RfaMessage RFA15B = new RfaMessage(
            "RFA15B",
            "Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här enheten.",
            "Searching for BankID. Make sure you have a valid BankID on this device.");
    public static final RfaMessage RFA16 = new RfaMessage(
            "RFA16",
            "Ditt BankID är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.",
            "Your BankID is blocked or too old. Please use another BankID or get a new one from your bank.");
    public static final RfaMessage RFA17A = new RfaMessage(
            "RFA17A",
            "Du verkar inte ha BankID-appen/programmet. Installera den och skaffa ett BankID hos din bank.",
            "You don't seem to have the BankID app/program. Please install it and get a BankID from your bank.");
    public static final RfaMessage RFA17B = new RfaMessage(
            "RFA17B",
            "Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden.",
            "Failed to scan the QR code. Start the BankID app and scan the QR code.");
    public static final RfaMessage RFA21 = new RfaMessage(
            "RFA21", "En identifiering eller underskrift pågår.", "An identification or signing is in progress.");
    public static final RfaMessage RFA22 =
            new RfaMessage("RFA22", "Något gick fel. Försök igen.", "Something went wrong. Please try again.");
    public static final RfaMessage RFA23 = new RfaMessage(
            "RFA23",
            "Fotografera och läs av din ID-handling med BankID-appen.",
            "Take a photo of, and scan, your ID document with the BankID app.");

    private static final Map<String, RfaMessage> FAILED = Map.of(
            "cancelled", RFA3,
            "userCancel", RFA6,
            "expiredTransaction", RFA8,
            "certificateErr", RFA16);

    private UserMessages() {}

    /** The message for a collect answer; {@code null} for a completed order (no RFA applies). */
    public static RfaMessage forCollect(String status, String hintCode, Launch launch) {
        return switch (status) {
            case "pending" -> forPending(hintCode, launch);
            case "failed" -> forFailed(hintCode, launch);
            case "complete" -> null;
            default -> RFA22;
        };
    }

    private static RfaMessage forPending(String hintCode, Launch launch) {
        if (hintCode == null) {
            return RFA21;
        }
        return switch (hintCode) {
            case "outstandingTransaction" -> launch.autostart() ? RFA13 : RFA1;
            case "noClient" -> RFA1;
            case "started" -> launch == Launch.AUTOSTART_DESKTOP ? RFA15A : RFA15B;
            case "userSign" -> RFA9;
            case "userMrtd" -> RFA23;
            default -> RFA21; // incl. userCallConfirm (no RFA defined) and codes BankID adds later
        };
    }

    private static RfaMessage forFailed(String hintCode, Launch launch) {
        if ("startFailed".equals(hintCode)) {
            return launch.autostart() ? RFA17A : RFA17B;
        }
        return hintCode == null ? RFA22 : FAILED.getOrDefault(hintCode, RFA22);
    }

    /** The message for an RP API error code; RP-side mistakes get the generic RFA22, never a BankID-specific text. */
    public static RfaMessage forError(String errorCode) {
        if (errorCode == null) {
            return RFA5;
        }
        return switch (errorCode) {
            case "alreadyInProgress" -> RFA4;
            case "requestTimeout", "maintenance", "internalError" -> RFA5;
            default -> RFA22;
        };
    }
}
