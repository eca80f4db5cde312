package se.teknikivast.minasidor.bankid.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserMessagesTests {

    @ParameterizedTest(name = "{0} {1} via {2} → {3}")
    @CsvSource({
        "pending, outstandingTransaction, QR_CODE, RFA1",
        "pending, outstandingTransaction, AUTOSTART_MOBILE, RFA13",
        "pending, outstandingTransaction, AUTOSTART_DESKTOP, RFA13",
        "pending, noClient, AUTOSTART_MOBILE, RFA1",
        "pending, started, AUTOSTART_DESKTOP, RFA15A",
        "pending, started, AUTOSTART_MOBILE, RFA15B",
        "pending, userSign, QR_CODE, RFA9",
        "pending, userMrtd, QR_CODE, RFA23",
        "pending, userCallConfirm, PHONE, RFA21",
        "pending, processing, QR_CODE, RFA21",
        "failed, cancelled, QR_CODE, RFA3",
        "failed, userCancel, QR_CODE, RFA6",
        "failed, expiredTransaction, QR_CODE, RFA8",
        "failed, certificateErr, QR_CODE, RFA16",
        "failed, startFailed, AUTOSTART_MOBILE, RFA17A",
        "failed, startFailed, QR_CODE, RFA17B",
        "failed, userDeclinedCall, PHONE, RFA22",
        "failed, notSupportedByUserApp, QR_CODE, RFA22",
        "failed, transactionRiskBlocked, QR_CODE, RFA22",
        "failed, mrtdVerificationFailed, QR_CODE, RFA22",
    })
    void mapsCollectAnswersToRecommendedMessages(String status, String hint, Launch launch, String rfa) {
        assertThat(UserMessages.forCollect(status, hint, launch).id()).isEqualTo(rfa);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "alreadyInProgress, RFA4",
        "requestTimeout, RFA5",
        "maintenance, RFA5",
        "internalError, RFA5",
        "invalidParameters, RFA22",
        "unauthorized, RFA22",
        "somethingNew, RFA22",
    })
    void mapsErrorCodesAndNeverBlamesBankIdForOurMistakes(String errorCode, String rfa) {
        assertThat(UserMessages.forError(errorCode).id()).isEqualTo(rfa);
    }

    @org.junit.jupiter.api.Test
    void aCompletedOrderNeedsNoMessageAndTextsAreSwedishAndEnglish() {
        assertThat(UserMessages.forCollect("complete", null, Launch.QR_CODE)).isNull();
        assertThat(UserMessages.RFA9.sv())
                .isEqualTo("Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.");
        assertThat(UserMessages.RFA9.en())
                .isEqualTo("Enter your security code in the BankID app and select Identify or Sign.");
    }
}
