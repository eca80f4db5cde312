package se.teknikivast.minasidor.bankid.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.InetAddress;
import java.net.URI;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.teknikivast.minasidor.bankid.PersonalNumbers;
import se.teknikivast.minasidor.bankid.order.CollectResult;
import se.teknikivast.minasidor.bankid.order.Identifications;
import se.teknikivast.minasidor.bankid.order.OrderNotFoundException;
import se.teknikivast.minasidor.bankid.order.StartCommand;
import se.teknikivast.minasidor.bankid.order.StartedIdentification;
import se.teknikivast.minasidor.bankid.qr.QrImages;

/** The adapter's API for auth-service (scope {@code bankid}). Identity numbers only ever in bodies. */
@RestController
@RequestMapping("/api")
class IdentificationController {

    private static final java.util.regex.Pattern ORDER_REF = java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** BankID's limit on userVisibleData, counted in base64 characters (docs/bankid.md). */
    private static final int MAX_USER_VISIBLE_DATA = 1500;

    private final Identifications identifications;

    IdentificationController(Identifications identifications) {
        this.identifications = identifications;
    }

    record StartRequest(
            @NotBlank @Size(max = 45) String endUserIp,
            @NotNull Boolean sameDevice,
            @Pattern(regexp = "mobile|desktop") String device,
            @Size(max = 1000) String userVisibleData,
            @Size(max = 512) String returnUrl) {}

    record PhoneStartRequest(
            @NotBlank String personalNumber,
            @NotBlank @Pattern(regexp = "user|RP") String callInitiator,
            @Size(max = 1000) String userVisibleData) {}

    record PhoneStarted(String orderRef) {}

    record QrData(String qrData) {}

    @PostMapping("/identifications")
    @ResponseStatus(HttpStatus.CREATED)
    StartedIdentification start(@Valid @RequestBody StartRequest request) {
        if (!isIpAddress(request.endUserIp())) {
            throw new InvalidRequestException("endUserIp måste vara en IPv4- eller IPv6-adress.");
        }
        if (request.userVisibleData() != null && base64Length(request.userVisibleData()) > MAX_USER_VISIBLE_DATA) {
            throw new InvalidRequestException(
                    "userVisibleData är för lång: högst " + MAX_USER_VISIBLE_DATA + " tecken som base64 av UTF-8.");
        }
        if (request.returnUrl() != null && !isHttpUrl(request.returnUrl())) {
            throw new InvalidRequestException("returnUrl måste vara en absolut http(s)-adress.");
        }
        return identifications.start(new StartCommand(
                request.endUserIp(),
                request.sameDevice(),
                "desktop".equals(request.device()),
                request.userVisibleData(),
                request.returnUrl()));
    }

    @PostMapping("/phone-identifications")
    @ResponseStatus(HttpStatus.CREATED)
    PhoneStarted startPhone(@Valid @RequestBody PhoneStartRequest request) {
        var personalNumber = PersonalNumbers.normalize(request.personalNumber())
                .orElseThrow(() -> new InvalidRequestException("Ogiltigt personnummer."));
        return new PhoneStarted(identifications.startPhone(
                personalNumber, "user".equals(request.callInitiator()), request.userVisibleData()));
    }

    @GetMapping("/identifications/{orderRef}/qr")
    ResponseEntity<QrData> qr(@PathVariable String orderRef) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new QrData(identifications.qrData(checked(orderRef))));
    }

    @GetMapping(value = "/identifications/{orderRef}/qr.svg", produces = "image/svg+xml")
    ResponseEntity<String> qrImage(@PathVariable String orderRef) {
        var svg = QrImages.svg(identifications.qrData(checked(orderRef)));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.valueOf("image/svg+xml"))
                .body(svg);
    }

    @PostMapping("/identifications/{orderRef}/collect")
    CollectResult collect(@PathVariable String orderRef) {
        return identifications.collect(checked(orderRef));
    }

    @PostMapping("/identifications/{orderRef}/cancel")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void cancel(@PathVariable String orderRef) {
        identifications.cancel(checked(orderRef));
    }

    private static String checked(String orderRef) {
        if (!ORDER_REF.matcher(orderRef).matches()) {
            throw new OrderNotFoundException();
        }
        return orderRef;
    }

    private static int base64Length(String text) {
        int bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return 4 * ((bytes + 2) / 3);
    }

    private static boolean isIpAddress(String text) {
        try {
            InetAddress.ofLiteral(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isHttpUrl(String text) {
        try {
            var uri = URI.create(text);
            return uri.isAbsolute()
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
