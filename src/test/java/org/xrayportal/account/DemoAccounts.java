package org.xrayportal.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.xrayportal.account.identity.IdentityLinks;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;

/**
 * One account per role for trying the portal locally. Exists only in the {@code demo} profile; the passwords are new
 * at every start and printed once to the console.
 */
@Component
@Profile("demo")
@Order(0)
class DemoAccounts implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountService accounts;
    private final IdentityLinks links;
    private final DemoAccountsProperties properties;
    private final Clock clock;
    private final Environment environment;

    DemoAccounts(
            AccountService accounts,
            IdentityLinks links,
            DemoAccountsProperties properties,
            Clock clock,
            Environment environment) {
        this.accounts = accounts;
        this.links = links;
        this.properties = properties;
        this.clock = clock;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        String password = properties.password() == null || properties.password().isBlank()
                ? randomPassword()
                : properties.password();
        StringBuilder banner = new StringBuilder("\n\n  Demo accounts (demo profile only):\n");
        for (var demo : new String[][] {
            {"patient@demo.test", "Jürgen Müller", "PATIENT"},
            {"patient2@demo.test", "Åse Ødegård", "PATIENT"},
            {"staff@demo.test", "Sam Staff", "STAFF"},
            {"admin@demo.test", "Ada Admin", "ADMIN"}
        }) {
            boolean created = accounts.createIfAbsent(demo[0], demo[1], Role.valueOf(demo[2]), password);
            banner.append(String.format(
                    "    %-8s %-20s %s%n", demo[2], demo[0], created ? password : "(existing, password unchanged)"));
        }
        linkDemoPatient();
        String port = environment.getProperty("local.server.port");
        if (port != null) {
            banner.append(String.format("%n  Open http://localhost:%s in a browser.%n", port));
        }
        log.info("{}", banner);
    }

    /** So that the demo patient sees the synthetic studies of the demo PACS (DESIGN.md invariant 1). */
    private void linkDemoPatient() {
        var identity = new PatientIdentity(properties.patientId(), properties.patientIssuer());
        accounts.findByEmail("patient@demo.test")
                .filter(patient -> accounts.identityOf(patient.id()).isEmpty() && !links.overlapsExisting(identity))
                .ifPresent(patient ->
                        links.insert(patient.id(), identity, null, IdentityLinks.Method.DEMO, clock.instant()));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
