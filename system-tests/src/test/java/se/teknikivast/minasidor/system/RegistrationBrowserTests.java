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
 * <p>A first address stays pending until proven (docs/security.md): Anna confirms hers with Mobilt BankID on the
 * simulator; Sven and Bergslagens Bygg have no e-mail yet and no Mobilt BankID persona, so they ask for an activation
 * code by letter on the password page, read it from the local
 * print queue (http://localhost:13080/letters) and enter it with the password. Works on a fresh stack and on one
 * already used: once proven, the same address is confirmed (forgotten password) and the link needs no code. Tolvan's
 * forgotten-password flow sets the demo password again.
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
        choosePassword(link, "blabarsskog-i-varmland-2026", "100006");

        LoginPage.passwordLogin(browser, "100006", "blabarsskog-i-varmland-2026");
        assertThat(Chromium.mainTextContaining(browser, Duration.ofSeconds(20), "Sven Svensson"))
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
    void annaConfirmsHerFirstAddressWithMobiltBankIdAndAnotherPersonsBankIdDoesNotCount() {
        var link = registerAndOpenMail("100002", "19800101-2387", "anna@elinstallation.example.se");
        browser.get(link);
        wait.until(ExpectedConditions.titleContains("Välj lösenord"));
        if (!browser.findElements(By.id("bekrafta")).isEmpty()) {
            // Someone else's BankID (Nils) proves nothing about Anna's customer number.
            browser.findElement(By.id("bankid-annan-enhet")).click();
            var nils = BankIdSimulator.scan(waitForQrData(), BankIdSimulator.NILS);
            BankIdSimulator.approve(nils);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("bankid-status"), "hör inte till personnumret på kundnumret"));
            assertThat(browser.findElements(By.id("password"))).isEmpty();

            browser.findElement(By.id("bankid-forsok-igen")).click();
            var anna = BankIdSimulator.scan(waitForQrData(), BankIdSimulator.ANNA);
            BankIdSimulator.approve(anna);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("bekraftad")));
            assertThat(browser.getCurrentUrl()).startsWith(GATEWAY + "/auth/losenord");
        }
        choosePassword(null, "elinstallation-i-arvika-2026", "100002");

        LoginPage.passwordLogin(browser, "100002", "elinstallation-i-arvika-2026");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("main"), "Anna Anderssons Elinstallation"));
    }

    private String waitForQrData() {
        return wait.until(driver -> {
            var image = driver.findElement(By.id("bankid-qr"));
            var data = image.getAttribute("data-qr-data");
            return image.isDisplayed() && data != null && !data.isEmpty() ? data : null;
        });
    }

    @Test
    void companyRegistersAndLogsInWithItsSixteenPrefixedOrganisationNumber() {
        var link = registerAndOpenMail("100007", "16559012-3450", "kontoret@bergslagen.example.se");
        choosePassword(link, "kopparberg-och-jarnvag-1890", "100007");

        LoginPage.passwordLogin(browser, "16559012-3450", "kopparberg-och-jarnvag-1890");
        assertThat(Chromium.mainTextContaining(browser, Duration.ofSeconds(20), "Bergslagens Bygg AB"))
                .contains("100007");
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
            choosePassword(link, "elljus-over-vanern-2026", "100001");

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
    void anotherEmailThanTheRegisteredOneGetsTheSamePageAndTheAddressOnFileHearsOfIt() {
        var before = Inbox.newest();
        startRegistration("100001", "19121212-1212", "en-annan-adress@example.se");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("meddelande"), SENT));
        var page = browser.findElement(By.tagName("main")).getText();
        assertThat(page)
                .contains("För att byta e-postadress ring kundservice på tfn 0570-822 00 (vx)")
                .doesNotContain("tolvan@example.se")
                .doesNotContain("t***@");

        var notice = Inbox.await(before, "tolvan@example.se", "annan e-postadress");
        assertThat(Inbox.text(notice)).contains("ring kundservice på tfn 0570-822 00 (vx)");
        assertThat(Inbox.since(before, "en-annan-adress@example.se"))
                .as("nothing to the address typed")
                .isEmpty();
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

    /**
     * Opens the e-mailed link and chooses the password twice, landing on the login page with the confirmation. A first
     * address asks for proof: the letter with the activation code is ordered on the page and read from the local print
     * queue, as the customer would open their post.
     */
    private void choosePassword(String link, String password, String customerNumber) {
        if (link != null) {
            assertThat(link).startsWith(GATEWAY + "/auth/losenord/l/");
            browser.get(link);
            wait.until(ExpectedConditions.titleContains("Välj lösenord"));
            assertThat(browser.getCurrentUrl())
                    .as("the token leaves the address bar")
                    .isEqualTo(GATEWAY + "/auth/losenord");
        }
        if (!browser.findElements(By.id("bekrafta")).isEmpty()) {
            if (!browser.findElements(By.id("skicka-brev")).isEmpty()) {
                browser.findElement(By.id("skicka-brev")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("meddelande"), "Vi har skickat ett brev med en aktiveringskod"));
            }
            var code = activationCodeFromTheLetter(customerNumber);
            browser.findElement(By.id("activationCode")).sendKeys(code);
        }

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

    /** The newest letter in the local print queue for the customer, read in a second tab like opened post. */
    private String activationCodeFromTheLetter(String customerNumber) {
        var page = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        try {
            var code = new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
                d.get(INBOX + "/letters");
                return d.findElements(By.cssSelector("article.letter")).stream()
                        .map(letter -> letter.getText().replaceAll("\\s+", " "))
                        .filter(text -> text.contains("kundnummer " + customerNumber))
                        .map(text -> java.util.regex.Pattern.compile("\\b[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}\\b")
                                .matcher(text))
                        .filter(java.util.regex.Matcher::find)
                        .map(java.util.regex.Matcher::group)
                        .findFirst()
                        .orElse(null);
            });
            Chromium.screenshot(browser, "letter_" + customerNumber);
            return code;
        } finally {
            browser.close();
            browser.switchTo().window(page);
        }
    }
}
