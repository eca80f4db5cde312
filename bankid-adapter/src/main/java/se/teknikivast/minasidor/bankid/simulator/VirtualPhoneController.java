package se.teknikivast.minasidor.bankid.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The virtual phone: what a BankID holder does in the app, as JSON calls. Personal numbers travel in bodies.
 *
 * <ul>
 *   <li>{@code POST /simulator/api/scan {"qrData","personalNumber"}} – scan an animated QR code
 *   <li>{@code POST /simulator/api/autostart {"autoStartToken","personalNumber","deviceIp"?}} – open via the autostart link
 *       (from another address than the browser's: the relayed link); approving such an order answers the order's
 *       {@code returnUrl}, which the app opens next
 *   <li>{@code POST /simulator/api/orders/{orderRef}/approve|cancel} – identify / press Avbryt
 *   <li>{@code POST /simulator/api/orders/{orderRef}/identify {"personalNumber"}} – open and approve in one go
 *   <li>{@code POST /simulator/api/orders/{orderRef}/fail {"hintCode"}}, {@code …/hint {"hintCode"}} – the tester
 *   <li>{@code GET /simulator/api/orders}; {@code GET|POST /simulator/api/faults {"mode","delayMillis","remaining"}}
 *       (mode: {@code none} or any RP error code to answer with)
 * </ul>
 */
@RestController
@Profile("simulator")
@RequestMapping("/simulator/api")
class VirtualPhoneController {

    private final SimulatedBankId bankId;
    private final HolderApps apps;
    private final InjectedFaults faults;

    VirtualPhoneController(SimulatedBankId bankId, HolderApps apps, InjectedFaults faults) {
        this.bankId = bankId;
        this.apps = apps;
        this.faults = faults;
    }

    record Scan(String qrData, String personalNumber) {}

    /** @param deviceIp where BankID sees the app (optional; another address than the browser's plays a relay) */
    record Autostart(String autoStartToken, String personalNumber, String deviceIp) {}

    record Identify(String personalNumber) {}

    record Hint(String hintCode) {}

    record FaultRequest(String mode, Long delayMillis, Integer remaining) {}

    @PostMapping("/scan")
    Map<String, Object> scan(@RequestBody Scan scan) {
        return answer(apps.scan(scan.qrData(), scan.personalNumber()));
    }

    @PostMapping("/autostart")
    Map<String, Object> autostart(@RequestBody Autostart autostart) {
        var deviceIp = autostart.deviceIp();
        if (deviceIp != null && !isIp(deviceIp)) {
            throw new PhoneRefusal("invalidDeviceIp", "deviceIp måste vara en IPv4- eller IPv6-adress.");
        }
        return answer(apps.autostart(autostart.autoStartToken(), autostart.personalNumber(), deviceIp));
    }

    @PostMapping("/orders/{orderRef}/approve")
    Map<String, Object> approve(@PathVariable String orderRef) {
        return answer(apps.approve(orderRef));
    }

    @PostMapping("/orders/{orderRef}/cancel")
    Map<String, Object> cancel(@PathVariable String orderRef) {
        return answer(apps.userCancel(orderRef));
    }

    @PostMapping("/orders/{orderRef}/identify")
    Map<String, Object> identify(@PathVariable String orderRef, @RequestBody Identify identify) {
        return answer(apps.identify(orderRef, identify.personalNumber()));
    }

    @PostMapping("/orders/{orderRef}/fail")
    Map<String, Object> fail(@PathVariable String orderRef, @RequestBody Hint hint) {
        return answer(apps.fail(orderRef, required(hint.hintCode())));
    }

    @PostMapping("/orders/{orderRef}/hint")
    Map<String, Object> hint(@PathVariable String orderRef, @RequestBody Hint hint) {
        return answer(apps.hint(orderRef, required(hint.hintCode())));
    }

    @GetMapping("/orders")
    List<Map<String, Object>> orders() {
        return bankId.orders().stream().map(VirtualPhoneController::answer).toList();
    }

    @GetMapping("/faults")
    InjectedFaults.Faults faults() {
        return faults.current();
    }

    @PostMapping("/faults")
    InjectedFaults.Faults inject(@RequestBody FaultRequest request) {
        var mode = request.mode() == null ? "none" : request.mode();
        // Any error code may be injected (maintenance, internalError, requestTimeout, unauthorized,
        // invalidParameters, or one BankID has not invented yet).
        if (!mode.matches("[A-Za-z]{1,40}")) {
            throw new PhoneRefusal("invalidFault", "mode måste vara none eller en felkod, t.ex. maintenance.");
        }
        long delay = request.delayMillis() == null ? 0 : Math.clamp(request.delayMillis(), 0, 60_000);
        faults.inject(new InjectedFaults.Faults(mode, delay, request.remaining() == null ? -1 : request.remaining()));
        return faults.current();
    }

    @ExceptionHandler(PhoneRefusal.class)
    ResponseEntity<Map<String, String>> refused(PhoneRefusal refusal) {
        var status = "unknownOrder".equals(refusal.error()) ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_CONTENT;
        return ResponseEntity.status(status).body(Map.of("error", refusal.error(), "detail", refusal.getMessage()));
    }

    private static boolean isIp(String text) {
        try {
            java.net.InetAddress.ofLiteral(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String required(String hintCode) {
        if (hintCode == null || !hintCode.matches("[A-Za-z]{1,40}")) {
            throw new PhoneRefusal("invalidHintCode", "hintCode saknas eller är ogiltig.");
        }
        return hintCode;
    }

    /** The phone's view of an order: the holder's own personal number is fine here, it is their phone. */
    static Map<String, Object> answer(OrderView view) {
        var answer = new LinkedHashMap<String, Object>();
        answer.put("orderRef", view.orderRef());
        answer.put("createdAt", view.createdAt().toString());
        answer.put("status", view.status().wire());
        answer.put("hintCode", view.hintCode());
        answer.put("phone", view.phone());
        answer.put("openedBy", view.openedBy());
        answer.put("personalNumber", view.personalNumber());
        answer.put("name", view.name());
        answer.put("certificatePolicies", view.certificatePolicies());
        answer.put("userVisibleData", view.visibleText());
        // Where the app goes when it is done: the order's returnUrl, opened on the app's own device.
        answer.put("returnUrl", view.returnUrl());
        return answer;
    }
}
