package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static se.teknikivast.minasidor.system.RunningSystem.GATEWAY;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every customer page passes axe-core (WCAG 2.1 A and AA rules) with no violation, in a real Chromium: axe-core
 * from the npm registry (installed into {@code ops/.tools/axe} by {@code .ci/run}, or by hand with {@code npm install
 * --prefix ops/.tools/axe axe-core@4.11.0}), injected into each page as it stands. Without it the tests are skipped
 * with that reason, except in CI, where they fail.
 */
@ExtendWith(RunningSystem.class)
class AccessibilityBrowserTests {

    static final Duration WAIT = Duration.ofSeconds(20);

    private ChromeDriver browser;
    private WebDriverWait wait;
    private final List<String> violations = new ArrayList<>();

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
    void the_pages_of_a_password_login_from_start_to_logged_out_have_no_violation() throws IOException {
        browser.get(GATEWAY + "/");
        wait.until(ExpectedConditions.titleContains("Logga in"));
        check("login, BankID tab");
        browser.get(GATEWAY + "/auth/login?flik=anvandarnamn");
        check("login, customer number tab");
        LoginPage.passwordLogin(browser, "100004", "inte-det-ratta-losenordet");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[role=alert], .error, .fel")));
        check("login, wrong password");
        browser.get(GATEWAY + "/auth/login?flik=anvandarnamn&lang=en");
        check("login in English");
        browser.get(GATEWAY + "/auth/login?flik=anvandarnamn&lang=sv");
        LoginPage.passwordLogin(browser, "16556677-8899", "kraftledning-i-vast-2026");
        Chromium.mainTextContaining(browser, WAIT, "Västkustens Kraft AB");
        check("Mina sidor start page");
        browser.findElements(By.cssSelector("nav li"))
                .getLast()
                .findElement(By.tagName("button"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Du är nu utloggad"));
        check("logged out");
        browser.get(GATEWAY + "/auth/registrering");
        check("registration step 1");
        browser.findElement(By.id("customerNumber")).sendKeys("100006");
        browser.findElement(By.cssSelector("main form button[type=submit], main form button:not([type])"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("identityNumber")));
        check("registration step 2");
        browser.get(GATEWAY + "/auth/finns-inte");
        check("not found");
        assertThat(violations).as("axe-core violations (WCAG 2.1 A/AA)").isEmpty();
    }

    @Test
    void a_customer_logs_in_with_the_keyboard_alone_and_each_page_says_its_language() {
        browser.get(GATEWAY + "/auth/login?flik=anvandarnamn&lang=en");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("en");
        browser.get(GATEWAY + "/auth/login?flik=anvandarnamn&lang=sv");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("sv");

        // From the top of the page: Tab to the customer number field, type, Tab to the password, type, Enter.
        var keys = new org.openqa.selenium.interactions.Actions(browser);
        for (int tabs = 0; tabs < 30 && !"username".equals(focused()); tabs++) {
            keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
        }
        assertThat(focused()).as("Tab reaches the customer number field").isEqualTo("username");
        keys.sendKeys("16556677-8899").sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertThat(focused()).as("the next Tab is the password").isEqualTo("password");
        keys.sendKeys("kraftledning-i-vast-2026")
                .sendKeys(org.openqa.selenium.Keys.ENTER)
                .perform();

        Chromium.mainTextContaining(browser, WAIT, "Västkustens Kraft AB");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("sv");
    }

    private String focused() {
        return (String) browser.executeScript("return document.activeElement && document.activeElement.id");
    }

    /** Issue 20: the language chosen on the login page holds on Mina sidor and the logged-out page, and can switch. */
    @Test
    void an_english_speaking_customer_stays_in_english_from_the_login_to_logged_out() throws IOException {
        browser.get(GATEWAY + "/");
        wait.until(ExpectedConditions.titleContains("Logga in"));
        browser.get(GATEWAY + "/auth/login?flik=anvandarnamn&lang=en");
        browser.findElement(By.id("username")).sendKeys("16556677-8899");
        browser.findElement(By.id("password")).sendKeys("kraftledning-i-vast-2026");
        browser.findElement(By.xpath("//button[normalize-space()='Log in']")).click();

        var main = Chromium.mainTextContaining(browser, WAIT, "Västkustens Kraft AB");
        assertThat(main).contains("Welcome, Västkustens Kraft AB!", "Company", "Customer number and password");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("en");
        assertThat(browser.findElement(By.cssSelector("footer")).getText()).contains("+46 570-822 00");
        check("Mina sidor in English");

        browser.findElement(By.cssSelector("header a.language")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Välkommen"));
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("sv");
        browser.findElement(By.cssSelector("header a.language")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Welcome"));

        browser.findElements(By.cssSelector("nav li"))
                .getLast()
                .findElement(By.tagName("button"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "You are now logged out"));
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("en");
        check("logged out in English");
        assertThat(violations).as("axe-core violations (WCAG 2.1 A/AA)").isEmpty();
    }

    /** The harness itself: a page made worse on purpose must be caught, or the test above proves nothing. */
    @Test
    void a_page_with_an_image_without_text_and_an_unlabelled_field_is_caught() throws IOException {
        browser.get(GATEWAY + "/auth/login?flik=anvandarnamn");
        wait.until(ExpectedConditions.titleContains("Logga in"));
        browser.executeScript("""
                const main = document.querySelector('main');
                main.insertAdjacentHTML('beforeend', '<img src="/auth/img/x.png"><input type="text" name="x">');
                """);

        check("login made worse");

        assertThat(String.join("\n", violations)).contains("image-alt").contains("label");
    }

    private void check(String page) throws IOException {
        var axe = Files.readString(axeScript());
        browser.executeScript(axe);
        @SuppressWarnings("unchecked")
        var result = (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                   .then(r => done({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact,
                        help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary)}))}))
                   .catch(e => done({error: String(e)}));
                """);
        assertThat(result).as(page).doesNotContainKey("error");
        assertThat(((Number) result.get("passes")).intValue())
                .as("%s: rules axe-core found something to check and passed", page)
                .isGreaterThan(3);
        @SuppressWarnings("unchecked")
        var found = (List<Map<String, Object>>) result.get("violations");
        for (var violation : found) {
            violations.add("%s (%s): %s %s %s"
                    .formatted(
                            page,
                            browser.getCurrentUrl(),
                            violation.get("id"),
                            violation.get("help"),
                            violation.get("nodes")));
        }
    }

    static Path axeScript() {
        var script = RunningSystem.repositoryRoot().resolve("ops/.tools/axe/node_modules/axe-core/axe.min.js");
        var missing = "axe-core is not installed: npm install --prefix ops/.tools/axe axe-core@4.11.0";
        if (!Files.exists(script)) {
            assertThat(System.getenv("CI")).as(missing).isNotEqualTo("true");
            Assumptions.abort(missing);
        }
        return script;
    }
}
