package se.teknikivast.minasidor.customer.customer;

import se.teknikivast.minasidor.identity.IdentityNumber;

/** What kind of customer; decides which kind of identity number the customer has. */
public enum CustomerType {
    PRIVATE_PERSON,
    /** Enskild firma: a person trading in their own name, identified by their personnummer. */
    SOLE_TRADER,
    COMPANY;

    /** Persons and sole traders have a personnummer or samordningsnummer; companies an organisationsnummer. */
    public boolean accepts(IdentityNumber identityNumber) {
        return (this == COMPANY) == identityNumber.isOrganisation();
    }
}
