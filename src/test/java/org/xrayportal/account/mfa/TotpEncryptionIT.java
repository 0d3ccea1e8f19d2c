package org.xrayportal.account.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.security.Role;
import org.xrayportal.support.AccountFlowTest;

/** Issue 12: TOTP secrets are encrypted at rest, and those stored in clear before are encrypted at start. */
class TotpEncryptionIT extends AccountFlowTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TotpSecretEncryption encryption;

    @Autowired
    SecondFactor secondFactor;

    @Test
    void enrolmentWhenStartedThenTheStoredSecretIsEncrypted() {
        long id = accounts.create("totp-enc@example.test", "Tom Totp", Role.PATIENT, PASSWORD)
                .id();
        String shown = secondFactor.startEnrolment(id).secret();
        String stored = storedSecret(id);
        assertThat(stored).startsWith("v1:built-in:").doesNotContain(shown);
        assertThat(secondFactor.pendingEnrolment(id).orElseThrow().secret()).isEqualTo(shown);
    }

    @Test
    void startWhenASecretIsStoredInClearThenItIsEncryptedAndStillWorks() {
        long id = accounts.create("totp-legacy@example.test", "Lee Legacy", Role.PATIENT, PASSWORD)
                .id();
        String clear = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        jdbc.sql("INSERT INTO mfa_totp (account_id, secret, created_at) VALUES (?, ?, ?)")
                .params(id, clear, Timestamp.from(Instant.now()))
                .update();

        assertThat(encryption.reencryptStale()).isGreaterThanOrEqualTo(1);

        assertThat(storedSecret(id)).startsWith("v1:built-in:").doesNotContain(clear);
        assertThat(secondFactor.pendingEnrolment(id).orElseThrow().secret()).isEqualTo(clear);
        assertThat(encryption.reencryptStale()).isZero();
    }

    private String storedSecret(long accountId) {
        return jdbc.sql("SELECT secret FROM mfa_totp WHERE account_id = ?")
                .param(accountId)
                .query(String.class)
                .single();
    }
}
