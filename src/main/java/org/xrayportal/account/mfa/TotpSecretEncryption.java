package org.xrayportal.account.mfa;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At every start, before the web server takes requests: encrypts TOTP secrets still stored in clear (those written
 * before migration V45) and re-encrypts those under a previous key with the current one. This is the "migration" of
 * issue 12 (it needs the key from configuration, which a SQL migration cannot have) and the key rotation: see
 * docs/security.md.
 */
@Component
class TotpSecretEncryption implements SmartInitializingSingleton, ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TotpSecretEncryption.class);

    private final SecondFactors factors;
    private final TotpSecretCipher cipher;
    private final TotpSecretCipher.Settings settings;
    private final TransactionTemplate transactions;
    private final ConfigurableApplicationContext context;

    TotpSecretEncryption(
            SecondFactors factors,
            TotpSecretCipher cipher,
            TotpSecretCipher.Settings settings,
            PlatformTransactionManager transactionManager,
            ConfigurableApplicationContext context) {
        this.factors = factors;
        this.cipher = cipher;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        this.context = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int changed = reencryptStale();
        if (changed > 0) {
            log.info("Encrypted {} TOTP secret(s) with key '{}'", changed, cipher.currentKeyId());
        }
    }

    /** Encrypts every secret not yet under the current key, in one transaction; returns how many. */
    int reencryptStale() {
        Integer changed = transactions.execute(status -> {
            int count = 0;
            for (SecondFactors.Stored row : factors.allForUpdate()) {
                if (cipher.isStale(row.storedSecret())) {
                    String clear = cipher.decrypt(row.accountId(), row.storedSecret());
                    factors.updateSecret(row.accountId(), cipher.encrypt(row.accountId(), clear));
                    count++;
                }
            }
            return count;
        });
        return changed == null ? 0 : changed;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings.exitAfterRotation()) {
            log.info("TOTP secrets are encrypted with key '{}'; stopping as asked", cipher.currentKeyId());
            System.exit(SpringApplication.exit(context, () -> 0));
        }
    }
}
