package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static se.teknikivast.minasidor.system.RunningSystem.GATEWAY;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

@ExtendWith(RunningSystem.class)
class PasswordLoginBrowserTests {

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
    void companyLogsInWithItsOrganisationNumberSeesMinaSidorAndLogsOut() {
        browser.get(GATEWAY + "/");
        wait.until(ExpectedConditions.titleContains("Logga in"));
        assertThat(browser.getCurrentUrl()).startsWith(GATEWAY + "/auth/login");

        LoginPage.passwordLogin(browser, "16556677-8899", "kraftledning-i-vast-2026");

        var main = Chromium.mainTextContaining(browser, WAIT, "Västkustens Kraft AB");
        assertThat(main).contains("100003").contains("Företag").contains("Kundnummer och lösenord");
        assertThat(main).doesNotContain("ekonomi@example.se");

        // The gateway's session cookie: __Host- (Chromium keeps such a cookie only if it is Secure, path /, no
        // Domain), host-only, not for scripts, not sent with cross-site posts.
        var session = browser.manage().getCookieNamed("__Host-MINASIDOR_SESSION");
        assertThat(session).as("cookies: %s", browser.manage().getCookies()).isNotNull();
        assertThat(session.isSecure()).isTrue();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(session.getPath()).isEqualTo("/");
        assertThat(session.getDomain()).isEqualTo("localhost");
        assertThat(browser.manage().getCookieNamed("MINASIDOR_SESSION")).isNull();

        // Logging out must not depend on a script: from here on this tab runs none.
        browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        var leftColumn = browser.findElements(By.cssSelector("nav li"));
        assertThat(leftColumn.getLast().getText()).isEqualTo("Logga ut");
        leftColumn.getLast().findElement(By.tagName("button")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Du är nu utloggad"));

        // The next person at this computer: a password or BankID again, not a silent login.
        browser.get(GATEWAY + "/");
        wait.until(ExpectedConditions.titleContains("Logga in"));
        assertThat(browser.getCurrentUrl()).startsWith(GATEWAY + "/auth/login");
    }

    @Test
    void wrongPasswordGivesTheGenericMessageWithoutSayingWhichPartWasWrong() {
        browser.get(GATEWAY + "/");
        wait.until(ExpectedConditions.titleContains("Logga in"));

        LoginPage.passwordLogin(browser, "100004", "inte-det-ratta-losenordet");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("meddelande"), "Fel kundnummer/organisationsnummer eller lösenord"));
        assertThat(browser.getCurrentUrl()).startsWith(GATEWAY + "/auth/login");
    }
}
