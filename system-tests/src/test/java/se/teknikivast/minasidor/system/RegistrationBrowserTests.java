package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static se.teknikivast.minasidor.system.RunningSystem.GATEWAY;
import static se.teknikivast.minasidor.system.RunningSystem.INBOX;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The login guide's "Första gången du loggar in" and "Skapa ett lösenord" in real Chromium against the whole system:
 * registration pages (auth-service) → customer-service → outbox → Kafka → notification-service → SMTP → the local web
 * inbox → the link → a password → login → Mina sidor.
 *
 * <p>Works on a fresh stack and on one already used: on a fresh one the demo customers without e-mail get it
 * registered (REGISTERED), on a used one the same address is confirmed (CONFIRMED, "forgotten password"); both mail
 * a link and show the same page. Tolvan's forgotten-password flow sets the demo password again.
 */
@ExtendWith(RunningSystem.class)
class RegistrationBrowserTests {

    static final String SENT = "Ett e-postmeddelande har skickats till den e-postadress du angav";

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        Chromium.screenshot(browser, test.getDisplayName().replaceAll("\\W+", "_"));
        browser.quit();
    }

    @Test
    void svenWithoutEmailRegistersChoosesAPasswordLogsInAndTheUsedLinkIsRefused() {
        var link = registerAndOpenMail("100006", "19700707-3716", "sven@example.se");
        choosePassword(link, "blabarsskog-i-varmland-2026");

        LoginPage.passwordLogin(browser, "100006", "blabarsskog-i-varmland-2026");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Sven Svensson"));
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("100006")
                .doesNotContain("sven@example.se")
                .doesNotContain("19700707");

        // The link again: used up, with the way to ask for a new one.
        browser.get(link);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("meddelande"), "Länken är redan använd"));
        assertThat(browser.getCurrentUrl()).isEqualTo(GATEWAY + "/auth/losenord");
        assertThat(browser.findElements(By.id("password"))).isEmpty();
        browser.findElement(By.linkText("Ny kund eller har du glömt ditt lösenord? Klicka här"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("customerNumber")));
    }

    @Test
    void companyRegistersAndLogsInWithItsSixteenPrefixedOrganisationNumber() {
        var link = registerAndOpenMail("100007", "16559012-3450", "kontoret@bergslagen.example.se");
        choosePassword(link, "kopparberg-och-jarnvag-1890");

        LoginPage.passwordLogin(browser, "16559012-3450", "kopparberg-och-jarnvag-1890");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Bergslagens Bygg AB"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("100007");
    }

    @Test
    void tolvanWhoForgotThePasswordGetsALinkToTheRegisteredAddressAndHerOtherSessionsEnd() {
        // Tolvan is logged in to Mina sidor in another browser (another device) before she changes the password.
        var otherDevice = Chromium.start();
        try {
            otherDevice.get(GATEWAY + "/");
            new WebDriverWait(otherDevice, Duration.ofSeconds(30)).until(ExpectedConditions.titleContains("Logga in"));
            LoginPage.passwordLogin(otherDevice, "100001", "elljus-over-vanern-2026");
            new WebDriverWait(otherDevice, Duration.ofSeconds(30))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Tolvan Tolvansson"));

            browser.get(INBOX + "/");
            var confirmationsBefore =
                    mailRows("tolvan@example.se", "har ändrats").size();
            var link = registerAndOpenMail("100001", "19121212-1212", "tolvan@example.se");
            // Tolvan sets the documented demo password again, so the demo logins stay as docs/demo-data.md says.
            choosePassword(link, "elljus-over-vanern-2026");

            // The other device's Mina sidor session ends (auth-service → auth.events.v1 → gateway): it gets the
            // login page again, without Tolvan's details.
            new WebDriverWait(otherDevice, Duration.ofSeconds(60), Duration.ofSeconds(1)).until(d -> {
                d.get(GATEWAY + "/");
                return d.getTitle().contains("Logga in");
            });
            assertThat(otherDevice.findElement(By.tagName("body")).getText()).doesNotContain("Tolvan Tolvansson");
            Chromium.screenshot(otherDevice, "tolvan_other_device_after_password_change");

            tolvanLogsInWithTheNewPasswordAndGetsTheConfirmation(confirmationsBefore);
        } finally {
            otherDevice.quit();
        }
    }

    private void tolvanLogsInWithTheNewPasswordAndGetsTheConfirmation(int confirmationsBefore) {
        LoginPage.passwordLogin(browser, "100001", "elljus-over-vanern-2026");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Tolvan Tolvansson"));

        // The confirmation mail ("Ditt lösenord … har ändrats") reaches the inbox too.
        browser.get(INBOX + "/");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            d.navigate().refresh();
            return mailRows("tolvan@example.se", "har ändrats").size() > confirmationsBefore;
        });
    }

    @Test
    void anotherEmailThanTheRegisteredOneGetsTheCustomerServiceMessage() {
        startRegistration("100001", "19121212-1212", "en-annan-adress@example.se");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("meddelande"), "ring kundservice på tfn 0570-822 00 (vx)"));
        var page = browser.findElement(By.tagName("main")).getText();
        assertThat(page)
                .doesNotContain(SENT)
                .doesNotContain("tolvan@example.se")
                .doesNotContain("t***@");
    }

    @Test
    void invalidIdentityNumberGetsAFieldErrorInSwedish() {
        startRegistration("100006", "19700707-3717", "sven@example.se");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("identityNumber-fel")));
        assertThat(browser.findElement(By.id("identityNumber")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain(SENT);
    }

    /** From the login page as the guide says: "Användarnamn", the link, kundnummer → skicka, personnummer + e-post → skicka. */
    private void startRegistration(String customerNumber, String identityNumber, String email) {
        browser.get(GATEWAY + "/");
        wait.until(ExpectedConditions.titleContains("Logga in"));
        browser.findElement(By.id("flik-anvandarnamn")).click();
        browser.findElement(By.linkText("Ny kund eller har du glömt ditt lösenord? Klicka här"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("customerNumber")))
                .sendKeys(customerNumber);
        skicka();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identityNumber")))
                .sendKeys(identityNumber);
        browser.findElement(By.id("email")).sendKeys(email);
        skicka();
    }

    private void skicka() {
        browser.findElement(By.xpath("//button[normalize-space()='skicka']")).click();
    }

    /** Registers, waits for the new password-setup mail in the local inbox and returns the link it carries. */
    private String registerAndOpenMail(String customerNumber, String identityNumber, String email) {
        browser.get(INBOX + "/");
        var before = mailRows(email, "Välj ditt lösenord").size();

        startRegistration(customerNumber, identityNumber, email);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("meddelande"), SENT));
        assertThat(browser.getCurrentUrl()).isEqualTo(GATEWAY + "/auth/registrering/skickat");

        browser.get(INBOX + "/");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            d.navigate().refresh();
            return mailRows(email, "Välj ditt lösenord").size() > before;
        });
        // Newest first: the first matching row is the mail just sent.
        mailRows(email, "Välj ditt lösenord")
                .getFirst()
                .findElement(By.tagName("a"))
                .click();
        var link = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//ul[@class='links']//a[contains(@href, '/auth/losenord/l/')]")));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains(customerNumber);
        return link.getAttribute("href");
    }

    private List<WebElement> mailRows(String to, String subject) {
        return browser.findElements(By.cssSelector("tbody tr")).stream()
                .filter(row -> row.getText().contains(to) && row.getText().contains(subject))
                .toList();
    }

    /** Opens the e-mailed link, chooses the password twice and lands on the login page with the confirmation. */
    private void choosePassword(String link, String password) {
        assertThat(link).startsWith(GATEWAY + "/auth/losenord/l/");
        browser.get(link);
        wait.until(ExpectedConditions.titleContains("Välj lösenord"));
        assertThat(browser.getCurrentUrl())
                .as("the token leaves the address bar")
                .isEqualTo(GATEWAY + "/auth/losenord");

        // A refused password first: the page says why.
        browser.findElement(By.id("password")).sendKeys("kort");
        browser.findElement(By.id("passwordRepeat")).sendKeys("kort");
        browser.findElement(By.xpath("//button[normalize-space()='Spara lösenord']"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("meddelande"), "minst 15 tecken"));

        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("passwordRepeat")).sendKeys(password);
        browser.findElement(By.xpath("//button[normalize-space()='Spara lösenord']"))
                .click();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("meddelande"), "Ditt lösenord har ändrats"));
        assertThat(browser.getCurrentUrl()).startsWith(GATEWAY + "/auth/login");
    }
}
