package org.xrayportal.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
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
 * the study under that identity. The PACS's answer about which studies the identity has may come from the gateway's
 * short cache ({@code portal.pacs.ownership-cache-ttl}, 1 min).
 *
 * <p>A cache hit is a cache hit (issue 14): a positive decision for (account, study) is remembered in memory for at
 * most {@code portal.access.decision-cache-ttl} (1 min, 0 = never) together with the account's access version (V63,
 * raised by database triggers with every change of a grant, the identity link, a consent acceptance or a consent
 * document). Every request reads that version with one indexed statement and reuses the decision only while it is
 * unchanged, so withdrawal, revocation, a relink and a "not my images" report take effect on the very next request on
 * every node. What the clock changes without a write is compared with now: the decision is reused only before the
 * earliest expiry of the account's grants and before the next consent document takes effect. Refusals are never
 * remembered, so they (and the birth-date alert) are decided afresh every time. The account's scope (identity link,
 * current consent, active grants: four reads) is remembered the same way, so a study list or a decision for a study
 * not asked before reads only the version too.
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
    private final AccessVersions versions;
    private final Clock clock;
    private final boolean caching;
    private final Cache<DecisionKey, Decision> decisions;
    private final Cache<Long, ScopeEntry> scopes;

    StudyAccessPolicy(
            AccountService accounts,
            ConsentService consents,
            AccessService access,
            PacsGateway pacs,
            AccessVersions versions,
            Clock clock,
            @Value("${portal.access.decision-cache-ttl:60s}") Duration decisionCacheTtl) {
        this.accounts = accounts;
        this.consents = consents;
        this.access = access;
        this.pacs = pacs;
        this.versions = versions;
        this.clock = clock;
        this.caching = !decisionCacheTtl.isZero() && !decisionCacheTtl.isNegative();
        this.decisions = Caffeine.newBuilder()
                .maximumSize(caching ? 20_000 : 0)
                .expireAfterWrite(caching ? decisionCacheTtl : Duration.ZERO)
                .build();
        this.scopes = Caffeine.newBuilder()
                .maximumSize(caching ? 10_000 : 0)
                .expireAfterWrite(caching ? decisionCacheTtl : Duration.ZERO)
                .build();
    }

    private record DecisionKey(long accountId, String studyUid) {}

    /** A positive decision, valid while the access versions are those of {@code versions} and until {@code until}. */
    private record Decision(AccessVersions.Snapshot versions, Instant until, VisibleStudy visible) {}

    /** An account's scope, valid while the access versions are those of {@code versions} and until {@code until}. */
    private record ScopeEntry(AccessVersions.Snapshot versions, Instant until, Scope scope) {}

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
        AccessVersions.Snapshot snapshot = snapshot(user);
        Optional<Scope> remembered = rememberedScope(user, snapshot);
        if (remembered.isEmpty() && user != null && user.role() == Role.PATIENT) {
            var link = accounts.linkOf(user.accountId());
            if (link.isPresent() && link.get().imagesSuspended()) {
                return new StudyList(List.of(), 0, true);
            }
        }
        return remembered
                .or(() -> scope(user, snapshot))
                .map(scope -> {
                    List<VisibleStudy> visible = new ArrayList<>();
                    int withheld = 0;
                    for (Study study : pacs.searchStudies(scope.identity(), DateRange.ANY)) {
                        if (!scope.birthDateMatches(study)) {
                            withheld++;
                        } else {
                            scope.visible(study).ifPresent(v -> {
                                visible.add(v);
                                remember(scope, snapshot, v);
                            });
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
        if (!DicomUid.isValid(studyUid) || user == null || user.role() != Role.PATIENT) {
            return Optional.empty();
        }
        // The version is read before the inputs: a change committed in between is then seen as a newer version.
        AccessVersions.Snapshot snapshot = snapshot(user);
        DecisionKey key = new DecisionKey(user.accountId(), studyUid);
        if (snapshot != null) {
            Decision cached = decisions.getIfPresent(key);
            if (cached != null
                    && cached.versions().sameVersion(snapshot)
                    && clock.instant().isBefore(cached.until())) {
                return Optional.of(cached.visible());
            }
        }
        Optional<Scope> scope = rememberedScope(user, snapshot).or(() -> scope(user, snapshot));
        Optional<VisibleStudy> decided = scope.flatMap(s -> pacs.searchStudies(s.identity(), DateRange.ANY).stream()
                .filter(study -> study.studyInstanceUid().equals(studyUid))
                .findFirst()
                .filter(s::birthDateMatches)
                .flatMap(s::visible));
        if (decided.isPresent()) {
            remember(scope.get(), snapshot, decided.get());
        } else {
            decisions.invalidate(key);
        }
        return decided;
    }

    /** The account's access version now, or null when decisions are not cached. */
    private AccessVersions.Snapshot snapshot(Actor user) {
        if (!caching || user == null || user.role() != Role.PATIENT) {
            return null;
        }
        return versions.read(user.accountId(), clock.instant());
    }

    private void remember(Scope scope, AccessVersions.Snapshot snapshot, VisibleStudy visible) {
        if (snapshot == null) {
            return;
        }
        decisions.put(
                new DecisionKey(scope.accountId, visible.study().studyInstanceUid()),
                new Decision(snapshot, until(scope, snapshot), visible));
    }

    /** Until when what was decided for {@code scope} holds without a write: the first grant expiry or consent change. */
    private static Instant until(Scope scope, AccessVersions.Snapshot snapshot) {
        Instant until = scope.grants.stream()
                .map(AccessGrant::expiresAt)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(Instant.MAX);
        if (snapshot.nextConsentDocument() != null
                && snapshot.nextConsentDocument().isBefore(until)) {
            until = snapshot.nextConsentDocument();
        }
        return until;
    }

    /** The account's scope as remembered at the same access version, while no grant has expired since. */
    private Optional<Scope> rememberedScope(Actor user, AccessVersions.Snapshot snapshot) {
        if (snapshot == null) {
            return Optional.empty();
        }
        ScopeEntry entry = scopes.getIfPresent(user.accountId());
        if (entry != null
                && entry.versions().sameVersion(snapshot)
                && clock.instant().isBefore(entry.until())) {
            return Optional.of(entry.scope());
        }
        return Optional.empty();
    }

    /** The account's scope read afresh, remembered when there is one (refusals are never remembered). */
    private Optional<Scope> scope(Actor user, AccessVersions.Snapshot snapshot) {
        Optional<Scope> scope = scope(user);
        if (snapshot != null) {
            scope.ifPresentOrElse(
                    s -> scopes.put(user.accountId(), new ScopeEntry(snapshot, until(s, snapshot), s)),
                    () -> scopes.invalidate(user.accountId()));
        }
        return scope;
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
