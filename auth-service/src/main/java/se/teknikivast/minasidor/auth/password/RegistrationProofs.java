package se.teknikivast.minasidor.auth.password;

import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/**
 * Which customer's pending registration this browser session is proving, and whether it has: the password page names
 * the customer (from the mailed link), the BankID confirmation proves it. Kept in the server-side session, so the proof
 * counts only for the browser that did it, and only for the customer its link is for.
 */
public final class RegistrationProofs {

    static final String AWAITING = RegistrationProofs.class.getName() + ".awaiting";
    static final String PROVEN = RegistrationProofs.class.getName() + ".proven";
    static final String BY_LETTER = RegistrationProofs.class.getName() + ".byLetter";

    private RegistrationProofs() {}

    /** The customer whose registration the password page in this session asks to prove, if any. */
    public static Optional<String> awaiting(HttpSession session) {
        return session == null ? Optional.empty() : Optional.ofNullable((String) session.getAttribute(AWAITING));
    }

    /** The person who owns the customer's identity number confirmed with BankID in this session. */
    public static void proven(HttpSession session, String customerNumber) {
        if (customerNumber.equals(session.getAttribute(AWAITING))) {
            session.setAttribute(PROVEN, customerNumber);
        }
    }

    /** The activation code from the letter was right; it is used up when the password is set. */
    static void provenByLetter(HttpSession session, String customerNumber) {
        if (customerNumber.equals(session.getAttribute(AWAITING))) {
            session.setAttribute(PROVEN, customerNumber);
            session.setAttribute(BY_LETTER, customerNumber);
        }
    }

    static boolean isProvenByLetter(HttpSession session, String customerNumber) {
        return customerNumber.equals(session.getAttribute(BY_LETTER));
    }

    static boolean isProven(HttpSession session, String customerNumber) {
        return customerNumber.equals(session.getAttribute(PROVEN));
    }

    static void await(HttpSession session, String customerNumber) {
        if (!customerNumber.equals(session.getAttribute(AWAITING))) {
            session.setAttribute(AWAITING, customerNumber);
            session.removeAttribute(PROVEN);
            session.removeAttribute(BY_LETTER);
        }
    }

    static void clear(HttpSession session) {
        session.removeAttribute(AWAITING);
        session.removeAttribute(PROVEN);
        session.removeAttribute(BY_LETTER);
    }
}
