package org.xrayportal.access;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Actor;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.DateRange;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Study;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.system.ProblemException;

/**
 * The access feature's public API: patients ask, staff decide within the legal clock, approvals become grants.
 * Every change is audited in the same transaction as the change itself.
 */
@Service
public class AccessService {

    private final AccessRequests requests;
    private final AccessGrants grants;
    private final AccountService accounts;
    private final ConsentService consents;
    private final PacsGateway pacs;
    private final AuditLog auditLog;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final IdentityComparison identities;

    /** The explanation of an approval the PACS's demographics do not support. */
    static final String NOT_APPROVABLE = "access.identity.notApprovable";

    AccessService(
            AccessRequests requests,
            AccessGrants grants,
            AccountService accounts,
            ConsentService consents,
            PacsGateway pacs,
            AuditLog auditLog,
            ApplicationEventPublisher events,
            Clock clock,
            IdentityComparison identities) {
        this.identities = identities;
        this.requests = requests;
        this.grants = grants;
        this.accounts = accounts;
        this.consents = consents;
        this.pacs = pacs;
        this.auditLog = auditLog;
        this.events = events;
        this.clock = clock;
    }

    /** A page of the staff queue, oldest first. */
    public record QueuePage(List<AccessRequest> requests, int page, int size, long total) {
        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }

