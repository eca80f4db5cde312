package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static se.teknikivast.minasidor.system.RunningSystem.GATEWAY;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Mobilt BankID on the login page, in a real Chromium against the running system, with the BankID simulator's
 * virtual phone playing the customer's phone.
 */
@ExtendWith(RunningSystem.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BankIdLoginBrowserTests {

    static final Duration WAIT = Duration.ofSeconds(20);

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        browser = Chromium.start();
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        Chromium.screenshot(browser, test.getDisplayName().replaceAll("\\W+", "_"));
        browser.quit();
    }

    @Test
    @Order(1)
    void otherDevice_scanningTheAnimatedQrCodeAsTolvan_endsOnMinaSidorWithHisName() {
        openLoginPage();
        var qrData = startOnAnotherDevice();
        assertThat(qrData).matches("bankid\\.[0-9a-f-]{36}\\.\\d+\\.[0-9a-f]{64}");
        assertThat(status()).isEqualTo("Starta BankID-appen.");

        var orderRef = BankIdSimulator.scan(qrData, BankIdSimulator.TOLVAN);
        // Once the app has the order, the QR code goes and the status follows the RFA table.
        wait.until(ExpectedConditions.textToBe(
                By.id("bankid-status"),
                "Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under."));
        BankIdSimulator.approve(orderRef);

        var main = Chromium.mainTextContaining(browser, WAIT, "Tolvan Tolvansson");
        assertThat(main).contains("100001").contains("Mobilt BankID").doesNotContain("19121212");
        // Mina sidor is the gateway's start page.
        assertThat(browser.getCurrentUrl()).isEqualTo(GATEWAY + "/");
        assertThat(browser.getPageSource()).doesNotContain("191212121212").doesNotContain("19121212-1212");
    }

    @Test
    @Order(2)
    void thisDevice_theAutostartLinkOpensTheApp_andAnnaLandsOnMinaSidor() {
        openLoginPage();
        browser.findElement(By.id("bankid-denna-enhet")).click();
        var link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bankid-starta-appen")));
        var href = link.getAttribute("href");
        // A desktop browser gets the bankid:/// link; the token is the one the app would receive.
        assertThat(href).startsWith("bankid:///?autostarttoken=").endsWith("&redirect=null");
        assertThat(status()).isEqualTo("Försöker starta BankID-appen.");
        var token = URI.create(href).getRawQuery().replaceAll(".*autostarttoken=([^&]+).*", "$1");

        var orderRef = BankIdSimulator.autostart(token, BankIdSimulator.ANNA);
        BankIdSimulator.approve(orderRef);

        assertThat(Chromium.mainTextContaining(browser, WAIT, "Anna Anderssons Elinstallation"))
                .contains("100002");
    }

    @Test
    @Order(3)
    void avbryt_cancelsTheOrder_andOffersTryAgain() {
        openLoginPage();
        var qrData = startOnAnotherDevice();

        browser.findElement(By.id("bankid-avbryt")).click();

        wait.until(ExpectedConditions.textToBe(By.id("bankid-status"), "Åtgärden avbröts."));
        assertThat(browser.findElement(By.id("bankid-forsok-igen")).isDisplayed())
                .isTrue();
        assertThat(browser.findElement(By.id("bankid-qr")).isDisplayed()).isFalse();
        // The order is gone at BankID: the phone can no longer open it.
        assertThat(BankIdSimulator.scanStatus(qrData, BankIdSimulator.TOLVAN)).isNotEqualTo(200);

        browser.findElement(By.id("bankid-forsok-igen")).click();
        var again = waitForQrData();
        assertThat(again).isNotEqualTo(qrData);
    }

    @Test
    @Order(4)
    void userCancelInTheApp_showsRfa6_andTryAgain() {
        openLoginPage();
        var orderRef = BankIdSimulator.scan(startOnAnotherDevice(), BankIdSimulator.TOLVAN);
        BankIdSimulator.cancelInApp(orderRef);

        wait.until(ExpectedConditions.textToBe(By.id("bankid-status"), "Åtgärden avbröts."));
        assertThat(browser.findElement(By.id("bankid-forsok-igen")).isDisplayed())
                .isTrue();
    }

    @Test
    @Order(5)
    void startFailed_showsRfa17b_forTheQrFlow() {
        openLoginPage();
        // Stig's app never gets going: the simulator fails his order with startFailed as soon as he scans.
        BankIdSimulator.scan(startOnAnotherDevice(), BankIdSimulator.STIG_STARTFEL);

        wait.until(ExpectedConditions.textToBe(
                By.id("bankid-status"), "Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden."));
        assertThat(browser.findElement(By.id("bankid-forsok-igen")).isDisplayed())
                .isTrue();
    }

    @Test
    @Order(6)
    void expiredOrder_showsRfa8_inEnglishWithLangEn() {
        browser.get(GATEWAY + "/");
        wait.until(ExpectedConditions.titleContains("Logga in"));
        browser.get(browser.getCurrentUrl() + (browser.getCurrentUrl().contains("?") ? "&" : "?") + "lang=en");
        wait.until(ExpectedConditions.titleContains("Log in"));
        browser.findElement(By.id("bankid-annan-enhet")).click();
        var qrData = waitForQrData();
        assertThat(status()).isEqualTo("Start your BankID app.");
        var orderRef = BankIdSimulator.scan(qrData, BankIdSimulator.TOLVAN);
        BankIdSimulator.fail(orderRef, "expiredTransaction");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("bankid-status"), "The BankID app is not responding."));
        assertThat(browser.findElement(By.id("bankid-forsok-igen")).getText()).isEqualTo("Try again");
    }

    @Test
    @Order(7)
    void lisaHasTwoCustomerNumbers_andChoosesTheSummerHouse() {
        openLoginPage();
        var orderRef = BankIdSimulator.scan(startOnAnotherDevice(), BankIdSimulator.LISA);
        BankIdSimulator.approve(orderRef);

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Välj kundnummer"));
        var choices = browser.findElement(By.tagName("main")).getText();
        assertThat(choices).contains("100004").contains("100005").doesNotContain("19850505");
        browser.findElement(By.id("kundnummer-100005")).click();

        assertThat(Chromium.mainTextContaining(browser, WAIT, "Lisa Lindqvist (sommarstugan)"))
                .contains("100005");
    }

    @Test
    @Order(8)
    void nilsHasNoCustomerAccount_andIsToldWhatToDo() {
        openLoginPage();
        var orderRef = BankIdSimulator.scan(startOnAnotherDevice(), BankIdSimulator.NILS);
        BankIdSimulator.approve(orderRef);

        wait.until(ExpectedConditions.textToBe(
                By.id("bankid-status"),
                "Vi hittar inget kundkonto för ditt personnummer. Logga in med kundnummer och lösenord eller ring"
                        + " kundservice på 0570-822 00."));
        assertThat(browser.getCurrentUrl()).startsWith(GATEWAY + "/auth/login");
    }

    @Test
    @Order(99) // last: the adapter's breaker may stay open for a while afterwards
    void bankIdDown_theTabSaysSo_andPasswordLoginStillWorks() {
        BankIdSimulator.faults("internalError");
        try {
            openLoginPage();
            browser.findElement(By.id("bankid-annan-enhet")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("bankid-status"), "BankID är tillfälligt otillgängligt"));
            assertThat(browser.findElement(By.id("bankid-forsok-igen")).isDisplayed())
                    .isTrue();

            browser.findElement(By.id("bankid-till-losenord")).click();
            LoginPage.passwordLogin(browser, "100001", "elljus-over-vanern-2026");
            assertThat(Chromium.mainTextContaining(browser, WAIT, "Tolvan Tolvansson"))
                    .contains("Kundnummer och lösenord");
        } finally {
            BankIdSimulator.faults("none");
        }
    }

    private void openLoginPage() {
        browser.get(GATEWAY + "/");
        wait.until(ExpectedConditions.titleContains("Logga in"));
        assertThat(browser.getCurrentUrl()).startsWith(GATEWAY + "/auth/login");
        browser.findElement(By.id("flik-bankid")).click();
    }

    /** "Mobilt BankID på annan enhet": answers the QR payload the page shows. */
    private String startOnAnotherDevice() {
        browser.findElement(By.id("bankid-annan-enhet")).click();
        return waitForQrData();
    }

    private String waitForQrData() {
        return wait.until(driver -> {
            var image = driver.findElement(By.id("bankid-qr"));
            var data = image.getAttribute("data-qr-data");
            return image.isDisplayed() && data != null && !data.isEmpty() ? data : null;
        });
    }

    private String status() {
        return browser.findElement(By.id("bankid-status")).getText();
    }
}
