package se.teknikivast.minasidor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs ops/check-alerts.sh, which holds ops/prometheus/alerts.yml against promtool: the rules and prometheus.yml are
 * valid, and the rule unit tests in ops/prometheus/tests show every alert firing on the series an outage produces and
 * staying silent below its threshold. A rule that can no longer fire fails the build here. Where promtool is missing
 * the test is skipped, except in CI ({@code CI=true}), where .ci/run installs it and its absence is a failure.
 */
class AlertRulesTests {

    private static final Path ROOT =
            Path.of(System.getProperty("minasidor.root", "..")).toAbsolutePath().normalize();

    /** ops/check-alerts.sh's exit code when it finds no promtool. */
    private static final int PROMTOOL_MISSING = 3;

    @Test
    void everyAlertFiresOnItsOutageAndStaysSilentBelowItsThreshold() throws Exception {
        var check = new ProcessBuilder(
                        "bash", ROOT.resolve("ops/check-alerts.sh").toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        if (!check.waitFor(120, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            fail("ops/check-alerts.sh took longer than 120 s");
        }
        var output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        if (check.exitValue() == PROMTOOL_MISSING) {
            if (Boolean.parseBoolean(System.getenv("CI"))) {
                fail("promtool is missing in CI; .ci/run must run ops/check-alerts.sh --install:%n%s", output);
            }
            assumeTrue(false, "promtool is not installed here; run ops/check-alerts.sh --install (Debian/Ubuntu)");
        }
        assertThat(check.exitValue())
                .as("ops/check-alerts.sh said:%n%s", output)
                .isZero();
        assertThat(output).contains("alert rules valid and tested");
    }
}
