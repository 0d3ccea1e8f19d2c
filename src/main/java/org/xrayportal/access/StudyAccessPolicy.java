package org.xrayportal.access;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Actor;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.DateRange;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Study;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.shared.PersonNames;

/**
 * The one answer to "may this person see this study now?" (DESIGN.md invariant 2): the account is a patient's and
 * linked to a PACS identity, a current consent exists, an active grant covers the study, and the PACS itself lists
 * the study under that identity. Each call reads the link, consent and grants afresh, so withdrawal, revocation,
 * expiry and a "not my images" report take effect on the very next request; only the PACS's answer about which studies
 * the identity has may come from the gateway's short cache ({@code portal.pacs.ownership-cache-ttl}, 1 min), and the
 * checks below run on it every time.
 *
 * <p>Identity checks (issue 10), part of every decision so no cache in front of the PACS can skip them: while the
 * patient's "not my images" report is open nothing is visible; and a study whose PatientBirthDate differs from the
 * account's verified birth date (where both exist) is withheld and raises a staff alert (once per study).
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
    public record VisibleStudy(Study study, PatientIdentity identity, boolean allowDownload) {

        /** Whose images these are, as the PACS names the patient ("Given Family"), for "Images of ..., born ...". */
        public String ownerName() {
            return PersonNames.readable(study.patientName());
        }
    }

    /**
     * The patient's study list: the studies they may see now, newest first, how many were withheld because their
     * birth date differs from the verified one, and whether image access is suspended by a "not my images" report.
     */
    public record StudyList(List<VisibleStudy> studies, int withheld, boolean suspended) {}

    /** Every study the patient may see now, newest first; empty when any condition fails. */
    public List<VisibleStudy> visibleStudies(Actor user) {
        return studyList(user).studies();
    }

    public StudyList studyList(Actor user) {
        if (user != null && user.role() == Role.PATIENT) {
            var link = accounts.linkOf(user.accountId());
            if (link.isPresent() && link.get().imagesSuspended()) {
                return new StudyList(List.of(), 0, true);
            }
        }
        return scope(user)
                .map(scope -> {
                    List<VisibleStudy> visible = new ArrayList<>();
                    int withheld = 0;
                    for (Study study : pacs.searchStudies(scope.identity(), DateRange.ANY)) {
                        if (!scope.birthDateMatches(study)) {
                            withheld++;
                        } else {
                            scope.visible(study).ifPresent(visible::add);
                        }
                    }
                    return new StudyList(List.copyOf(visible), withheld, false);
                })
                .orElse(new StudyList(List.of(), 0, false));
    }

    /**
     * The study if the user may see it now. Empty for a malformed UID, another patient's study, a study outside every
     * grant, and a study that does not exist alike: callers answer all of them with the same 404.
     */
    public Optional<VisibleStudy> authorize(Actor user, String studyUid) {
        if (!DicomUid.isValid(studyUid)) {
            return Optional.empty();
        }
        return scope(user)
                .flatMap(scope -> pacs.searchStudies(scope.identity(), DateRange.ANY).stream()
                        .filter(study -> study.studyInstanceUid().equals(studyUid))
                        .findFirst()
                        .filter(scope::birthDateMatches)
                        .flatMap(scope::visible));
    }

    private Optional<Scope> scope(Actor user) {
        if (user == null || user.role() != Role.PATIENT) {
            return Optional.empty();
        }
        var link = accounts.linkOf(user.accountId());
        if (link.isEmpty() || link.get().imagesSuspended() || !consents.hasCurrentConsent(user.accountId())) {
            return Optional.empty();
        }
        List<AccessGrant> grants = access.activeGrants(user.accountId());
        if (grants.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Scope(user.accountId(), link.get().identity(), link.get().verifiedBirthDate(), grants));
    }

    private final class Scope {
        private final long accountId;
        private final PatientIdentity identity;
        private final LocalDate verifiedBirthDate;
        private final List<AccessGrant> grants;

        Scope(long accountId, PatientIdentity identity, LocalDate verifiedBirthDate, List<AccessGrant> grants) {
            this.accountId = accountId;
            this.identity = identity;
            this.verifiedBirthDate = verifiedBirthDate;
            this.grants = grants;
        }

        PatientIdentity identity() {
            return identity;
        }

        /** DESIGN.md invariant 1: the study's own birth date must be the verified one; a mismatch alerts staff. */
        boolean birthDateMatches(Study study) {
            if (verifiedBirthDate == null
                    || study.patientBirthDate() == null
                    || verifiedBirthDate.equals(study.patientBirthDate())) {
                return true;
            }
            accounts.raiseBirthDateAlert(accountId, identity, study.studyInstanceUid());
            return false;
        }

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
