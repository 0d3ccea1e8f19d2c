package org.xrayportal.viewer;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.xrayportal.access.AccessGrant;
import org.xrayportal.access.AccessService;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Role;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.DateRange;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Study;
import org.xrayportal.security.PortalUser;
import org.xrayportal.shared.PatientIdentity;

/**
 * The one answer to "may this person see this study now?" (DESIGN.md invariant 2): the account is a patient's and
 * linked to a PACS identity, a current consent exists, an active grant covers the study, and the PACS itself lists
 * the study under that identity. Nothing is cached: each call reads consent and grants afresh, so withdrawal,
 * revocation and expiry take effect on the very next request.
 */
@Service
public class StudyAccessPolicy {

    private final AccountService accounts;
    private final ConsentService consents;
    private final AccessService access;
    private final PacsGateway pacs;

    StudyAccessPolicy(AccountService accounts, ConsentService consents, AccessService access, PacsGateway pacs) {
        this.accounts = accounts;
        this.consents = consents;
        this.access = access;
        this.pacs = pacs;
    }

    /** A study the patient may see, with the identity it was confirmed under and whether it may be downloaded. */
    public record VisibleStudy(Study study, PatientIdentity identity, boolean allowDownload) {}

    /** Every study the patient may see now, newest first; empty when any condition fails. */
    public List<VisibleStudy> visibleStudies(PortalUser user) {
        return scope(user)
                .map(scope -> pacs.searchStudies(scope.identity(), DateRange.ANY).stream()
                        .flatMap(study -> scope.visible(study).stream())
                        .toList())
                .orElse(List.of());
    }

    /**
     * The study if the user may see it now. Empty for a malformed UID, another patient's study, a study outside every
     * grant, and a study that does not exist alike: callers answer all of them with the same 404.
     */
    public Optional<VisibleStudy> authorize(PortalUser user, String studyUid) {
        if (!DicomUid.isValid(studyUid)) {
            return Optional.empty();
        }
        return scope(user)
                .flatMap(scope -> pacs.searchStudies(scope.identity(), DateRange.ANY).stream()
                        .filter(study -> study.studyInstanceUid().equals(studyUid))
                        .findFirst()
                        .flatMap(scope::visible));
    }

    private Optional<Scope> scope(PortalUser user) {
        if (user == null || user.role() != Role.PATIENT) {
            return Optional.empty();
        }
        var identity = accounts.identityOf(user.id());
        if (identity.isEmpty() || !consents.hasCurrentConsent(user.id())) {
            return Optional.empty();
        }
        List<AccessGrant> grants = access.activeGrants(user.id());
        if (grants.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Scope(identity.get(), grants));
    }

    private record Scope(PatientIdentity identity, List<AccessGrant> grants) {

        Optional<VisibleStudy> visible(Study study) {
            List<AccessGrant> covering = grants.stream()
                    .filter(grant -> grant.scope().covers(study.studyInstanceUid(), study.studyDate()))
                    .toList();
            if (covering.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new VisibleStudy(study, identity, covering.stream().anyMatch(AccessGrant::allowDownload)));
        }
    }
}
