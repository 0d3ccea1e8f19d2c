package org.xrayportal.account.mfa;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.registration.IdentityClaims;

/**
 * Demo only: the demo staff and admin get their second factor (TOTP) at start, its secrets printed with a one-line
 * way to get codes, and the current codes are on {@code /demo/mailbox}; the second demo patient waits in the staff
 * queue "identities to verify" for the request workflow.
 */
@Component
@Profile("demo")
@Order(1)
public class DemoSecondFactors implements ApplicationRunner {

    static final String[] WITH_SECOND_FACTOR = {"staff@demo.test", "admin@demo.test"};
    private static final Logger log = LoggerFactory.getLogger(DemoSecondFactors.class);

    private final AccountService accounts;
    private final SecondFactor secondFactor;
    private final IdentityClaims claims;
    private final JdbcClient jdbc;
    private final TotpSecretCipher cipher;
    private final Clock clock;

    DemoSecondFactors(
            AccountService accounts,
            SecondFactor secondFactor,
            IdentityClaims claims,
            JdbcClient jdbc,
            TotpSecretCipher cipher,
            Clock clock) {
        this.accounts = accounts;
        this.secondFactor = secondFactor;
        this.claims = claims;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        StringBuilder banner = new StringBuilder("\n\n  Demo second factor (TOTP) of staff and admin:\n");
        for (String email : WITH_SECOND_FACTOR) {
            accounts.findByEmail(email).ifPresent(account -> {
                if (!secondFactor.isEnrolled(account.id())) {
                    String secret = secondFactor.startEnrolment(account.id()).secret();
                    // The previous step's code, so the current one is still unused and signs in right away.
                    long previous = Totp.step(clock.instant().getEpochSecond()) - 1;
                    secondFactor.confirmEnrolment(account.id(), Totp.code(Totp.decodeBase32(secret), previous, 6));
                }
                banner.append(String.format("    %-20s oathtool --totp -b %s%n", email, secret(account.id())));
            });
        }
        banner.append("    (Debian package oathtool) or read the current codes at /demo/mailbox\n");
        queueSecondPatient();
        banner.append("  patient2@demo.test (Åse Ødegård, born 1975-11-02) registered herself and waits for staff to"
                + " verify her identity (PACS patient 10011, XRAY-CLINIC).\n");
        log.info("{}", banner);
    }

    /** The demo staff's and admin's current codes, for the demo page. */
    public Map<String, String> currentCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        long step = Totp.step(clock.instant().getEpochSecond());
        for (String email : WITH_SECOND_FACTOR) {
            accounts.findByEmail(email)
                    .filter(account -> secondFactor.isEnrolled(account.id()))
                    .ifPresent(account ->
                            codes.put(email, Totp.code(Totp.decodeBase32(secret(account.id())), step, 6)));
        }
        return codes;
    }

    /** The secret in clear: it is stored encrypted (issue 12), so it is decrypted as sign-in does. */
    private String secret(long accountId) {
        String stored = jdbc.sql("SELECT secret FROM mfa_totp WHERE account_id = ?")
                .param(accountId)
                .query(String.class)
                .single();
        return cipher.decrypt(accountId, stored);
    }

    private void queueSecondPatient() {
        accounts.findByEmail("patient2@demo.test")
                .filter(patient -> claims.find(patient.id()).isEmpty()
                        && accounts.identityOf(patient.id()).isEmpty())
                .ifPresent(patient -> claims.insert(
                        patient.id(), "Åse Ødegård", java.time.LocalDate.of(1975, 11, 2), clock.instant()));
    }
}
