package se.teknikivast.minasidor.bankid.simulator;

import java.util.List;
import java.util.Optional;
import se.teknikivast.minasidor.bankid.PersonalNumbers;
import se.teknikivast.minasidor.bankid.simulator.Persona.Outcome;

/**
 * The simulator's BankID holders: the demo personas of docs/demo-data.md, plus scripted ones for every unhappy
 * path. Any other valid personal number is accepted as an anonymous test person who identifies normally.
 */
final class Personas {

    static final List<Persona> ALL = List.of(
            new Persona("191212121212", "Tolvan", "Tolvansson", "2023-01-15", "192.0.2.12", Outcome.COMPLETE, "low"),
            new Persona("198001012387", "Anna", "Andersson", "2022-06-01", "192.0.2.23", Outcome.COMPLETE, "low"),
            new Persona("198505052467", "Lisa", "Lindqvist", "2024-03-10", "192.0.2.24", Outcome.COMPLETE, "low"),
            new Persona("196606064589", "Nils", "Nilsson", "2021-11-30", "192.0.2.45", Outcome.COMPLETE, "low"),
            new Persona("199001011239", "Ulla", "Avbrytare", "2023-05-05", "192.0.2.61", Outcome.USER_CANCEL, "low"),
            new Persona(
                    "199102022341", "Cecilia", "Certfel", "2019-02-02", "192.0.2.62", Outcome.CERTIFICATE_ERR, "low"),
            new Persona("199203033452", "Stig", "Startfel", "2020-03-03", "192.0.2.63", Outcome.START_FAILED, "low"),
            new Persona("199304044564", "Erik", "Utgången", "2021-04-04", "192.0.2.64", Outcome.EXPIRY, "low"),
            // BankID rates Rikard's orders high risk: blocked (transactionRiskBlocked) when the RP set a risk
            // requirement, otherwise completed with risk "high" when the RP asked for the risk.
            new Persona("199405055675", "Rikard", "Risk", "2022-05-05", "192.0.2.65", Outcome.COMPLETE, "high"));

    private Personas() {}

    /** The persona for a personal number in any accepted spelling; empty if it is not a valid number. */
    static Optional<Persona> find(String personalNumber) {
        return PersonalNumbers.normalize(personalNumber)
                .map(digits -> ALL.stream()
                        .filter(p -> p.personalNumber().equals(digits))
                        .findFirst()
                        .orElseGet(() -> new Persona(
                                digits, "Test", "Testsson", "2024-01-01", "192.0.2.99", Outcome.COMPLETE, "low")));
    }
}
