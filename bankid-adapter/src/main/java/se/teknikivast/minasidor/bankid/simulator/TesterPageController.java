package se.teknikivast.minasidor.bankid.simulator;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The tester page: pending orders with buttons to identify as a persona, cancel or fail them, a QR-code "camera"
 * and fault injection. Plain server-rendered HTML with forms: no script at all, so a strict CSP holds.
 */
@Controller
@Profile("simulator")
class TesterPageController {

    private static final List<String> FAIL_HINTS = List.of(
            "certificateErr",
            "startFailed",
            "expiredTransaction",
            "transactionRiskBlocked",
            "userDeclinedCall",
            "notSupportedByUserApp");

    private final SimulatedBankId bankId;
    private final HolderApps apps;
    private final InjectedFaults injected;
    private final Clock clock;

    TesterPageController(SimulatedBankId bankId, HolderApps apps, InjectedFaults injected, Clock clock) {
        this.bankId = bankId;
        this.apps = apps;
        this.injected = injected;
        this.clock = clock;
    }

    @GetMapping("/simulator")
    @ResponseBody
    ResponseEntity<String> page(HttpServletRequest request, @RequestParam(required = false) String note) {
        var csrf = csrfField(request);
        var orders = bankId.orders();
        var html = new StringBuilder(8192);
        html.append("<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>BankID-simulator</title>")
                .append("<link rel=\"stylesheet\" href=\"/simulator/simulator.css\"></head><body>")
                .append("<h1>BankID-simulator</h1>")
                .append("<p>Låtsas-BankID för test och utveckling. Starta en inloggning med Mobilt BankID och ")
                .append("identifiera dig här som en av testpersonerna. <a href=\"/simulator\">Uppdatera</a></p>");
        if (note != null && !note.isBlank()) {
            html.append("<p class=\"note\" role=\"status\">")
                    .append(htmlEscape(note))
                    .append("</p>");
        }
        html.append("<h2>Pågående order</h2>");
        var pending = orders.stream().filter(OrderView::pending).toList();
        if (pending.isEmpty()) {
            html.append("<p>Inga pågående order. Starta en inloggning och <a href=\"/simulator\">uppdatera</a>.</p>");
        }
        for (var order : pending) {
            var ref = htmlEscape(order.orderRef());
            var age = Duration.between(order.createdAt(), clock.instant()).toSeconds();
            html.append("<section class=\"order\"><h3>Order ")
                    .append(ref, 0, Math.min(ref.length(), 8))
                    .append("…</h3><p>Startad för ")
                    .append(age)
                    .append(" s sedan · ")
                    .append(order.phone() ? "telefon" : "QR/autostart")
                    .append(" · status ")
                    .append(htmlEscape(order.hintCode()));
            if (order.name() != null) {
                html.append(" · öppnad av ").append(htmlEscape(order.name()));
            }
            html.append("</p>");
            if (order.visibleText() != null) {
                html.append("<p class=\"visible\">")
                        .append(htmlEscape(order.visibleText()))
                        .append("</p>");
            }
            html.append("<form method=\"post\" action=\"/simulator/orders/")
                    .append(ref)
                    .append("/identify\">")
                    .append(csrf)
                    .append("<label>Identifiera som <select name=\"personalNumber\">");
            for (var persona : Personas.ALL) {
                html.append("<option value=\"")
                        .append(persona.personalNumber())
                        .append("\">")
                        .append(htmlEscape(persona.name() + " (" + persona.displayNumber() + ")"))
                        .append(
                                persona.outcome() == Persona.Outcome.COMPLETE
                                        ? ""
                                        : " – "
                                                + htmlEscape(
                                                        persona.outcome().name().toLowerCase()))
                        .append("</option>");
            }
            html.append("</select></label> <button type=\"submit\">Identifiera</button></form>");
            html.append("<form method=\"post\" action=\"/simulator/orders/")
                    .append(ref)
                    .append("/cancel\">")
                    .append(csrf)
                    .append("<button type=\"submit\">Avbryt i appen</button></form>");
            html.append("<form method=\"post\" action=\"/simulator/orders/")
                    .append(ref)
                    .append("/fail\">")
                    .append(csrf)
                    .append("<label>Misslyckas med <select name=\"hintCode\">");
            for (var hint : FAIL_HINTS) {
                html.append("<option>").append(hint).append("</option>");
            }
            html.append("</select></label> <button type=\"submit\">Misslyckas</button></form></section>");
        }

        html.append("<h2>Läs av QR-kod</h2><form method=\"post\" action=\"/simulator/scan\">")
                .append(csrf)
                .append("<label>QR-data <input name=\"qrData\" size=\"60\" placeholder=\"bankid.…\"></label> ")
                .append("<label>som <select name=\"personalNumber\">");
        for (var persona : Personas.ALL) {
            html.append("<option value=\"")
                    .append(persona.personalNumber())
                    .append("\">")
                    .append(htmlEscape(persona.name()))
                    .append("</option>");
        }
        html.append("</select></label> <button type=\"submit\">Läs av</button></form>");

        var faults = injected.current();
        html.append("<h2>Felinjicering</h2><p>Nu: ")
                .append(htmlEscape(faults.mode()))
                .append(", fördröjning ")
                .append(faults.delayMillis())
                .append(" ms</p><form method=\"post\" action=\"/simulator/faults\">")
                .append(csrf)
                .append("<label>Fel <select name=\"mode\">");
        for (var mode : List.of("none", "maintenance", "internalError", "requestTimeout")) {
            html.append("<option")
                    .append(mode.equals(faults.mode()) ? " selected" : "")
                    .append(">")
                    .append(mode)
                    .append("</option>");
        }
        html.append("</select></label> <label>Fördröjning (ms) <input name=\"delayMillis\" type=\"number\" min=\"0\"")
                .append(" max=\"60000\" value=\"")
                .append(faults.delayMillis())
                .append("\"></label> <button type=\"submit\">Spara</button></form>");

        html.append("<h2>Avslutade order</h2><ul>");
        orders.stream()
                .filter(o -> !o.pending())
                .limit(20)
                .forEach(o -> html.append("<li>")
                        .append(htmlEscape(o.orderRef().substring(0, 8)))
                        .append("… ")
                        .append(o.status().wire())
                        .append(o.hintCode() != null ? " (" + htmlEscape(o.hintCode()) + ")" : "")
                        .append(o.name() != null ? " – " + htmlEscape(o.name()) : "")
                        .append("</li>"));
        html.append("</ul></body></html>");
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store")
                .body(html.toString());
    }

