package org.xrayportal.account.registration;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.Account;
import org.xrayportal.account.AccountLanguages;
import org.xrayportal.account.AccountTimeZones;
import org.xrayportal.account.activation.ActivationException;
import org.xrayportal.account.identity.IdentityCheckFailed;
import org.xrayportal.account.identity.IdentityLinks;
import org.xrayportal.account.identity.IdentityVerification;
import org.xrayportal.account.internal.AccountAdministrationException;
import org.xrayportal.account.internal.AccountAudit;
import org.xrayportal.account.internal.AccountProperties;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.account.internal.LinkTokens;
import org.xrayportal.account.internal.MailRateLimit;
import org.xrayportal.account.password.PasswordPolicy;
import org.xrayportal.account.password.PasswordRejectedException;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.system.PortalMail;

/**
 * Self-registration: the patient gives email, password, name and date of birth, proves the email by a link, and then
 * waits until staff link the account to a PACS identity or reject the claim. No link, no patient data (DESIGN.md
 * invariant 1).
 */
@Service
public class RegistrationService {

    private final Accounts accounts;
    private final IdentityClaims claims;
    private final IdentityLinks links;
    private final LinkTokens tokens;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwordEncoder;
    private final IdentityVerification verification;
    private final PortalMail mail;
    private final AccountLanguages languages;
    private final MailRateLimit mailRateLimit;
    private final AccountAudit audit;
    private final AccountProperties properties;
    private final AccountTimeZones timeZones;
    private final Clock clock;

