package se.teknikivast.minasidor.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium + chromium-driver), with the flags that keep it off the network: these
 * machines reach no host but their own.
 */
final class Chromium {

    private Chromium() {}

    static ChromeDriver start() {
        try {
            var profile = Files.createTempDirectory("chromium-profile-");
            var options = new ChromeOptions();
            options.setBinary(binary("MINASIDOR_CHROMIUM", "/usr/bin/chromium"));
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--lang=sv-SE",
                    "--window-size=1280,1000",
                    "--user-data-dir=" + profile);
            var service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(binary("MINASIDOR_CHROMEDRIVER", "/usr/bin/chromedriver"))
                            .toFile())
                    .build();
            var driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text of the page's {@code main} once it contains {@code expected}, read in the same step as the check. A
     * login ends in a chain of redirects started by a script, so the page that first showed the text may be replaced
     * by the time it is read a second time (ChromeDriver: "Node with given id does not belong to the document"); one
     * read cannot straddle two documents.
     */
    static String mainTextContaining(WebDriver browser, Duration timeout, String expected) {
        return new WebDriverWait(browser, timeout)
                .ignoring(WebDriverException.class)
                .withMessage(() -> "the page's main element to contain \"" + expected + "\"")
                .until(driver -> {
                    var text = driver.findElement(By.tagName("main")).getText();
                    return text.contains(expected) ? text : null;
                });
    }

    /** Saves what the browser shows, for a person to look at when a test fails. */
    static void screenshot(ChromeDriver driver, String name) {
        try {
            var target = Path.of("target", "screenshots", name + ".png");
            Files.createDirectories(target.getParent());
            Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            // A missing screenshot must not hide the test's own failure.
        }
    }

    private static String binary(String environmentVariable, String fallback) {
        var configured = System.getenv(environmentVariable);
        return configured == null || configured.isBlank() ? fallback : configured;
    }
}
