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
import se.teknikivast.minasidor.auth.server.CustomerAuthentication;
import se.teknikivast.minasidor.identity.Masking;

/**
 * What a completed BankID identification leads to, once {@link RelayDefence} has accepted it: the customer accounts of
 * the personal number (a login, or a choice among several), or a registration's proof. The personal number is used
 * here and in the masked audit log only.
 */
@Component
class BankIdCompletions {

    private static final Logger log = LoggerFactory.getLogger(BankIdCompletions.class);
    private static final Set<String> BANKID_CUSTOMER_TYPES = Set.of("PRIVATE_PERSON", "SOLE_TRADER");

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

    BankIdCompletions(
            CustomerDirectory customers,
            BankIdAudit audit,
            MessageSource messages,
            LoginProperties login,
            BankIdProperties properties,
            Clock clock,
            BankIdRegistrationProof proofs) {
        this.customers = customers;
        this.audit = audit;
        this.messages = messages;
        this.login = login;
        this.properties = properties;
        this.clock = clock;
        this.proofs = proofs;
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

    BankIdLogins.Status complete(
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
            return BankIdLogins.Status.of("failed", null, text("bankid.rfa22", locale));
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
            return BankIdLogins.Status.of("failed", null, text("bankid.technical", locale));
        }
        audit.completed(
                completion.personalNumber(),
                order.sameDevice(),
                order.endUserIp(),
                completion.deviceIpAddress(),
                accounts.size());
        if (accounts.isEmpty()) {
            audit.login("no-customer");
            return BankIdLogins.Status.of("failed", "noCustomer", text("bankid.no-customer", locale));
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
                                    Masking.identityNumber(completion.personalNumber()),
                                    clock.instant()));
            return new BankIdLogins.Status("choose", null, null, request.getContextPath() + "/bankid/valj", null);
        }
        var customer = accounts.getFirst();
        audit.loggedIn(completion.personalNumber(), customer.customerNumber());
        var target = logIn(
                request,
                response,
                new BankIdSession.Account(customer.customerNumber(), customer.type(), customer.name()));
        return new BankIdLogins.Status("complete", null, null, target, null);
    }

    /** A registration's proof: no login, the password page continues with the proof in this session. */
    private BankIdLogins.Status prove(
            HttpServletRequest request, String customerNumber, BankIdAdapter.Completion completion, Locale locale) {
        try {
            if (proofs.prove(request.getSession(), customerNumber, completion.personalNumber())) {
                return new BankIdLogins.Status("complete", null, null, request.getContextPath() + "/losenord", null);
            }
            return BankIdLogins.Status.of("failed", "notTheCustomer", text("bankid.proof.other-person", locale));
        } catch (CustomerContacts.Unavailable e) {
            log.warn("Customer lookup for a BankID registration proof failed: {}", e.getMessage());
            return BankIdLogins.Status.of("failed", null, text("bankid.technical", locale));
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

    private String text(String code, Locale locale) {
        return messages.getMessage(code, null, locale);
    }
}