    @PostMapping("/simulator/orders/{orderRef}/identify")
    ResponseEntity<Void> identify(@PathVariable String orderRef, @RequestParam String personalNumber) {
        return act(() -> apps.identify(orderRef, personalNumber), "Identifierad.");
    }

    @PostMapping("/simulator/orders/{orderRef}/cancel")
    ResponseEntity<Void> cancel(@PathVariable String orderRef) {
        return act(() -> apps.userCancel(orderRef), "Avbruten i appen.");
    }

    @PostMapping("/simulator/orders/{orderRef}/fail")
    ResponseEntity<Void> fail(@PathVariable String orderRef, @RequestParam String hintCode) {
        if (!FAIL_HINTS.contains(hintCode)) {
            return back("Okänd felkod.");
        }
        return act(() -> apps.fail(orderRef, hintCode), "Ordern misslyckades: " + hintCode + ".");
    }

    @PostMapping("/simulator/scan")
    ResponseEntity<Void> scan(@RequestParam String qrData, @RequestParam String personalNumber) {
        return act(() -> apps.scan(qrData, personalNumber), "QR-koden avläst. Identifiera ordern ovan.");
    }

    @PostMapping("/simulator/faults")
    ResponseEntity<Void> faults(@RequestParam String mode, @RequestParam(defaultValue = "0") long delayMillis) {
        if (!List.of("none", "maintenance", "internalError", "requestTimeout").contains(mode)) {
            return back("Okänt fel.");
        }
        injected.inject(new InjectedFaults.Faults(mode, Math.clamp(delayMillis, 0, 60_000), -1));
        return back("Felinjicering sparad.");
    }

    private ResponseEntity<Void> act(Runnable action, String done) {
        try {
            action.run();
            return back(done);
        } catch (PhoneRefusal refusal) {
            return back(refusal.getMessage());
        }
    }

    /** Post/redirect/get, so a reload does not repeat the action. */
    private static ResponseEntity<Void> back(String note) {
        var location = org.springframework.web.util.UriComponentsBuilder.fromPath("/simulator")
                .queryParam("note", note)
                .encode()
                .build()
                .toUri();
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create(location.toString()))
                .build();
    }

    private static String csrfField(HttpServletRequest request) {
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            return "<input type=\"hidden\" name=\"" + htmlEscape(token.getParameterName()) + "\" value=\""
                    + htmlEscape(token.getToken()) + "\">";
        }
        return "";
    }
}
