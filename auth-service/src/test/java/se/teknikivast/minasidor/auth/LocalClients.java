package se.teknikivast.minasidor.auth;

/** The local-stack client secrets whose SHA-256 hashes application.yml registers (README "Clients"). */
public final class LocalClients {

    public static final String GATEWAY = "mina-sidor-gateway";
    public static final String GATEWAY_SECRET = "neqE2tWyi-IryhVwetaqhvvB7Dr2Bis3BMFilZtV_dc";
    public static final String GATEWAY_REDIRECT = "http://localhost:8080/login/oauth2/code/mina-sidor";
    public static final String KUNDSERVICE_SECRET = "uzpygDD27FFnR6ogJdIHswlfq425EgkmQUe-kcNzEFA";
    public static final String EXAMPLE_TEAM_SECRET = "f7qBwBTJdbpRIYzEY2pnBW9L8PvhUZHYK3_pVh6GcUU";
    public static final String DRIFT_SECRET = "G0aIELkUr9qMWJajmFSmacKtWLNjFWUdDNCojULkC-8";
    public static final String AUTH_SERVICE_SECRET = "KvWof37eiLn0AEy-I_VnApGuskYhxA3SpkZuH4fTHfA";

    private LocalClients() {}
}
