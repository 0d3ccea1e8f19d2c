package org.xrayportal.consent;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
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
 * The notice beside images and the help page (DESIGN.md section 5, issue 16): versioned per language, published by
 * admins without a release. A page shows the newest version in its language, else the English one; the viewer records
 * which version it showed ({@link ClinicText#reference()}) in its view events.
 */
@Service
public class ClinicTextService {

    private final ClinicTexts texts;
    private final AuditLog auditLog;
    private final Clock clock;

    ClinicTextService(ClinicTexts texts, AuditLog auditLog, Clock clock) {
        this.texts = texts;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** The newest version for a page in {@code locale}; English when that language has none. */
    public ClinicText current(ClinicText.Kind kind, Locale locale) {
        String language = PortalLanguages.supported(locale.getLanguage())
                .orElse(PortalLanguages.FALLBACK)
                .getLanguage();
        return texts.newest(kind, language)
                .or(() -> texts.newest(kind, PortalLanguages.FALLBACK.getLanguage()))
                .orElseThrow(() -> new IllegalStateException("no " + kind + " text in English: V66 seeds one"));
    }

    /** Every version in that language, newest first; empty when none was published in it. */
    public List<ClinicText> versions(ClinicText.Kind kind, String language) {
        return texts.versions(kind, language);
    }

    /** Publishes the next version of that kind in that language; pages show it from the next request on. */
    @Transactional
    public ClinicText publish(
            Actor admin, ClinicText.Kind kind, String language, String title, String summary, String body) {
        if (PortalLanguages.supported(language).isEmpty()) {
            throw ProblemException.notFound();
        }
        int version = texts.nextVersionLocked(kind, language);
        ClinicText text = new ClinicText(
                kind,
                language,
                version,
                title.strip(),
                kind == ClinicText.Kind.NOTICE ? summary.strip() : null,
                body.strip(),
                clock.instant());
        texts.insert(text, admin.accountId());
        auditLog.record(AuditEvent.of(AuditAction.CLINIC_TEXT_PUBLISHED, AuditOutcome.SUCCESS)
                .actor(admin.accountId(), admin.name(), admin.role().name())
                .clientAddress(admin.clientAddress())
                .detail("text", kind.name().toLowerCase(Locale.ROOT))
                .detail("language", language)
                .detail("version", version)
                .build());
        return text;
    }
}
