package org.xrayportal.sharing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Actor;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.system.ProblemException;

/**
 * Creating, opening and ending shares. A share admits its recipient to a study only while the share is active and the
 * patient's own access rules ({@link StudyAccessPolicy}, asked for the patient's account on every request) still admit
 * it, so a withdrawn consent, a revoked grant or a "not my images" report ends every share of that study at once.
 * Every step is audited under the patient's PACS identity, so it shows in the patient's access history.
 */
@Service
class SharingService {

    /** The actor role the audit trail records for a share's recipient (who has no account). */
    static final String RECIPIENT_ROLE = "SHARE_RECIPIENT";

    static final int MAX_RECIPIENT = 200;

    private final Shares shares;
    private final StudyAccessPolicy policy;
    private final AccountService accounts;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final SharingProperties properties;
    private final SharingSettingsStore settings;
    private final Clock clock;

    SharingService(
            Shares shares,
            StudyAccessPolicy policy,
            AccountService accounts,
            PasswordEncoder passwords,
            AuditLog audit,
            SharingProperties properties,
            SharingSettingsStore settings,
            Clock clock) {
        this.shares = shares;
        this.policy = policy;
        this.accounts = accounts;
        this.passwords = passwords;
        this.audit = audit;
        this.properties = properties;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new share with the secrets shown once: the link's token and, with the passcode factor, the passcode. */
    record Created(Share share, String token, String passcode) {}

    /** A share given a new passcode (shown once), or unlocked only when its second factor is the birth date. */
    record Renewed(Share share, String passcode) {}

    /** A share as the patient's list shows it. */
    record Summary(Share share, Share.Status status, List<Share.Access> accesses) {}

    /** The recipient's attempt: accepted (with the new session's id), refused, or the share has ended. */
    record Attempt(Outcome outcome, Share share, String sessionId) {

        enum Outcome {
            ACCEPTED,
            REFUSED,
            ENDED,
            /** The clinic has turned sharing off: every link is suspended until it is turned on again. */
            PAUSED
        }
    }

    SharingProperties properties() {
        return properties;
    }

    /** The clinic's controls now (read from the database on each call, so every node follows a change at once). */
    SharingSettings settings() {
        return settings.current();
    }

    /**
     * Shares the patient's studies; each must be visible to the patient now (404 otherwise, as for any study outside
     * their scope), the expiry between 1 hour and the clinic's maximum, and downloads only where the patient's grants
     * allow them (422 otherwise).
     */
    @Transactional
    Created create(Actor patient, List<String> studyUids, String recipient, Duration validity, boolean allowDownload) {
        SharingSettings clinic = settings.current();
        if (!clinic.enabled()) {
            throw ProblemException.conflict("sharing.problem.off");
        }
        List<String> uids = List.copyOf(new LinkedHashSet<>(studyUids));
        if (uids.isEmpty() || uids.size() > 50) {
            throw ProblemException.badRequest("sharing.problem.studies");
        }
        List<VisibleStudy> visible = new ArrayList<>();
        for (String uid : uids) {
            visible.add(policy.authorize(patient, uid).orElseThrow(ProblemException::notFound));
        }
        if (validity.compareTo(SharingProperties.MIN_EXPIRY) < 0 || validity.compareTo(clinic.maxExpiry()) > 0) {
            throw ProblemException.invalid("sharing.problem.expiry");
        }
        if (allowDownload && (!clinic.downloadAllowed() || !visible.stream().allMatch(VisibleStudy::allowDownload))) {
            throw ProblemException.invalid("sharing.problem.download");
        }
        String description = recipient == null ? "" : recipient.strip();
        if (description.isEmpty() || description.length() > MAX_RECIPIENT) {
            throw ProblemException.invalid("sharing.problem.recipient");
        }
        SecondFactor factor = secondFactorFor(patient, clinic);
        String token = ShareSecrets.newToken();
        String passcode = factor == SecondFactor.PASSCODE ? ShareSecrets.newPasscode() : null;
        Instant now = clock.instant();
        long id = shares.insert(
                patient.accountId(),
                ShareSecrets.hash(token),
                description,
                factor,
                passcode == null ? null : passwords.encode(passcode),
                allowDownload,
                now,
                now.plus(validity),
                uids);
        Share share = shares.byId(id).orElseThrow();
        PatientIdentity identity = visible.getFirst().identity();
        for (VisibleStudy study : visible) {
            audit.record(AuditEvent.of(AuditAction.SHARE_CREATED, AuditOutcome.SUCCESS)
                    .actor(patient.accountId(), patient.name(), patient.role().name())
                    .clientAddress(patient.clientAddress())
                    .patient(identity.patientId(), identity.issuer())
                    .study(study.study().studyInstanceUid())
                    .detail("share", id)
                    .detail("recipient", description)
                    .detail("expiresAt", share.expiresAt().toString())
                    .detail("download", allowDownload)
                    .detail("secondFactor", factor.name())
                    .build());
        }
        return new Created(share, token, passcode);
    }

    /** Every share of the patient, newest first, with its status now and its accesses. */
    @Transactional(readOnly = true)
    List<Summary> sharesOf(long accountId) {
        Instant now = clock.instant();
        Map<Long, List<Share.Access>> accesses = shares.accessesOfAccount(accountId);
        return shares.ofAccount(accountId).stream()
                .map(share -> new Summary(share, share.status(now), accesses.getOrDefault(share.id(), List.of())))
                .toList();
    }

    /** The patient's share, or 404 (another patient's share answers the same). */
    @Transactional(readOnly = true)
    Share shareOf(long accountId, long shareId) {
        return shares.byId(shareId)
                .filter(share -> share.accountId() == accountId)
                .orElseThrow(ProblemException::notFound);
    }

    /** Ends the share at once: its sessions are removed, so the recipient's next request finds nothing. */
    @Transactional
    void revoke(Actor patient, long shareId) {
        Share share = shareOf(patient.accountId(), shareId);
        if (!shares.revoke(shareId, patient.accountId(), clock.instant())) {
            return; // revoked already: nothing more to do or record
        }
        shares.deleteSessionsOf(shareId);
        Optional<PatientIdentity> identity = accounts.identityOf(patient.accountId());
        audit.record(AuditEvent.of(AuditAction.SHARE_REVOKED, AuditOutcome.SUCCESS)
                .actor(patient.accountId(), patient.name(), patient.role().name())
                .clientAddress(patient.clientAddress())
                .patient(
                        identity.map(PatientIdentity::patientId).orElse(null),
                        identity.map(PatientIdentity::issuer).orElse(null))
                .detail("share", share.id())
                .detail("recipient", share.recipient())
                .build());
    }

    /**
     * A new passcode for the patient's live share (for example one locked after wrong passcodes): the old passcode no
     * longer works, the failures are forgotten and the recipient's open sessions end (they enter the new passcode).
     * A share whose second factor is the birth date is unlocked only. Refused with 409 for a share that has ended, and
     * while the clinic has turned sharing off.
     */
    @Transactional
    Renewed renewPasscode(Actor patient, long shareId) {
        Share share = shareOf(patient.accountId(), shareId);
        if (!settings.current().enabled()) {
            throw ProblemException.conflict("sharing.problem.off");
        }
        if (!share.isActive(clock.instant())) {
            throw ProblemException.conflict("sharing.problem.ended");
        }
        String passcode = share.secondFactor() == SecondFactor.PASSCODE ? ShareSecrets.newPasscode() : null;
        shares.renewPasscode(shareId, passcode == null ? null : passwords.encode(passcode));
        shares.deleteSessionsOf(shareId);
        Optional<PatientIdentity> identity = accounts.identityOf(patient.accountId());
        audit.record(AuditEvent.of(AuditAction.SHARE_PASSCODE_RENEWED, AuditOutcome.SUCCESS)
                .actor(patient.accountId(), patient.name(), patient.role().name())
                .clientAddress(patient.clientAddress())
                .patient(
                        identity.map(PatientIdentity::patientId).orElse(null),
                        identity.map(PatientIdentity::issuer).orElse(null))
                .detail("share", share.id())
                .detail("recipient", share.recipient())
                .detail("wasLocked", share.lockedAt() != null)
                .detail("newPasscode", passcode != null)
                .build());
        return new Renewed(shares.byId(shareId).orElseThrow(), passcode);
    }

    /** Whether the clinic has turned sharing off: every link is suspended (nothing ended) until it is on again. */
    boolean paused() {
        return !settings.current().enabled();
    }

    /** The share of a well-formed link, if it exists (active or not). */
    @Transactional(readOnly = true)
    Optional<Share> byToken(String token) {
        if (!ShareSecrets.isWellFormedToken(token)) {
            return Optional.empty();
        }
        return shares.byTokenHash(ShareSecrets.hash(token));
    }

    /** Whether the share is neither expired nor revoked now. */
    boolean isOpen(Share share) {
        return share.isActive(clock.instant());
    }

    /** The second factor the form asks for: the share's own, or the clinic's for a link that does not exist. */
    SecondFactor factorFor(Optional<Share> share) {
        return share.map(Share::secondFactor).orElseGet(() -> settings.current().secondFactor());
    }

    /**
     * The recipient answers the link's second factor. An unknown link, a wrong answer and a link that refuses attempts
     * for now (too many wrong ones, or too many from this address) all get the same refusal; each is counted (for the
     * share and for the address) and audited. A right answer starts a share session bound to this share.
     */
    @Transactional
    Attempt attempt(String token, String passcode, LocalDate birthDate, String clientAddress, String userAgent) {
        Instant now = clock.instant();
        if (paused()) {
            return new Attempt(Attempt.Outcome.PAUSED, null, null);
        }
        Optional<Share> found = byToken(token);
        if (found.isPresent() && !found.get().isActive(now)) {
            return new Attempt(Attempt.Outcome.ENDED, found.get(), null);
        }
        String address = clientAddress == null ? "" : clientAddress;
        boolean addressBlocked = shares.addressBlocked(address, now);
        boolean right = found.isPresent()
                && !addressBlocked
                && !found.get().refusesAttempts(now)
                && answers(found.get(), passcode, birthDate);
        Device device = Device.of(userAgent);
        if (!right) {
            refuse(found, address, device, now);
            return new Attempt(Attempt.Outcome.REFUSED, found.orElse(null), null);
        }
        Share share = found.get();
        shares.forgetFailures(share.id());
        shares.deleteSessionsOlderThan(now.minus(properties.sessionMaximum()));
        String sessionId = ShareSecrets.newToken();
        shares.createSession(ShareSecrets.hash(sessionId), share.id(), now);
        shares.addAccess(share.id(), now, Share.Access.Kind.OPENED, device);
        audit.record(recipientEvent(AuditAction.SHARE_OPENED, AuditOutcome.SUCCESS, share, address)
                .detail("device", device.name())
                .build());
        return new Attempt(Attempt.Outcome.ACCEPTED, share, sessionId);
    }

    /**
     * The passcode an app sent with a SMART Health Link's manifest request ({@link SmartHealthLinks}): the same answer
     * check, counters (for the share and the address), back-off, lock and audit as the passcode form, so a link is no
     * second guessing path. With the birth-date factor the passcode is the birth date (YYYY-MM-DD). True when right;
     * then the access is listed and audited as an opening through the link.
     */
    @Transactional
    boolean answerFromApp(Share share, String passcode, String app, String clientAddress, String userAgent) {
        Instant now = clock.instant();
        String address = clientAddress == null ? "" : clientAddress;
        Device device = Device.of(userAgent);
        LocalDate birthDate = share.secondFactor() == SecondFactor.BIRTH_DATE ? isoDate(passcode) : null;
        boolean right = !shares.addressBlocked(address, now)
                && !share.refusesAttempts(now)
                && answers(share, passcode, birthDate);
        if (!right) {
            refuse(Optional.of(share), address, device, now, SmartHealthLinks.VIA, app);
            return false;
        }
        shares.forgetFailures(share.id());
        shares.addAccess(share.id(), now, Share.Access.Kind.LINK_OPENED, device);
        audit.record(recipientEvent(AuditAction.SHARE_OPENED, AuditOutcome.SUCCESS, share, address)
                .detail("device", device.name())
                .detail("via", SmartHealthLinks.VIA)
                .detail("app", app)
                .build());
        return true;
    }

    private static LocalDate isoDate(String value) {
        if (value == null || value.length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void refuse(Optional<Share> found, String address, Device device, Instant now) {
        refuse(found, address, device, now, null, null);
    }

    private void refuse(Optional<Share> found, String address, Device device, Instant now, String via, String app) {
        int fromAddress = shares.recordAddressFailure(address, now);
        Duration addressWait = SharingProperties.backOff(fromAddress, properties.addressFreeFailures());
        if (!addressWait.isZero()) {
            shares.blockAddress(address, now.plus(addressWait));
        }
        AuditEvent.Builder event;
        if (found.isPresent()) {
            Share share = found.get();
            int failures = share.failedAttempts() + 1;
            boolean lock = failures >= properties.lockAfter();
            shares.recordFailure(share.id(), now, SharingProperties.backOff(failures, properties.freeFailures()), lock);
            shares.addAccess(share.id(), now, Share.Access.Kind.FAILED, device);
            event = recipientEvent(AuditAction.SHARE_PASSCODE_FAILED, AuditOutcome.MINOR_FAILURE, share, address)
                    .detail("failures", failures)
                    .detail("locked", lock || share.lockedAt() != null);
        } else {
            event = AuditEvent.of(AuditAction.SHARE_PASSCODE_FAILED, AuditOutcome.MINOR_FAILURE)
                    .actor(null, "share recipient", RECIPIENT_ROLE)
                    .clientAddress(address)
                    .detail("reason", "unknown-link");
        }
        if (via != null) {
            event.detail("via", via).detail("app", app);
        }
        audit.record(event.detail("device", device.name()).build());
    }

    private boolean answers(Share share, String passcode, LocalDate birthDate) {
        if (share.secondFactor() == SecondFactor.BIRTH_DATE) {
            return birthDate != null
                    && birthDateOf(share.accountId()).map(birthDate::equals).orElse(false);
        }
        String typed = ShareSecrets.normalizePasscode(passcode);
        return !typed.isEmpty() && passwords.matches(typed, share.passcodeHash());
    }

    /**
     * What a new share of this patient asks its recipient for besides the link: the clinic's choice, except that a
     * patient without a verified date of birth gets a passcode (there is nothing to compare a typed date with).
     */
    SecondFactor secondFactorFor(Actor patient, SharingSettings clinic) {
        return clinic.secondFactor() == SecondFactor.BIRTH_DATE
                        && birthDateOf(patient.accountId()).isEmpty()
                ? SecondFactor.PASSCODE
                : clinic.secondFactor();
    }

    private Optional<LocalDate> birthDateOf(long accountId) {
        return accounts.linkOf(accountId).map(link -> link.verifiedBirthDate());
    }

    /** The active share of a recipient's session, if the session has not ended; the session is marked seen. */
    @Transactional
    Optional<Share> sessionShare(String sessionId) {
        if (!ShareSecrets.isWellFormedToken(sessionId)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (paused()) {
            return Optional.empty();
        }
        return shares.touchSession(
                        ShareSecrets.hash(sessionId), now, properties.sessionIdle(), properties.sessionMaximum())
                .flatMap(shares::byId)
                .filter(share -> share.isActive(now));
    }

    @Transactional
    void endSession(String sessionId) {
        if (ShareSecrets.isWellFormedToken(sessionId)) {
            shares.deleteSession(ShareSecrets.hash(sessionId));
        }
    }

    /**
     * The shared study if the share covers it and the patient's own access rules admit it now; empty for anything
     * else (another study, a malformed UID, an ended consent or grant), which callers answer with the same 404.
     */
    Optional<VisibleStudy> authorize(Share share, String studyUid, String clientAddress) {
        if (!share.isActive(clock.instant()) || !share.covers(studyUid)) {
            return Optional.empty();
        }
        return policy.authorize(patientOf(share, clientAddress), studyUid);
    }

    /** The shared studies the patient's access rules still admit, in the order they were shared. */
    List<VisibleStudy> visibleStudies(Share share, String clientAddress) {
        return share.studyUids().stream()
                .map(uid -> authorize(share, uid, clientAddress))
                .flatMap(Optional::stream)
                .toList();
    }

    /**
     * Records a view by the recipient before the data leaves: once per session for the study (its page or first
     * thumbnail) and once per series (its first frame); a failed write throws and nothing is remembered or sent.
     */
    @Transactional
    void viewed(Share share, String sessionId, VisibleStudy visible, String seriesUid, String clientAddress) {
        String study = visible.study().studyInstanceUid();
        String sessionHash = ShareSecrets.hash(sessionId);
        if (shares.firstTime(sessionHash, study + "/")) {
            audit.record(recipientEvent(AuditAction.SHARE_VIEWED, AuditOutcome.SUCCESS, share, clientAddress)
                    .study(study)
                    .detail("view", "study")
                    .build());
        }
        if (seriesUid != null && shares.firstTime(sessionHash, study + "/" + seriesUid)) {
            audit.record(recipientEvent(AuditAction.SHARE_VIEWED, AuditOutcome.SUCCESS, share, clientAddress)
                    .study(study)
                    .series(seriesUid)
                    .detail("view", "series")
                    .build());
        }
    }

    /** Records a download of the original files before the first byte, and the access for the patient's list. */
    @Transactional
    void downloading(Share share, VisibleStudy visible, String clientAddress, String userAgent) {
        Device device = Device.of(userAgent);
        shares.addAccess(share.id(), clock.instant(), Share.Access.Kind.DOWNLOADED, device);
        audit.record(recipientEvent(AuditAction.SHARE_DOWNLOADED, AuditOutcome.SUCCESS, share, clientAddress)
                .study(visible.study().studyInstanceUid())
                .detail("device", device.name())
                .detail("files", "original")
                .build());
    }

    AuditEvent.Builder recipientEvent(AuditAction action, AuditOutcome outcome, Share share, String clientAddress) {
        Optional<PatientIdentity> identity = accounts.identityOf(share.accountId());
        return AuditEvent.of(action, outcome)
                .actor(null, "share " + share.id() + ": " + share.recipient(), RECIPIENT_ROLE)
                .clientAddress(clientAddress == null ? "" : clientAddress)
                .patient(
                        identity.map(PatientIdentity::patientId).orElse(null),
                        identity.map(PatientIdentity::issuer).orElse(null))
                .detail("share", share.id());
    }

    /** The patient, as the access policy needs to know them, acting through their share from the recipient's address. */
    private static Actor patientOf(Share share, String clientAddress) {
        return new Actor(
                share.accountId(), "share-" + share.id(), Role.PATIENT, clientAddress == null ? "" : clientAddress);
    }
}
