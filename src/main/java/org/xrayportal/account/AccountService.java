package org.xrayportal.account;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.identity.IdentityAlert;
import org.xrayportal.account.identity.IdentityAlerts;
import org.xrayportal.account.identity.IdentityLinks;
import org.xrayportal.account.internal.AccountAdministrationException;
import org.xrayportal.account.internal.AccountAudit;
import org.xrayportal.account.internal.Accounts;
import org.xrayportal.account.registration.IdentityClaims;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;

/**
 * The account module's API for the rest of the portal: accounts by id or email, a patient's PACS identity and its link,
 * the identity alerts the access policy raises, "not my images", and creating accounts (bootstrap, demo, tests).
 */
@Service
public class AccountService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AccountService.class);

    private final Accounts accounts;
    private final IdentityLinks identityLinks;
    private final IdentityClaims identityClaims;
    private final IdentityAlerts alerts;
    private final PasswordEncoder passwordEncoder;
    private final AccountAudit audit;
    private final Clock clock;
    private final PatientSummaries summaries;

    AccountService(
            Accounts accounts,
            IdentityLinks identityLinks,
            IdentityClaims identityClaims,
            IdentityAlerts alerts,
            PasswordEncoder passwordEncoder,
            AccountAudit audit,
            Clock clock,
            PatientSummaries summaries) {
        this.summaries = summaries;
        this.accounts = accounts;
        this.identityLinks = identityLinks;
        this.identityClaims = identityClaims;
        this.alerts = alerts;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
        this.clock = clock;
    }

    public Optional<Account> findByEmail(String email) {
        return accounts.findByEmail(email);
    }

    public Optional<Account> findById(long id) {
        return accounts.findById(id);
    }

    /** Name and verified birth date of each of these accounts that exists, in one query (for staff lists). */
    @Transactional(readOnly = true)
    public Map<Long, PatientSummary> summariesOf(Collection<Long> accountIds) {
        return summaries.of(accountIds);
    }

    /**
     * The PACS identity a patient account is linked to: the only source of a patient's PatientID and issuer for the
     * rest of the portal. Empty while the account is not linked (or is not a patient's).
     */
    @Transactional(readOnly = true)
    public Optional<PatientIdentity> identityOf(long accountId) {
        return identityLinks.find(accountId);
    }

    /**
     * The account's link with what the access policy re-checks: the verified birth date and whether image access is
     * suspended by a "not my images" report.
     */
    @Transactional(readOnly = true)
    public Optional<LinkedIdentity> linkOf(long accountId) {
        return identityLinks.findLink(accountId);
    }

    /**
     * A study of the account's identity carries another birth date than the verified one: the policy withholds it and
     * staff get one alert per study (raised and audited once, however often the patient asks).
     */
    @Transactional
    public void raiseBirthDateAlert(long accountId, PatientIdentity identity, String studyUid) {
        if (alerts.raise(
                IdentityAlert.Kind.BIRTH_DATE_MISMATCH,
                accountId,
                identity,
                studyUid,
                "PatientBirthDate of the study differs from the verified birth date",
                clock.instant())) {
            log.warn("Study withheld from account {}: its birth date differs from the verified one", accountId);
            audit.record(audit.event(AuditAction.IDENTITY_MISMATCH, AuditOutcome.MINOR_FAILURE, null)
                    .patient(identity.patientId(), identity.issuer())
                    .study(studyUid)
                    .detail("accountId", accountId)
                    .detail("reason", "birth-date-differs"));
        }
    }

    /**
     * The patient says a study is not theirs: image access stops at once (the policy checks the suspension on every
     * request), the report is audited and staff get an alert with the study.
     */
    @Transactional
    public void reportNotMyImages(long accountId, String studyUid) {
        var link = identityLinks.findLink(accountId).orElseThrow(AccountAdministrationException::notFound);
        identityLinks.suspendImages(accountId, clock.instant());
        alerts.raise(
                IdentityAlert.Kind.NOT_MY_IMAGES,
                accountId,
                link.identity(),
                studyUid,
                "The patient reported that these images are not theirs",
                clock.instant());
        Account account = accounts.findById(accountId).orElseThrow();
        audit.record(audit.event(AuditAction.IMAGES_DISPUTED, AuditOutcome.SUCCESS, account)
                .patient(link.identity().patientId(), link.identity().issuer())
                .study(studyUid));
    }

    /** Whether a self-registered account is still waiting for staff to link it (or was refused). */
    @Transactional(readOnly = true)
    public boolean awaitsIdentityCheck(long accountId) {
        return identityClaims
                .find(accountId)
                .filter(claim -> claim.status() != IdentityClaims.Status.LINKED)
                .isPresent();
    }

    /** Creates an account with a password; the email must not be taken yet. */
    @Transactional
    public Account create(String email, String displayName, Role role, String rawPassword) {
        long id = accounts.insert(email.strip(), displayName.strip(), role, passwordEncoder.encode(rawPassword));
        return accounts.findById(id)
                .orElseThrow(() -> new IllegalStateException("Account " + id + " vanished after insert"));
    }

    @Transactional
    public boolean createIfAbsent(String email, String displayName, Role role, String rawPassword) {
        if (accounts.findByEmail(email).isPresent()) {
            return false;
        }
        create(email, displayName, role, rawPassword);
        return true;
    }
}
