package se.teknikivast.minasidor.auth.bankid;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.auth.customer.Customer;
import se.teknikivast.minasidor.auth.customer.CustomerDirectory;
import se.teknikivast.minasidor.auth.customer.CustomerServiceUnavailableException;
import se.teknikivast.minasidor.auth.login.LoginProperties;
import se.teknikivast.minasidor.auth.password.BankIdRegistrationProof;
import se.teknikivast.minasidor.auth.password.CustomerContacts;
import se.teknikivast.minasidor.auth.password.RegistrationProofs;
import se.teknikivast.minasidor.auth.server.CustomerAuthentication;

/**
 * The BankID login: starts an order at the adapter, follows it while the browser polls, and on completion turns the
 * personal number into a customer login. The personal number is used here and in the masked audit log only; it
 * never goes into the session, a response, a URL or a token.
 */
@Component
class BankIdLogins {

    private static final Logger log = LoggerFactory.getLogger(BankIdLogins.class);
    private static final Set<String> BANKID_CUSTOMER_TYPES = Set.of("PRIVATE_PERSON", "SOLE_TRADER");

    /** What the page shows next; {@code message} is already in the page's language. */
    record Status(String state, String hintCode, String message, String redirect, Boolean qr) {

        static Status of(String state, String hintCode, String message) {
            return new Status(state, hintCode, message, null, null);
        }
    }

    record Start(Status status, String launchUrl) {}

    private final BankIdAdapter adapter;
    private final CustomerDirectory customers;
    private final BankIdAudit audit;
    private final MessageSource messages;
    private final LoginProperties login;
    private final BankIdProperties properties;
    private final Clock clock;
    private final BankIdRegistrationProof proofs;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository contextRepository = new HttpSessionSecurityContextRepository();
    private final RequestCache requestCache = new HttpSessionRequestCache();

    BankIdLogins(
            BankIdAdapter adapter,
            CustomerDirectory customers,
            BankIdAudit audit,
            MessageSource messages,
            LoginProperties login,
            BankIdProperties properties,
            Clock clock,
            BankIdRegistrationProof proofs) {
        this.proofs = proofs;
        this.adapter = adapter;
        this.customers = customers;
        this.audit = audit;
        this.messages = messages;
        this.login = login;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param proof the order proves the pending registration this session's password page is for (a customer number
     *     from the mailed link), instead of logging in
     */
    Start start(
            HttpServletRequest request,
            boolean sameDevice,
            String device,
            String returnUrl,
            boolean proof,
            Locale locale) {
        var session = request.getSession();
        cancelQuietly(session.getAttribute(BankIdSession.ORDER));
        session.removeAttribute(BankIdSession.ORDER);
        session.removeAttribute(BankIdSession.CHOICE);
        session.removeAttribute(BankIdSession.PROOF_FOR);
        if (proof) {
            var customerNumber = RegistrationProofs.awaiting(session).orElse(null);
            if (customerNumber == null) {
                return new Start(Status.of("failed", null, text("bankid.rfa22", locale)), null);
            }
            session.setAttribute(BankIdSession.PROOF_FOR, customerNumber);
        }
        // With native forwarded-header handling, the remote address is the browser's when the request came through
        // the gateway (a trusted proxy) and the direct peer otherwise: a client cannot choose it.
        var endUserIp = request.getRemoteAddr();
        try {
            var started = adapter.start(endUserIp, sameDevice, device, sameDevice ? returnUrl : null);
            session.setAttribute(
                    BankIdSession.ORDER,
                    new BankIdSession.Order(started.orderRef(), sameDevice, endUserIp, clock.instant()));
            String launchUrl = null;
            if (sameDevice && started.launchUrls() != null) {
                launchUrl = "mobile".equals(device)
                        ? started.launchUrls().mobile()
                        : started.launchUrls().desktop();
            }
            var first = text(sameDevice ? "bankid.rfa13" : "bankid.rfa1", locale);
            return new Start(new Status("pending", "outstandingTransaction", first, null, !sameDevice), launchUrl);
        } catch (BankIdAdapter.UnavailableException | BankIdAdapter.OrderGoneException e) {
            log.warn("BankID start failed: {}", e.getMessage());
            return new Start(unavailable(locale), null);
        }
    }

