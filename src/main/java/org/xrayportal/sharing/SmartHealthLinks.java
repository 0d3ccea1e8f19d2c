package org.xrayportal.sharing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.imaging.Instance;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Series;
import org.xrayportal.system.ProblemException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A share issued as a SMART Health Link (HL7 SMART Health Cards and Links IG, STU1): the {@code shlink:/} payload
 * (manifest URL, files' key, expiry, flag {@code P}, label, {@code v: 1}); the manifest request, whose passcode is checked,
 * counted and locked exactly as the share's passcode form ({@link SharingService#answerFromApp}); the manifest's one
 * file, a FHIR Bundle encrypted for the key; and the bearer tokens of the share-scoped DICOMweb endpoint the Bundle
 * names. The link ends with its share, and every request asks the patient's access rules again.
 */
@Service
class SmartHealthLinks {

    /** The {@code via} detail of audit events that came through a SMART Health Link or its DICOMweb endpoint. */
    static final String VIA = "smart-health-link";

    static final String VIA_DICOMWEB = "dicomweb";
    static final String VIEWER_PATH = "/shl";
    static final String MANIFEST_PATH = "/shl/m/";
    static final String FILE_PATH = "/shl/f/";
    static final String DICOMWEB_PATH = "/shl/dicomweb";
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    static final Duration FILE_LIFETIME = Duration.ofMinutes(10);
    static final int LABEL_MAX = 80;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HealthLinks links;
    private final Shares shares;
    private final SharingService sharing;
    private final PacsGateway pacs;
    private final AuditLog audit;
    private final MessageSource messages;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SmartHealthLinks(
            HealthLinks links,
            Shares shares,
            SharingService sharing,
            PacsGateway pacs,
            AuditLog audit,
            MessageSource messages,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.links = links;
        this.shares = shares;
        this.sharing = sharing;
        this.pacs = pacs;
        this.audit = audit;
        this.messages = messages;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * A new link, shown once: {@code shlink} is {@code shlink:/} + the base64url payload; {@code viewerLink} the same
     * behind the portal's viewer page ({@code https://portal/shl#shlink:/...}), what the QR code holds.
     */
    record Issued(
            String manifestUrl,
            String key,
            long exp,
            String flag,
            String label,
            String shlink,
            String viewerLink,
            boolean birthDateFactor) {}

    /** Issues a SMART Health Link for the patient's active share (404 for anything else). */
    Issued issue(long accountId, long shareId, String portalBase, Locale locale) {
        Share share = sharing.shareOf(accountId, shareId);
        if (!sharing.isOpen(share)) {
            throw ProblemException.notFound();
        }
        String manifestId = SmartHealthLinkSecrets.newSecret();
        String key = SmartHealthLinkSecrets.newSecret();
        transactions.executeWithoutResult(status -> links.insert(
                share.id(),
                ShareSecrets.hash(manifestId),
                SmartHealthLinkSecrets.wrapKey(key, manifestId),
                clock.instant()));
        String url = portalBase + MANIFEST_PATH + manifestId;
        String label = label(messages.getMessage("sharing.shl.label", new Object[] {share.recipient()}, locale));
        long exp = share.expiresAt().getEpochSecond();
        ObjectNode payload = JSON.createObjectNode();
        payload.put("url", url);
        payload.put("key", key);
        payload.put("exp", exp);
        payload.put("flag", "P");
        payload.put("label", label);
        payload.put("v", 1);
        String shlink = "shlink:/"
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8));
        return new Issued(
                url,
                key,
                exp,
                "P",
                label,
                shlink,
                portalBase + VIEWER_PATH + "#" + shlink,
                share.secondFactor() == SecondFactor.BIRTH_DATE);
    }

    /** At most 80 characters (code points), cut with an ellipsis. */
    static String label(String text) {
        String label = text.strip();
        if (label.codePointCount(0, label.length()) <= LABEL_MAX) {
            return label;
        }
        return label.substring(0, label.offsetByCodePoints(0, LABEL_MAX - 1)) + "…";
    }

    /** The manifest request's answer: status and JSON body; {@code retryAfter} seconds when the share waits. */
    record Answer(int status, String body, Long retryAfter) {

        static Answer notFound() {
            return new Answer(404, "{}", null);
        }
    }

    /**
     * The manifest request (POST to the link's URL). A link that does not exist, or whose share has ended (expired,
     * revoked, locked after too many wrong passcodes, or no shared study admitted by the patient's access rules now),
     * answers 404 ({@code recipient} is what the app calls itself, for the audit); a wrong or missing passcode 401 with {@code remainingAttempts} (a missing one is not counted); else
     * 200 with the files: the Bundle embedded, or by a one-use location when it is longer than {@code embeddedLengthMax}.
     */
    Answer manifest(
            String manifestId,
            String recipient,
            String passcode,
            Integer embeddedLengthMax,
            String portalBase,
            String address,
            String ua) {
        if (!SmartHealthLinkSecrets.isWellFormed(manifestId)) {
            return Answer.notFound();
        }
        Optional<HealthLinks.Link> found = links.byManifestHash(ShareSecrets.hash(manifestId));
        if (found.isEmpty()) {
            return Answer.notFound();
        }
        HealthLinks.Link link = found.get();
        Checked checked = transactions.execute(status -> check(link, recipient, passcode, address, ua));
        if (checked.answer() != null) {
            return checked.answer();
        }
        Share share = checked.share();
        List<VisibleStudy> visible = sharing.visibleStudies(share, address);
        if (visible.isEmpty()) {
            return Answer.notFound();
        }
        List<SmartHealthLinkBundle.SharedStudy> studies = new ArrayList<>();
        for (VisibleStudy study : visible) {
            String uid = study.study().studyInstanceUid();
            List<Series> series = pacs.listSeries(study.identity(), uid);
            Map<String, List<Instance>> instances = new LinkedHashMap<>();
            for (Series s : series) {
                instances.put(s.seriesInstanceUid(), pacs.listInstances(study.identity(), uid, s.seriesInstanceUid()));
            }
            studies.add(new SmartHealthLinkBundle.SharedStudy(study, series, instances));
        }
        Instant now = clock.instant();
        String token = SmartHealthLinkSecrets.newSecret();
        Instant tokenExpires =
                now.plus(TOKEN_LIFETIME).isBefore(share.expiresAt()) ? now.plus(TOKEN_LIFETIME) : share.expiresAt();
        byte[] bundle = SmartHealthLinkBundle.of(
                studies,
                portalBase + DICOMWEB_PATH,
                token,
                tokenExpires,
                messages.getMessage("sharing.shl.endpointName", null, Locale.ENGLISH),
                now);
        String jwe = SmartHealthLinkSecrets.encryptFile(
                bundle,
                SmartHealthLinkSecrets.FHIR_JSON,
                SmartHealthLinkSecrets.unwrapKey(link.wrappedKey(), manifestId));
        ObjectNode file = JSON.createObjectNode();
        file.put("contentType", SmartHealthLinkSecrets.FHIR_JSON);
        boolean byLocation = embeddedLengthMax != null && jwe.length() > embeddedLengthMax;
        String location = byLocation ? SmartHealthLinkSecrets.newSecret() : null;
        transactions.executeWithoutResult(status -> {
            links.addToken(ShareSecrets.hash(token), share.id(), link.id(), now, tokenExpires);
            if (location != null) {
                links.addFile(ShareSecrets.hash(location), link.id(), jwe, now.plus(FILE_LIFETIME), now);
            }
        });
        if (byLocation) {
            file.put("location", portalBase + FILE_PATH + location);
        } else {
            file.put("embedded", jwe);
        }
        file.put("lastUpdated", now.toString());
        file.put("status", "can-change");
        file.put("fhirVersion", "4.0.1");
        ObjectNode manifest = JSON.createObjectNode();
        manifest.putArray("files").add(file);
        return new Answer(200, JSON.writeValueAsString(manifest), null);
    }

    private record Checked(Share share, Answer answer) {}

    /** In one transaction holding the share's row: the share still open, and the passcode (counted as the form's). */
    private Checked check(HealthLinks.Link link, String recipient, String passcode, String address, String ua) {
        links.lockShare(link.shareId());
        Optional<Share> current = shares.byId(link.shareId());
        if (current.isEmpty() || !sharing.isOpen(current.get()) || current.get().lockedAt() != null) {
            return new Checked(null, Answer.notFound());
        }
        Share share = current.get();
        if (passcode == null || passcode.isBlank()) {
            return new Checked(null, unauthorized(share));
        }
        if (!sharing.answerFromApp(share, passcode, recipient, address, ua)) {
            return new Checked(null, unauthorized(shares.byId(share.id()).orElseThrow()));
        }
        return new Checked(share, null);
    }

    private Answer unauthorized(Share share) {
        int lockAfter = sharing.properties().lockAfter();
        int remaining = share.lockedAt() != null ? 0 : Math.max(0, lockAfter - share.failedAttempts());
        Instant now = clock.instant();
        Long retryAfter = share.blockedUntil() != null && now.isBefore(share.blockedUntil())
                ? Math.max(1, Duration.between(now, share.blockedUntil()).toSeconds())
                : null;
        return new Answer(401, "{\"remainingAttempts\":" + remaining + "}", retryAfter);
    }

    /** The JWE of a one-use file location while its share is open; the location is used up. */
    Optional<String> takeFile(String locationId) {
        if (!SmartHealthLinkSecrets.isWellFormed(locationId)) {
            return Optional.empty();
        }
        return transactions
                .execute(status -> links.takeFile(ShareSecrets.hash(locationId), clock.instant()))
                .filter(file -> shares.byId(file.shareId()).map(sharing::isOpen).orElse(false))
                .map(HealthLinks.FileTaken::jwe);
    }

    /** A DICOMweb caller: the token it presented (as its hash) and the token's share, open now. */
    record Caller(String tokenHash, Share share) {}

    /** The caller of an {@code Authorization: Bearer} header, if the token is live and its share open now. */
    Optional<Caller> caller(String authorization) {
        if (authorization == null || authorization.length() > 100) {
            return Optional.empty();
        }
        String[] parts = authorization.strip().split(" +", 2);
        if (parts.length != 2
                || !parts[0].equalsIgnoreCase("Bearer")
                || !SmartHealthLinkSecrets.isWellFormed(parts[1])) {
            return Optional.empty();
        }
        String hash = ShareSecrets.hash(parts[1]);
        return links.token(hash, clock.instant())
                .flatMap(token -> shares.byId(token.shareId()))
                .filter(sharing::isOpen)
                .map(share -> new Caller(hash, share));
    }

    /** The shared study if the share covers it and the patient's access rules admit it now (as for the recipient). */
    Optional<VisibleStudy> authorize(Caller caller, String studyUid, String address) {
        return sharing.authorize(caller.share(), studyUid, address);
    }

    List<VisibleStudy> visibleStudies(Caller caller, String address) {
        return sharing.visibleStudies(caller.share(), address);
    }

    /**
     * Records a view through the DICOMweb endpoint before the data leaves: once per token for the study (any metadata
     * or image of it) and once per series (its first rendered frame), like the recipient's browser session.
     */
    void viewed(Caller caller, VisibleStudy visible, String seriesUid, String address) {
        String study = visible.study().studyInstanceUid();
        transactions.executeWithoutResult(status -> {
            if (links.firstTime(caller.tokenHash(), study + "/")) {
                audit.record(
                        sharing.recipientEvent(AuditAction.SHARE_VIEWED, AuditOutcome.SUCCESS, caller.share(), address)
                                .study(study)
                                .detail("view", "study")
                                .detail("via", VIA_DICOMWEB)
                                .build());
            }
            if (seriesUid != null && links.firstTime(caller.tokenHash(), study + "/" + seriesUid)) {
                audit.record(
                        sharing.recipientEvent(AuditAction.SHARE_VIEWED, AuditOutcome.SUCCESS, caller.share(), address)
                                .study(study)
                                .series(seriesUid)
                                .detail("view", "series")
                                .detail("via", VIA_DICOMWEB)
                                .build());
            }
        });
    }

    /** Records a retrieve of the study's original files before the first byte, and the access for the patient's list. */
    void retrieving(Caller caller, VisibleStudy visible, String address, String userAgent) {
        Device device = Device.of(userAgent);
        transactions.executeWithoutResult(status -> {
            shares.addAccess(caller.share().id(), clock.instant(), Share.Access.Kind.DOWNLOADED, device);
            audit.record(
                    sharing.recipientEvent(AuditAction.SHARE_DOWNLOADED, AuditOutcome.SUCCESS, caller.share(), address)
                            .study(visible.study().studyInstanceUid())
                            .detail("device", device.name())
                            .detail("files", "original")
                            .detail("via", VIA_DICOMWEB)
                            .build());
        });
    }
}