        public boolean hasPrevious() {
            return page > 0;
        }
    }

    // ---- Patients

    /**
     * A linked patient who has agreed to the current terms asks for access. A one-study request must name one of
     * the patient's own studies as the PACS knows them.
     */
    @Transactional
    public AccessRequest submit(Actor patient, AccessScope scope, String message, AccessRequest.Format format) {
        PatientIdentity identity = accounts.identityOf(patient.accountId())
                .orElseThrow(() -> ProblemException.conflict("access.error.notLinked"));
        if (!consents.hasCurrentConsent(patient.accountId())) {
            throw ProblemException.conflict("access.error.noConsent");
        }
        if (scope.kind() == AccessScope.Kind.ONE_STUDY
                && studiesOf(identity).stream()
                        .noneMatch(study -> study.studyInstanceUid().equals(scope.studyUid()))) {
            throw ProblemException.invalid("access.error.study");
        }
        if (requests.pendingFor(patient.accountId(), scope).isPresent()) {
            throw new PendingRequestExists();
        }
        String note = message == null || message.isBlank() ? null : message.strip();
        AccessRequest submitted = AccessRequest.submit(patient.accountId(), scope, note, format, clock.instant());
        long id;
        try {
            id = requests.insert(submitted);
        } catch (DuplicateKeyException e) {
            // A concurrent submit of the same scope won the race (V65's unique index).
            throw new PendingRequestExists();
        }
        auditLog.record(audit(AuditAction.ACCESS_REQUESTED, patient, identity)
                .study(scope.studyUid())
                .detail("request", id)
                .detail("scope", scope.kind().name())
                .build());
        return requests.find(id).orElseThrow();
    }

    /** The patient's pending request for exactly this scope, the one a second request is refused for. */
    public Optional<AccessRequest> pendingRequestFor(Actor patient, AccessScope scope) {
        return requests.pendingFor(patient.accountId(), scope);
    }

    /** A patient asked again for a scope that already has a pending request (422: one pending request per scope). */
    public static final class PendingRequestExists extends ProblemException {

        private static final long serialVersionUID = 1L;

        PendingRequestExists() {
            super(HttpStatus.UNPROCESSABLE_CONTENT, "access.error.pending");
        }
    }

    @Transactional
    public void withdraw(Actor patient, long requestId) {
        AccessRequest request = requests.find(requestId)
                .filter(r -> r.accountId() == patient.accountId())
                .orElseThrow(ProblemException::notFound);
        save(request.withdraw(clock.instant()), request);
        auditLog.record(audit(
                        AuditAction.ACCESS_REQUEST_WITHDRAWN,
                        patient,
                        accounts.identityOf(patient.accountId()).orElse(null))
                .detail("request", requestId)
                .build());
    }

    /** The patient's studies as the PACS lists them, for the "one study" choice (dates and descriptions only). */
    public List<Study> studiesOf(PatientIdentity identity) {
        return pacs.searchStudies(identity, DateRange.ANY);
    }

    public List<AccessRequest> requestsOf(long accountId) {
        return requests.ofAccount(accountId);
    }

    public List<AccessGrant> grantsOf(long accountId) {
        return grants.ofAccount(accountId);
    }

    /** Read on every request for patient data: revocation and expiry count from this very moment. */
    public List<AccessGrant> activeGrants(long accountId) {
        Instant now = clock.instant();
        return grants.ofAccount(accountId).stream()
                .filter(grant -> grant.isActiveAt(now))
                .toList();
    }

    // ---- Staff

    public QueuePage queue(AccessRequest.Status status, int page, int size) {
        int safePage = Math.max(page, 0);
        return new QueuePage(requests.queue(status, safePage * size, size), safePage, size, requests.count(status));
    }

    public AccessRequest request(long requestId) {
        return requests.find(requestId).orElseThrow(ProblemException::notFound);
    }

    public Optional<AccessGrant> grantFor(long requestId) {
        return grants.ofRequest(requestId);
    }

    /**
     * Approves with a scope (staff may narrow what was asked) and an optional expiry; creates the grant. Refused (409)
     * for an account that is not linked, and for one whose link the PACS does not confirm (its demographics for that
     * identity differ from the verified birth date, or it holds several): the same guard for every caller, not only
     * the staff page ({@link IdentityComparison}, whose PACS lookup is audited under the staff member's name).
     */
    @Transactional
    public AccessGrant approve(
            Actor staff, long requestId, AccessScope scope, Instant expiresAt, boolean allowDownload) {
        AccessRequest request = request(requestId);
        Instant now = clock.instant();
        AccessRequest approved = request.approve(staff.accountId(), now);
        PatientIdentity identity = accounts.identityOf(request.accountId())
                .orElseThrow(() -> ProblemException.conflict("access.error.approveUnlinked"));
        if (!identities.compare(request.accountId(), staff.accountId()).approvable()) {
            throw ProblemException.conflict(NOT_APPROVABLE);
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ProblemException.invalid("access.error.expiry");
        }
        if (scope.kind() == AccessScope.Kind.ONE_STUDY
                && studiesOf(identity).stream()
                        .noneMatch(study -> study.studyInstanceUid().equals(scope.studyUid()))) {
            throw ProblemException.invalid("access.error.study");
        }
        save(approved, request);
        AccessGrant grant = new AccessGrant(
                0,
                requestId,
                request.accountId(),
                scope,
                allowDownload,
                now,
                staff.accountId(),
                expiresAt,
                null,
                null,
                null);
        long grantId = grants.insert(grant);
        auditLog.record(audit(AuditAction.ACCESS_APPROVED, staff, identity)
                .study(scope.studyUid())
                .detail("request", requestId)
                .detail("grant", grantId)
                .detail("scope", scope.kind().name())
                .detail("allowDownload", allowDownload)
                .detail("expiresAt", expiresAt == null ? null : expiresAt.toString())
                .build());
        events.publishEvent(
                new AccessRequestUpdated(request.accountId(), requestId, AccessRequestUpdated.Change.APPROVED));
        return grants.find(grantId).orElseThrow();
    }

    @Transactional
    public void deny(Actor staff, long requestId, String reason) {
        AccessRequest request = request(requestId);
        save(request.deny(staff.accountId(), reason, clock.instant()), request);
        auditLog.record(audit(
                        AuditAction.ACCESS_DENIED,
                        staff,
                        accounts.identityOf(request.accountId()).orElse(null))
                .detail("request", requestId)
                .build());
        events.publishEvent(
                new AccessRequestUpdated(request.accountId(), requestId, AccessRequestUpdated.Change.DENIED));
    }

    @Transactional
    public void extend(Actor staff, long requestId, Instant newDueAt, String reason) {
        AccessRequest request = request(requestId);
        save(request.extend(staff.accountId(), newDueAt, reason, clock.instant()), request);
        auditLog.record(audit(
                        AuditAction.ACCESS_REQUEST_EXTENDED,
                        staff,
                        accounts.identityOf(request.accountId()).orElse(null))
                .detail("request", requestId)
                .detail("newDueAt", newDueAt.toString())
                .build());
        events.publishEvent(
                new AccessRequestUpdated(request.accountId(), requestId, AccessRequestUpdated.Change.EXTENDED));
    }

    @Transactional
    public void revoke(Actor staff, long grantId, String reason) {
        AccessGrant grant = grants.find(grantId).orElseThrow(ProblemException::notFound);
        if (!grants.revoke(grant.revoke(staff.accountId(), reason, clock.instant()))) {
            throw ProblemException.conflict("access.error.alreadyRevoked");
        }
        auditLog.record(audit(
                        AuditAction.ACCESS_GRANT_REVOKED,
                        staff,
                        accounts.identityOf(grant.accountId()).orElse(null))
                .study(grant.scope().studyUid())
                .detail("grant", grantId)
                .detail("request", grant.requestId())
                .build());
        events.publishEvent(
                new AccessRequestUpdated(grant.accountId(), grant.requestId(), AccessRequestUpdated.Change.REVOKED));
    }

    private void save(AccessRequest changed, AccessRequest before) {
        if (!requests.update(changed, before.status(), before.extendedAt())) {
            AccessRequest now = request(before.id());
            throw now.isPending()
                    ? ProblemException.conflict("access.error.changedMeanwhile")
                    : ProblemException.conflict(
                            "access.error.alreadyDecided." + now.status().name());
        }
    }

    private AuditEvent.Builder audit(AuditAction action, Actor actor, PatientIdentity identity) {
        AuditEvent.Builder event = AuditEvent.of(action, AuditOutcome.SUCCESS)
                .actor(actor.accountId(), actor.name(), actor.role().name())
                .clientAddress(actor.clientAddress());
        return identity == null ? event : event.patient(identity.patientId(), identity.issuer());
    }
}
