package org.xrayportal.account.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.Account;
import org.xrayportal.account.internal.AccountAudit;
import org.xrayportal.account.internal.AccountProperties;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.account.internal.Secrets;
import org.xrayportal.account.lockout.SignInThrottle;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.security.Role;
import org.xrayportal.system.QrCodes;

/**
 * TOTP second factor with one-time recovery codes: required for the roles in {@code portal.accounts.mfa-required-for}
 * (staff and admins), optional for patients. Wrong codes count as failed sign-ins in {@link SignInThrottle}.
 */
@Service
public class SecondFactor {

    static final String ISSUER = "X-ray patient portal";
    private static final int RECOVERY_CODES = 10;

    /** What the enrolment page shows: the secret for typing, and the same as a QR code. */
    public record Enrolment(String secret, String otpauthUri, String qrCodeDataUri) {}

    private final SecondFactors factors;
    private final RecoveryCodes recoveryCodes;
    private final Accounts accounts;
    private final SignInThrottle throttle;
    private final AccountAudit audit;
    private final AccountProperties properties;
    private final Clock clock;
    private final TotpSecretCipher cipher;

    SecondFactor(
            SecondFactors factors,
            RecoveryCodes recoveryCodes,
            Accounts accounts,
            SignInThrottle throttle,
            AccountAudit audit,
            AccountProperties properties,
            Clock clock,
            TotpSecretCipher cipher) {
        this.factors = factors;
        this.recoveryCodes = recoveryCodes;
        this.accounts = accounts;
        this.throttle = throttle;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
        this.cipher = cipher;
    }

    public boolean isRequired(Role role) {
        return properties.mfaRequiredFor().contains(role);
    }

    @Transactional(readOnly = true)
    public boolean isEnrolled(long accountId) {
        return factors.isConfirmed(accountId);
    }

    /** A new secret waiting for confirmation; replaces an unconfirmed one. Refused once a factor is confirmed. */
    @Transactional
    public Enrolment startEnrolment(long accountId) {
        if (isEnrolled(accountId)) {
            throw new IllegalStateException("Already enrolled; an admin must reset the second factor first");
        }
        Account account = accounts.findById(accountId).orElseThrow();
        String secret = Totp.newSecret();
        factors.savePending(accountId, cipher.encrypt(accountId, secret), clock.instant());
        return enrolment(account, secret);
    }

    /** The pending enrolment again (the page was reloaded), if there is one. */
    @Transactional(readOnly = true)
    public Optional<Enrolment> pendingEnrolment(long accountId) {
        Account account = accounts.findById(accountId).orElseThrow();
        return factors.pendingSecret(accountId).map(secret -> enrolment(account, cipher.decrypt(accountId, secret)));
    }

    /**
     * Confirms the pending enrolment with a code from the app.
     *
     * @return the new recovery codes, to show once; empty when the code is wrong
     */
    @Transactional
    public Optional<List<String>> confirmEnrolment(long accountId, String code) {
        Account account = accounts.findById(accountId).orElseThrow();
        var secret = factors.pendingSecretForUpdate(accountId).map(stored -> cipher.decrypt(accountId, stored));
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        var step = Totp.match(secret.get(), strip(code), clock.instant().getEpochSecond(), 0);
        if (step.isEmpty()) {
            return Optional.empty();
        }
        factors.confirm(accountId, clock.instant(), step.getAsLong());
        recoveryCodes.deleteAll(accountId);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String recovery = Secrets.activationCode().substring(0, 9); // two groups of four, e.g. ABCD-EFGH
            codes.add(recovery);
            recoveryCodes.add(accountId, Secrets.sha256(Secrets.normalizeCode(recovery)));
        }
        audit.record(audit.event(AuditAction.MFA_ENROLLED, AuditOutcome.SUCCESS, account)
                .detail("factor", "totp"));
        return Optional.of(codes);
    }

    /** How a code given at sign-in was taken. */
    enum Verification {
        VERIFIED,
        WRONG,
        /** An authenticator code that was right but has been used already (in this 30-second window): no replay. */
        USED_ALREADY
    }

    /**
     * Checks a code from the app, or a recovery code (used up). Throttled and audited like the password step.
     *
     * @return whether the second factor is proven
     */
    @Transactional
    public boolean verify(long accountId, String code) {
        return check(accountId, code) == Verification.VERIFIED;
    }

    /** Like {@link #verify}, telling a wrong code from an authenticator code used already, so the page can say so. */
    @Transactional
    Verification check(long accountId, String code) {
        Account account = accounts.findById(accountId).orElseThrow();
        String address = AccountAudit.clientAddress();
        boolean blocked = throttle.isBlocked(account.email(), address);
        Verification totp = verifyTotp(accountId, strip(code));
        String method =
                totp == Verification.VERIFIED ? "totp" : verifyRecoveryCode(accountId, code) ? "recovery" : null;
        if (blocked || method == null) {
            if (!blocked) {
                throttle.recordFailure(account.email(), address);
            }
            boolean usedAlready = !blocked && totp == Verification.USED_ALREADY;
            audit.record(audit.event(AuditAction.MFA_FAILED, AuditOutcome.MINOR_FAILURE, account)
                    .detail("reason", blocked ? "throttled" : usedAlready ? "code-used-already" : "wrong-code"));
            return usedAlready ? Verification.USED_ALREADY : Verification.WRONG;
        }
        audit.record(audit.event(AuditAction.MFA_VERIFIED, AuditOutcome.SUCCESS, account)
                .detail("method", method));
        return Verification.VERIFIED;
    }

    /** An admin removes the second factor; the person enrols again at the next sign-in. */
    @Transactional
    public void reset(Account account, Account admin) {
        recoveryCodes.deleteAll(account.id());
        factors.delete(account.id());
        audit.record(audit.event(AuditAction.MFA_RESET, AuditOutcome.SUCCESS, admin)
                .detail("account", account.email())
                .detail("accountId", account.id()));
    }

    private Verification verifyTotp(long accountId, String code) {
        var factor = factors.confirmedForUpdate(accountId);
        if (factor.isEmpty()) {
            return Verification.WRONG;
        }
        String secret = cipher.decrypt(accountId, factor.get().storedSecret());
        long now = clock.instant().getEpochSecond();
        var step = Totp.match(secret, code, now, factor.get().lastUsedStep());
        if (step.isPresent()) {
            factors.markUsed(accountId, step.getAsLong());
            return Verification.VERIFIED;
        }
        // Right for this moment but not after the last step used: the same code entered twice.
        return Totp.match(secret, code, now, Long.MIN_VALUE).isPresent()
                ? Verification.USED_ALREADY
                : Verification.WRONG;
    }

    private boolean verifyRecoveryCode(long accountId, String code) {
        String normalized = Secrets.normalizeCode(code);
        if (normalized.length() != 8) {
            return false;
        }
        return recoveryCodes.use(accountId, Secrets.sha256(normalized), clock.instant());
    }

    private static Enrolment enrolment(Account account, String secret) {
        String label = URLEncoder.encode(ISSUER + ":" + account.email(), StandardCharsets.UTF_8)
                .replace("+", "%20");
        String uri = "otpauth://totp/" + label + "?secret=" + secret + "&issuer="
                + URLEncoder.encode(ISSUER, StandardCharsets.UTF_8).replace("+", "%20")
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        return new Enrolment(secret, uri, QrCodes.svgDataUri(uri));
    }

    private static String strip(String code) {
        return code == null ? "" : code.replaceAll("\\s", "");
    }
}