    RegistrationService(
            Accounts accounts,
            IdentityClaims claims,
            IdentityLinks links,
            LinkTokens tokens,
            PasswordPolicy passwordPolicy,
            PasswordEncoder passwordEncoder,
            IdentityVerification verification,
            PortalMail mail,
            AccountLanguages languages,
            MailRateLimit mailRateLimit,
            AccountAudit audit,
            AccountProperties properties,
            AccountTimeZones timeZones,
            Clock clock) {
        this.timeZones = timeZones;
        this.accounts = accounts;
        this.claims = claims;
        this.links = links;
        this.tokens = tokens;
        this.passwordPolicy = passwordPolicy;
        this.passwordEncoder = passwordEncoder;
        this.verification = verification;
        this.mail = mail;
        this.languages = languages;
        this.mailRateLimit = mailRateLimit;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Registers, or, when the address already has an account, tells its owner by email instead: the visible answer and
     * the work done (one password hash) are the same either way, so neither answer nor timing tells who has an account
     * (issue 12). Beyond the mail limits per client address and per recipient the portal answers the same and does
     * nothing.
     *
     * @throws PasswordRejectedException when the password breaks the policy (checked before anything else)
     */
    @Transactional
    public void register(String email, String password, String fullName, LocalDate birthDate) {
        register(email, password, fullName, birthDate, null);
    }

    /** As above; a new account takes {@code browserZone} (sent by the form's script) when it is a valid choice. */
    @Transactional
    public void register(String email, String password, String fullName, LocalDate birthDate, String browserZone) {
        passwordPolicy.violation(password, email).ifPresent(code -> {
            throw PasswordRejectedException.forPolicy("password", code);
        });
        // Hashed on every path, taken address or not; the hash is stored only for a new account.
        String passwordHash = passwordEncoder.encode(password);
        boolean mayMail =
                mailRateLimit.allowRequestFrom(AccountAudit.clientAddress()) && mailRateLimit.allowMailTo(email);
        var existing = accounts.findByEmail(email);
        if (existing.isPresent()) {
            if (mayMail) {
                mail.send(
                        existing.get().email(),
                        languages.of(existing.get().id()),
                        "alreadyRegistered",
                        existing.get().displayName(),
                        mail.link("/login"));
            }
            return;
        }
        if (!mayMail) {
            return; // an account nobody could verify is not worth creating
        }
        Instant now = clock.instant();
        long id;
        try {
            id = accounts.insert(email.strip(), fullName.strip(), Role.PATIENT, passwordHash, false);
        } catch (DuplicateKeyException e) {
            return; // registered a moment ago by a parallel request; same visible answer
        }
        claims.insert(id, fullName.strip(), birthDate, now);
        timeZones.takeBrowserZone(id, browserZone);
        languages.takeRequestLanguage(id);
        Account account = accounts.findById(id).orElseThrow();
        audit.record(audit.event(AuditAction.ACCOUNT_REGISTERED, AuditOutcome.SUCCESS, account));
        String token = tokens.issue(id, LinkTokens.Purpose.VERIFY_EMAIL, properties.verificationLinkValidity());
        mail.send(
                account.email(),
                "verify",
                account.displayName(),
                mail.link("/register/verify/" + token),
                properties.verificationLinkValidity().toHours());
    }

    /** Follows the emailed link; false when it is unknown, used or expired. */
    @Transactional
    boolean verifyEmail(String token) {
        var accountId = tokens.consume(token, LinkTokens.Purpose.VERIFY_EMAIL);
        accountId.ifPresent(id -> {
            accounts.markEmailVerified(id);
            audit.record(audit.event(
                    AuditAction.EMAIL_VERIFIED,
                    AuditOutcome.SUCCESS,
                    accounts.findById(id).orElseThrow()));
        });
        return accountId.isPresent();
    }

    @Transactional(readOnly = true)
    java.util.Optional<IdentityClaims.Claim> claimOf(long accountId) {
        return claims.find(accountId);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('STAFF')")
    List<IdentityClaims.Claim> queue() {
        return claims.pending(200);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('STAFF')")
    IdentityClaims.Claim pendingClaim(long accountId) {
        return claims.find(accountId)
                .filter(claim -> claim.status() == IdentityClaims.Status.PENDING)
                .orElseThrow(AccountAdministrationException::notFound);
    }

    /**
     * Staff link the claim's account to the identity the PACS confirmed for the claim's name and birth date (see
     * {@link IdentityVerification}).
     *
     * @throws IdentityCheckFailed when the identity check refuses the link
     */
    @Transactional
    @PreAuthorize("hasRole('STAFF')")
    void link(long accountId, String patientId, String issuer, boolean noStudyYet, String nameReason, long staffId) {
        var claim = pendingClaim(accountId);
        var request = new IdentityVerification.Request(
                patientId, issuer, claim.fullName(), claim.birthDate(), noStudyYet, nameReason);
        var check = verification.check(request, staffId);
        if (!check.passed()) {
            throw new IdentityCheckFailed(check);
        }
        PatientIdentity identity = check.resolved();
        Instant now = clock.instant();
        if (!claims.decide(accountId, IdentityClaims.Status.LINKED, staffId, null, now)) {
            throw AccountAdministrationException.notFound();
        }
        try {
            links.insert(
                    accountId,
                    identity,
                    staffId,
                    IdentityLinks.Method.STAFF_VERIFIED,
                    now,
                    claim.birthDate(),
                    check.noStudyYet());
        } catch (DuplicateKeyException e) {
            throw ActivationException.alreadyLinked("patientId");
        }
        Account staff = accounts.findById(staffId).orElseThrow();
        var event = audit.event(AuditAction.IDENTITY_LINKED, AuditOutcome.SUCCESS, staff)
                .patient(identity.patientId(), identity.issuer())
                .detail("account", claim.email())
                .detail("accountId", accountId)
                .detail("method", IdentityLinks.Method.STAFF_VERIFIED.name())
                .detail("pacsChecked", true)
                .detail("noStudyInPacsYet", check.noStudyYet());
        if (!check.nameMatches()) {
            event.detail("nameDiffersFromPacs", true).detail("nameReason", request.reason());
        }
        audit.record(event);
        mail.send(claim.email(), languages.of(accountId), "linked", claim.fullName(), mail.link("/login"));
    }

    /** Staff reject the claim; the patient is told the reason by email and on the status page. */
    @Transactional
    @PreAuthorize("hasRole('STAFF')")
    void reject(long accountId, String reason, long staffId) {
        var claim = pendingClaim(accountId);
        if (!claims.decide(accountId, IdentityClaims.Status.REJECTED, staffId, reason.strip(), clock.instant())) {
            throw AccountAdministrationException.notFound();
        }
        audit.record(audit.event(
                        AuditAction.IDENTITY_REJECTED,
                        AuditOutcome.SUCCESS,
                        accounts.findById(staffId).orElseThrow())
                .detail("account", claim.email())
                .detail("accountId", accountId)
                .detail("reason", reason.strip()));
        mail.send(claim.email(), languages.of(accountId), "rejected", claim.fullName(), reason.strip());
    }
}
