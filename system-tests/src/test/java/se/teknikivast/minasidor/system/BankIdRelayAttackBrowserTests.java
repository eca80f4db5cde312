package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static se.teknikivast.minasidor.system.RunningSystem.GATEWAY;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The phisher relaying BankID (docs/security.md, "Who attacks"; issue 15 finding 3), in a real Chromium against the
 * running system: the attacker starts "Mobilt BankID på den här enheten" and sends the autostart link to a victim,
 * whose app (the simulator's virtual phone, at another address, with no way to bring the order's nonce back to the
 * attacker's browser) approves.
 */
@ExtendWith(RunningSystem.class)
class BankIdRelayAttackBrowserTests {

    /** Where BankID sees the victim's phone: a documentation address (RFC 5737), never the attacker's browser. */
    static final String VICTIMS_PHONE = "192.0.2.201";

    private ChromeDriver attacker;
    private WebDriverWait wait;

    /**
     * The first BankID start of a freshly started stack can outlast auth-service's wait for the adapter (service
     * tokens, key sets, a cold JIT): one QR order first, tried again until it starts, so that the tests below measure
     * what they are about.
     */
    @BeforeAll
    static void warmUpTheBankIdPath() {
        var browser = Chromium.start();
        try {
            browser.get(GATEWAY + "/");
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.titleContains("Logga in"));
            browser.findElement(By.id("flik-bankid")).click();
            browser.findElement(By.id("bankid-annan-enhet")).click();
            new WebDriverWait(browser, Duration.ofSeconds(90)).until(driver -> {
                if (driver.findElement(By.id("bankid-qr")).isDisplayed()) {
                    return true;
                }
                var retry = driver.findElement(By.id("bankid-forsok-igen"));
                if (retry.isDisplayed()) {
                    retry.click();
                }
                return false;
            });
            browser.findElement(By.id("bankid-avbryt")).click();
        } finally {
            browser.quit();
        }
    }

    @BeforeEach
    void openBrowser() {
        attacker = Chromium.start();
        // Longer than auth-service's wait for the app to bring the customer back (minasidor.bankid.return-timeout).
        wait = new WebDriverWait(attacker, Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        Chromium.screenshot(attacker, test.getDisplayName().replaceAll("\\W+", "_"));
        attacker.quit();
    }

    @Test
    void aRelayedAutostartLinkApprovedByTheVictimDoesNotLogTheAttackerIn_andTheAttackerIsToldWhy() {
        var token = startOnThisDevice(attacker);

        // The attacker sends bankid:///?autostarttoken=… to the victim; Anna's app opens it and she approves.
        var orderRef = BankIdSimulator.autostartFrom(token, BankIdSimulator.ANNA, VICTIMS_PHONE);
        BankIdSimulator.approve(orderRef);

        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("bankid-status"), "Mobilt BankID på annan enhet"));
        var status = attacker.findElement(By.id("bankid-status")).getText();
        assertThat(status)
                .startsWith("Inloggningen avbröts")
                .doesNotContain("Anna")
                .doesNotContain("19800101");
        assertThat(attacker.findElement(By.id("bankid-annan-enhet")).isDisplayed())
                .as("the QR option is offered")
                .isTrue();
        assertThat(attacker.getCurrentUrl()).startsWith(GATEWAY + "/auth/login");

        // Nothing of Anna's login is left in the attacker's browser: Mina sidor still asks for a login.
        attacker.get(GATEWAY + "/");
        new WebDriverWait(attacker, Duration.ofSeconds(20)).until(ExpectedConditions.titleContains("Logga in"));
        assertThat(attacker.findElement(By.tagName("main")).getText()).doesNotContain("Anna Andersson");
    }

    @Test
    void theAppOnAnotherAddressThatReturnsToTheSameBrowserWithTheOrdersNonce_logsTheCustomerIn() {
        // A phone whose app and browser reach the internet different ways (IPv4 and IPv6, say): the addresses differ,
        // but the app's return to the browser that started the order proves the customer is the one at this browser.
        var token = startOnThisDevice(attacker);
        var orderRef = BankIdSimulator.autostartFrom(token, BankIdSimulator.ANNA, "2001:db8::23");
        var returnUrl = BankIdSimulator.approveAndReturn(orderRef);
        assertThat(returnUrl).as("the app returns to auth-service").startsWith(GATEWAY + "/auth/");

        attacker.get(returnUrl);

        assertThat(Chromium.mainTextContaining(attacker, Duration.ofSeconds(20), "Anna Anderssons Elinstallation"))
                .contains("100002");
    }

    /** "Mobilt BankID på den här enheten": answers the autostart token of the link the page offers. */
    private String startOnThisDevice(ChromeDriver browser) {
        browser.get(GATEWAY + "/");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.titleContains("Logga in"));
        browser.findElement(By.id("flik-bankid")).click();
        browser.findElement(By.id("bankid-denna-enhet")).click();
        var link = new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("bankid-starta-appen")));
        var href = link.getAttribute("href");
        assertThat(href).startsWith("bankid:///?autostarttoken=").doesNotContain("nonce");
        return URI.create(href).getRawQuery().replaceAll(".*autostarttoken=([^&]+).*", "$1");
    }
}
