package se.teknikivast.minasidor.auth.bankid;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import se.teknikivast.minasidor.auth.web.PublicSite;

/**
 * The browser side of the "Mobilt BankID" tab (static/js/bankid.js): start, the animated QR, status polling, cancel,
 * and the page for choosing among several customer accounts. State-changing calls are POSTs with the CSRF token.
 */
@Controller
@RequestMapping("/bankid")
class BankIdLoginController {

    private final BankIdLogins logins;
    private final BankIdCompletions completions;
    private final String returnUrl;
    private final String proofReturnUrl;

    BankIdLoginController(
            BankIdLogins logins,
            BankIdCompletions completions,
            PublicSite site,
            @Value("${server.servlet.context-path:}") String contextPath) {
        this.logins = logins;
        this.completions = completions;
        // The BankID app returns the customer here (same-device, mobile); the fragment keeps the page from
        // reloading when it is already open, and tells the script to resume polling. RelayDefence adds the order's
        // nonce to the fragment: a fragment never reaches a server log or a Referer.
        this.returnUrl = site.address(contextPath + "/login?flik=bankid#initiated=true");
        // A registration's proof returns to the password page that started it.
        this.proofReturnUrl = site.address(contextPath + "/losenord#initiated=true");
    }

    @PostMapping("/start")
    @ResponseBody
    ResponseEntity<Map<String, Object>> start(
            @RequestParam(name = "enhet", defaultValue = "annan") String where,
            @RequestParam(name = "device", defaultValue = "desktop") String device,
            @RequestParam(name = "syfte", defaultValue = "") String purpose,
            HttpServletRequest request,
            Locale locale) {
        boolean sameDevice = "denna".equals(where);
        boolean proof = "registrering".equals(purpose);
        var started = logins.start(
                request,
                sameDevice,
                "mobile".equals(device) ? "mobile" : "desktop",
                proof ? proofReturnUrl : returnUrl,
                proof,
                locale);
        var body = body(started.status());
        if (started.launchUrl() != null) {
            body.put("launchUrl", started.launchUrl());
        }
        return noStore(body);
    }

    @GetMapping("/qr")
    @ResponseBody
    ResponseEntity<?> qr(HttpServletRequest request, Locale locale) {
        var qr = logins.qr(request);
        if (qr == null) {
            // Polled after the order ended (or without one): a problem the script treats like any failure.
            var problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND,
                    "en".equals(locale.getLanguage())
                            ? "No BankID identification in progress"
                            : "Ingen pågående legitimering med BankID");
            problem.setType(URI.create("https://teknikivast.se/problems/no-bankid-order"));
            problem.setProperty("code", "no-bankid-order");
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .cacheControl(CacheControl.noStore())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        var body = new LinkedHashMap<String, Object>();
        // The payload is what the image shows anyway (it changes every second and is useless without the app);
        // exposing it lets tests and accessibility tools read the code without decoding the image.
        body.put("qrData", qr.qrData());
        body.put(
                "image",
                "data:image/svg+xml;base64,"
                        + Base64.getEncoder().encodeToString(qr.svg().getBytes(StandardCharsets.UTF_8)));
        return noStore(body);
    }

    @PostMapping("/status")
    @ResponseBody
    ResponseEntity<Map<String, Object>> status(
            @RequestParam(name = "nonce", required = false) String nonce,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale) {
        // The nonce of the order's returnUrl, posted by the page the BankID app returned to (never in a query).
        var returned = nonce == null || nonce.isBlank() || nonce.length() > 100 ? null : nonce;
        return noStore(body(logins.status(request, response, locale, returned)));
    }

    @PostMapping("/cancel")
    ResponseEntity<Void> cancel(HttpServletRequest request) {
        logins.cancel(request);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/valj")
    String choice(HttpServletRequest request, Model model) {
        var choice = completions.choice(request);
        if (choice == null) {
            return "redirect:/login?flik=bankid";
        }
        model.addAttribute("accounts", choice.accounts());
        return "bankid/choose";
    }

    @PostMapping("/valj")
    ResponseEntity<Void> choose(
            @RequestParam(name = "customerNumber", required = false) String customerNumber,
            HttpServletRequest request,
            HttpServletResponse response) {
        var target = customerNumber == null ? null : completions.choose(request, response, customerNumber);
        var location = target != null ? URI.create(target) : URI.create(request.getContextPath() + "/bankid/valj");
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(location).build();
    }

    private static Map<String, Object> body(BankIdLogins.Status status) {
        var body = new LinkedHashMap<String, Object>();
        body.put("state", status.state());
        if (status.hintCode() != null) {
            body.put("hintCode", status.hintCode());
        }
        if (status.message() != null) {
            body.put("message", status.message());
        }
        if (status.redirect() != null) {
            body.put("redirect", status.redirect());
        }
        if (status.qr() != null) {
            body.put("qr", status.qr());
        }
        return body;
    }

    private static ResponseEntity<Map<String, Object>> noStore(Map<String, Object> body) {
        // Always JSON, whatever the Accept header says (a preset Content-Type skips negotiation).
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
