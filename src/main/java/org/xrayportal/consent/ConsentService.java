package org.xrayportal.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.Actor;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.system.PortalLanguages;
import org.xrayportal.system.ProblemException;

/**
 * The consent feature's public API. Giving and withdrawing are each one step, recorded with time, version, client
 * address and user agent, and audited in the same transaction (GDPR Art. 7(1) and 7(3)).
 */
@Service
public class ConsentService {

    private static final int MAX_USER_AGENT = 512;

    private final ConsentDocuments documents;
    private final ConsentAcceptances acceptances;
    private final AuditLog auditLog;
    private final Clock clock;

    ConsentService(ConsentDocuments documents, ConsentAcceptances acceptances, AuditLog auditLog, Clock clock) {
        this.documents = documents;
        this.acceptances = acceptances;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** The terms in effect now, if any have been published. */
    public Optional<ConsentDocument> currentDocument() {
        return documents.inEffectAt(clock.instant());
    }

    public Optional<ConsentDocument> document(int version) {
        return documents.find(version);
    }

    /**
     * The terms as a page in {@code locale} shows them: the same version, translated when a translation was published
     * with it, else as published (English).
     */
    public ConsentDocument inLanguage(ConsentDocument document, Locale locale) {
        if (document == null || PortalLanguages.FALLBACK.getLanguage().equals(locale.getLanguage())) {
            return document;
        }
        return documents.translated(document, locale.getLanguage()).orElse(document);
    }

    /** Whether {@link #inLanguage} has a translation of this version in {@code locale}. */
    public String languageOf(ConsentDocument document, Locale locale) {
        return document != null && inLanguage(document, locale) != document
                ? locale.getLanguage()
                : PortalLanguages.FALLBACK.getLanguage();
    }

    public List<ConsentDocument> allDocuments() {
        return documents.all();
    }

    /** Read on every request that returns patient data: withdrawal and new versions take effect at once. */
    public boolean hasCurrentConsent(long accountId) {
        return statusOf(accountId).isCurrent();
    }

    public ConsentStatus statusOf(long accountId) {
        ConsentDocument current = currentDocument().orElse(null);
        Optional<ConsentAcceptance> inForce = acceptances.inForce(accountId);
        if (inForce.isPresent()) {
            boolean upToDate = current != null && inForce.get().version() == current.version();
            return new ConsentStatus(
                    upToDate ? ConsentStatus.State.CURRENT : ConsentStatus.State.NEEDS_RENEWAL, current, inForce.get());
        }
        return new ConsentStatus(
                acceptances.anyEver(accountId) ? ConsentStatus.State.WITHDRAWN : ConsentStatus.State.NOT_GIVEN,
                current,
                null);
    }

    List<ConsentAcceptance> history(long accountId) {
        return acceptances.history(accountId);
    }

    /**
     * Records the patient's agreement to {@code version}, which must be the version in effect (the page they read).
     *
     * @return false when that version was already agreed (a repeated submit), true when recorded now
     */
    @Transactional
    public boolean accept(Actor patient, int version, String userAgent) {
        String clientAddress = patient.clientAddress();
        ConsentDocument current =
                currentDocument().orElseThrow(() -> ProblemException.conflict("consent.error.noTerms"));
        if (current.version() != version) {
            throw ProblemException.conflict("consent.error.versionChanged");
        }
        Instant now = clock.instant();
        Optional<ConsentAcceptance> previous = acceptances.inForceForUpdate(patient.accountId());
        if (previous.isPresent() && previous.get().version() == version) {
            return false;
        }
        previous.ifPresent(
                old -> acceptances.end(old.id(), now, ConsentAcceptance.EndReason.SUPERSEDED, clientAddress));
        acceptances.insert(patient.accountId(), version, now, clientAddress, truncate(userAgent));
        auditLog.record(audit(AuditAction.CONSENT_GIVEN, patient)
                .detail("version", version)
                .detail(
                        "replacedVersion",
                        previous.map(ConsentAcceptance::version).orElse(null))
                .build());
        return true;
    }

    /** Ends the agreement in force; all image access stops with it. */
    @Transactional
    public void withdraw(Actor patient) {
        ConsentAcceptance inForce = acceptances
                .inForceForUpdate(patient.accountId())
                .orElseThrow(() -> ProblemException.conflict("consent.error.nothingToWithdraw"));
        acceptances.end(inForce.id(), clock.instant(), ConsentAcceptance.EndReason.WITHDRAWN, patient.clientAddress());
        auditLog.record(audit(AuditAction.CONSENT_WITHDRAWN, patient)
                .detail("version", inForce.version())
                .build());
    }

    /** Publishes the next version; patients must agree again once it takes effect. */
    @Transactional
    public ConsentDocument publish(Actor admin, String title, String body, Instant effectiveFrom) {
        return publish(admin, title, body, Map.of(), effectiveFrom);
    }

    /**
     * Publishes the next version with its translations ({@code language} to {@code [title, body]}); a page in a
     * language without one shows the text as published.
     */
    @Transactional
    public ConsentDocument publish(
            Actor admin, String title, String body, Map<String, List<String>> translations, Instant effectiveFrom) {
        int version = documents.nextVersionLocked();
        documents.insert(version, title.strip(), body.strip(), effectiveFrom, clock.instant(), admin.accountId());
        translations.forEach((language, text) -> documents.insertTranslation(
                version, language, text.get(0).strip(), text.get(1).strip()));
        auditLog.record(audit(AuditAction.CONSENT_PUBLISHED, admin)
                .detail("version", version)
                .detail("effectiveFrom", effectiveFrom.toString())
                .detail("translations", translations.isEmpty() ? null : String.join(",", translations.keySet()))
                .build());
        return documents.find(version).orElseThrow();
    }

    private AuditEvent.Builder audit(AuditAction action, Actor actor) {
        return AuditEvent.of(action, AuditOutcome.SUCCESS)
                .actor(actor.accountId(), actor.name(), actor.role().name())
                .clientAddress(actor.clientAddress());
    }

    private static String truncate(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        return userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT);
    }
}
