package org.xrayportal.account.activation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.xrayportal.account.Account;
import org.xrayportal.account.AccountLanguages;
import org.xrayportal.account.identity.IdentityCheckFailed;
import org.xrayportal.account.identity.IdentityLinks;
import org.xrayportal.account.identity.IdentityVerification;
import org.xrayportal.account.internal.AccountAudit;
import org.xrayportal.account.internal.AccountProperties;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.account.internal.Secrets;
import org.xrayportal.account.lockout.SignInThrottle;
import org.xrayportal.account.password.PasswordPolicy;
import org.xrayportal.account.password.PasswordRejectedException;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.security.Role;
import org.xrayportal.shared.InvalidIdentityException;
import org.xrayportal.shared.PatientIdentity;

/**
 * Onboarding by activation code (Epic MyChart style): staff issue a one-time code for a PACS identity, the patient
 * enters it with their date of birth and gets an account already linked to that identity.
 */
@Service
public class ActivationService {

    record IssuedCode(long id, String code, String patientName, PatientIdentity identity, Instant expiresAt) {}

    private final ActivationCodes codes;
    private final IdentityLinks links;
    private final Accounts accounts;
    private final IdentityVerification verification;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwordEncoder;
    private final SignInThrottle throttle;
    private final AccountAudit audit;
    private final AccountProperties properties;
    private final AccountLanguages languages;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ActivationService(
            ActivationCodes codes,
            IdentityLinks links,
            Accounts accounts,
            IdentityVerification verification,
            PasswordPolicy passwordPolicy,
            PasswordEncoder passwordEncoder,
            SignInThrottle throttle,
            AccountAudit audit,
            AccountProperties properties,
            AccountLanguages languages,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.codes = codes;
        this.links = links;
        this.accounts = accounts;
        this.verification = verification;
        this.passwordPolicy = passwordPolicy;
        this.passwordEncoder = passwordEncoder;
        this.throttle = throttle;
        this.audit = audit;
        this.properties = properties;
        this.languages = languages;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Issues a new code for the identity the PACS confirmed (see {@link IdentityVerification}); earlier unused codes
     * for it stop working.
     *
     * @throws IdentityCheckFailed when the identity check refuses the request
     */
    @Transactional
    @PreAuthorize("hasRole('STAFF')")
    IssuedCode issue(IdentityVerification.Request request, long staffId) {
        var check = verification.check(request, staffId);
        if (!check.passed()) {
            throw new IdentityCheckFailed(check);
        }
        PatientIdentity identity = check.resolved();
        String patientName = request.claimedName().strip();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.activationCodeValidity());
        int revoked = codes.revokeUnused(identity, now);
        String code = Secrets.activationCode();
        long id = codes.insert(
                Secrets.sha256(Secrets.normalizeCode(code)),
                identity,
                patientName,
                request.claimedBirthDate(),
                staffId,
                now,
                expiresAt,
                check.noStudyYet());
        var event = audit.event(
                        AuditAction.ACTIVATION_CODE_ISSUED,
                        AuditOutcome.SUCCESS,
                        accounts.findById(staffId).orElseThrow())
                .patient(identity.patientId(), identity.issuer())
                .detail("activationCodeId", id)
                .detail("expiresAt", expiresAt.toString())
                .detail("revokedEarlierCodes", revoked)
                .detail("pacsChecked", true)
                .detail("noStudyInPacsYet", check.noStudyYet());
        if (!check.nameMatches()) {
            event.detail("nameDiffersFromPacs", true).detail("nameReason", request.reason());
        }
        audit.record(event);
        return new IssuedCode(id, code, patientName, identity, expiresAt);
    }

    /**
     * Creates the patient's account, linked to the code's identity, and uses up the code.
     *
     * @throws ActivationException when the code and date of birth do not match a usable code (counted as a guess),
     *     or the email is taken
     * @throws PasswordRejectedException when the password breaks the policy
     */
    public Account activate(String typedCode, LocalDate birthDate, String email, String password) {
        String address = AccountAudit.clientAddress();
        try {
            if (throttle.isAddressBlocked(address)) {
                throw ActivationException.throttled();
            }
            return transactions.execute(status -> activateInTransaction(typedCode, birthDate, email, password));
        } catch (ActivationException e) {
            // Every refusal costs one password hash, like an activation that succeeds (issue 12: no timing answer).
            if (password != null && ("activation.noMatch".equals(e.code()) || "email.taken".equals(e.code()))) {
                passwordEncoder.encode(password);
            }
            if (e.countsAsGuess() || "activation.noMatch".equals(e.code())) {
                recordFailedGuess(e, address);
            }
            throw e;
        }
    }

    private Account activateInTransaction(String typedCode, LocalDate birthDate, String email, String password) {
        Instant now = clock.instant();
        ActivationCodes.StoredCode code;
        try {
            code = codes.findForUpdate(Secrets.sha256(Secrets.normalizeCode(typedCode)), now)
                    .filter(ActivationCodes.StoredCode::usable)
                    .orElseThrow(() -> ActivationException.noMatch(null));
        } catch (InvalidIdentityException e) {
            // A code stored before the identity rules (reported by V41) is never used.
            throw ActivationException.noMatch(null);
        }
        if (!code.birthDate().equals(birthDate)) {
            throw ActivationException.noMatch(code.id());
        }
        if (accounts.findByEmail(email).isPresent()) {
            throw ActivationException.emailTaken();
        }
        passwordPolicy.violation(password, email).ifPresent(violation -> {
            throw PasswordRejectedException.forPolicy("password", violation);
        });
        long accountId = accounts.insert(
                email.strip(), code.patientName(), Role.PATIENT, passwordEncoder.encode(password), true);
        if (!codes.markUsed(code.id(), accountId, now)) {
            throw ActivationException.noMatch(null);
        }
        languages.takeRequestLanguage(accountId);
        try {
            links.insert(
                    accountId,
                    code.identity(),
                    null,
                    IdentityLinks.Method.ACTIVATION,
                    now,
                    code.birthDate(),
                    code.noStudyYet());
        } catch (DuplicateKeyException e) {
            throw ActivationException.alreadyLinked(null);
        }
        Account account = accounts.findById(accountId).orElseThrow();
        audit.record(audit.event(AuditAction.ACCOUNT_ACTIVATED, AuditOutcome.SUCCESS, account)
                .patient(code.identity().patientId(), code.identity().issuer())
                .detail("activationCodeId", code.id()));
        audit.record(audit.event(AuditAction.IDENTITY_LINKED, AuditOutcome.SUCCESS, account)
                .patient(code.identity().patientId(), code.identity().issuer())
                .detail("method", IdentityLinks.Method.ACTIVATION.name()));
        return account;
    }

    /** Outside the failed transaction, so the count and the audit event stay. */
    private void recordFailedGuess(ActivationException e, String address) {
        transactions.executeWithoutResult(status -> {
            if (e.activationCodeId() != null) {
                codes.countFailedAttempt(e.activationCodeId());
            }
            audit.record(audit.event(AuditAction.ACTIVATION_FAILED, AuditOutcome.MINOR_FAILURE, null)
                    .detail("activationCodeId", e.activationCodeId())
                    .detail("reason", e.countsAsGuess() ? "no-match" : "throttled"));
        });
        if (e.countsAsGuess()) {
            throttle.recordAddressFailure(address);
        }
    }
}