    record Qr(String qrData, String svg) {}

    /** The current QR payload and image, or null when there is no pending QR order in this session. */
    Qr qr(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session == null
                || !(session.getAttribute(BankIdSession.ORDER) instanceof BankIdSession.Order order)
                || order.sameDevice()) {
            return null;
        }
        try {
            var qrData = adapter.qrData(order.orderRef());
            return qrData == null ? null : new Qr(qrData, adapter.qrSvg(order.orderRef()));
        } catch (BankIdAdapter.OrderGoneException | BankIdAdapter.UnavailableException e) {
            return null;
        }
    }

    Status status(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        var session = request.getSession(false);
        if (session == null) {
            return Status.of("none", null, null);
        }
        if (session.getAttribute(BankIdSession.CHOICE) instanceof BankIdSession.Choice) {
            return new Status("choose", null, null, request.getContextPath() + "/bankid/valj", null);
        }
        if (!(session.getAttribute(BankIdSession.ORDER) instanceof BankIdSession.Order order)) {
            return Status.of("none", null, null);
        }
        BankIdAdapter.Collect collect;
        try {
            collect = adapter.collect(order.orderRef());
        } catch (BankIdAdapter.OrderGoneException e) {
            session.removeAttribute(BankIdSession.ORDER);
            audit.login("failed");
            return Status.of("failed", null, text("bankid.rfa22", locale));
        } catch (BankIdAdapter.UnavailableException e) {
            log.warn("BankID collect failed: {}", e.getMessage());
            session.removeAttribute(BankIdSession.ORDER);
            return unavailable(locale);
        }
        return switch (collect.status()) {
            case "pending" -> {
                var showQr = !order.sameDevice()
                        && ("outstandingTransaction".equals(collect.hintCode())
                                || "noClient".equals(collect.hintCode()));
                yield new Status("pending", collect.hintCode(), message(collect.message(), locale), null, showQr);
            }
            case "complete" -> {
                session.removeAttribute(BankIdSession.ORDER);
                yield complete(request, response, order, collect.completion(), locale);
            }
            default -> {
                session.removeAttribute(BankIdSession.ORDER);
                audit.bankIdOutcome(BankIdAudit.hintOutcome(collect.hintCode()));
                audit.login("userCancel".equals(collect.hintCode()) ? "cancelled" : "failed");
                yield Status.of("failed", collect.hintCode(), message(collect.message(), locale));
            }
        };
    }

    void cancel(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session == null) {
            return;
        }
        var order = session.getAttribute(BankIdSession.ORDER);
        session.removeAttribute(BankIdSession.ORDER);
        session.removeAttribute(BankIdSession.CHOICE);
        if (order instanceof BankIdSession.Order) {
            audit.bankIdOutcome("cancelled-by-user");
            audit.login("cancelled");
        }
        cancelQuietly(order);
    }

    /** The accounts to choose from, or null when there is no (fresh) choice in this session. */
    BankIdSession.Choice choice(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session == null || !(session.getAttribute(BankIdSession.CHOICE) instanceof BankIdSession.Choice choice)) {
            return null;
        }
        if (choice.identifiedAt().plus(properties.choiceTimeout()).isBefore(clock.instant())) {
            session.removeAttribute(BankIdSession.CHOICE);
            return null;
        }
        return choice;
    }

    /** Logs in as the chosen account; null when the choice is not one offered (or has expired). */
    String choose(HttpServletRequest request, HttpServletResponse response, String customerNumber) {
        var choice = choice(request);
        if (choice == null) {
            return null;
        }
        var account = choice.accounts().stream()
                .filter(a -> a.customerNumber().equals(customerNumber))
                .findFirst()
                .orElse(null);
        if (account == null) {
            return null;
        }
        request.getSession().removeAttribute(BankIdSession.CHOICE);
        log.info(
                "BankID login personalNumber={} chose customerNumber={}",
                choice.maskedPersonalNumber(),
                customerNumber);
        return logIn(request, response, account);
    }

    private Status complete(
            HttpServletRequest request,
            HttpServletResponse response,
            BankIdSession.Order order,
            BankIdAdapter.Completion completion,
            Locale locale) {
        audit.bankIdOutcome("complete");
        var proofFor = request.getSession().getAttribute(BankIdSession.PROOF_FOR);
        request.getSession().removeAttribute(BankIdSession.PROOF_FOR);
        if (completion == null || completion.personalNumber() == null) {
            audit.login("failed");
            return Status.of("failed", null, text("bankid.rfa22", locale));
        }
        if (proofFor instanceof String customerNumber) {
            return prove(request, customerNumber, completion, locale);
        }
        List<Customer> accounts;
        try {
            accounts = customers.searchByIdentityNumber(completion.personalNumber()).stream()
                    .filter(c -> BANKID_CUSTOMER_TYPES.contains(c.type()))
                    .toList();
        } catch (CustomerServiceUnavailableException e) {
            log.warn("Customer lookup after BankID failed: {}", e.getMessage());
            audit.login("unavailable");
            return Status.of("failed", null, text("bankid.technical", locale));
        }
        audit.completed(
                completion.personalNumber(),
                order.sameDevice(),
                order.endUserIp(),
                completion.deviceIpAddress(),
                accounts.size());
        if (accounts.isEmpty()) {
            audit.login("no-customer");
            return Status.of("failed", "noCustomer", text("bankid.no-customer", locale));
        }
        if (accounts.size() > 1) {
            audit.login("choose");
            request.getSession()
                    .setAttribute(
                            BankIdSession.CHOICE,
                            new BankIdSession.Choice(
                                    accounts.stream()
                                            .map(c -> new BankIdSession.Account(c.customerNumber(), c.type(), c.name()))
                                            .toList(),
                                    BankIdAudit.mask(completion.personalNumber()),
                                    clock.instant()));
            return new Status("choose", null, null, request.getContextPath() + "/bankid/valj", null);
        }
        var customer = accounts.getFirst();
        audit.loggedIn(completion.personalNumber(), customer.customerNumber());
        var target = logIn(
                request,
                response,
                new BankIdSession.Account(customer.customerNumber(), customer.type(), customer.name()));
        return new Status("complete", null, null, target, null);
    }

    /** A registration's proof: no login, the password page continues with the proof in this session. */
    private Status prove(
            HttpServletRequest request, String customerNumber, BankIdAdapter.Completion completion, Locale locale) {
        try {
            if (proofs.prove(request.getSession(), customerNumber, completion.personalNumber())) {
                return new Status("complete", null, null, request.getContextPath() + "/losenord", null);
            }
            return Status.of("failed", "notTheCustomer", text("bankid.proof.other-person", locale));
        } catch (CustomerContacts.Unavailable e) {
            log.warn("Customer lookup for a BankID registration proof failed: {}", e.getMessage());
            return Status.of("failed", null, text("bankid.technical", locale));
        }
    }

    /** Spring Security login with a new session id; answers where to continue (the saved authorize request). */
    private String logIn(HttpServletRequest request, HttpServletResponse response, BankIdSession.Account account) {
        audit.login("success");
        var authentication = new CustomerAuthentication(
                account.customerNumber(),
                account.type(),
                account.name(),
                CustomerAuthentication.Method.BANKID,
                clock.instant());
        // Session fixation: a new id at login, as for the password login.
        request.changeSessionId();
        var context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        contextRepository.saveContext(context, request, response);
        var saved = requestCache.getRequest(request, response);
        if (saved != null) {
            requestCache.removeRequest(request, response);
            return saved.getRedirectUrl();
        }
        return login.defaultTargetUrl().toString();
    }

    private Status unavailable(Locale locale) {
        audit.login("unavailable");
        audit.bankIdOutcome("unavailable");
        return Status.of("unavailable", null, text("bankid.unavailable", locale));
    }

    private void cancelQuietly(Object order) {
        if (order instanceof BankIdSession.Order pending) {
            try {
                adapter.cancel(pending.orderRef());
            } catch (RuntimeException e) {
                log.debug("Cancelling a BankID order failed: {}", e.getMessage());
            }
        }
    }

    private String message(BankIdAdapter.Message message, Locale locale) {
        if (message == null) {
            return text("bankid.rfa22", locale);
        }
        return "en".equals(locale.getLanguage()) ? message.en() : message.sv();
    }

    private String text(String code, Locale locale) {
        return messages.getMessage(code, null, locale);
    }
}
