package org.xrayportal.sharing;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.RenderedImage;
import org.xrayportal.viewer.StudyImages;

/**
 * The recipient's side: the link asks for the passcode (or the patient's birth date), then a share session of its own
 * (cookie {@value #COOKIE}, path {@code /s}, apart from the portal's sign-in session) shows the shared studies in a
 * view-only viewer. Every request checks the session, the share and the patient's access rules again; anything else
 * answers the "no longer available" page with 404.
 */
@Controller
class RecipientController {

    static final String COOKIE = "PORTALSHARE";
    static final String VIEW = "/s/view";
    private static final String STUDIES = VIEW + "/studies/";

    private final SharingService sharing;
    private final StudyImages images;
    private final MessageSource messages;
    private final boolean secureCookie;

    RecipientController(
            SharingService sharing,
            StudyImages images,
            MessageSource messages,
            @Value("${server.servlet.session.cookie.secure:true}") boolean secureCookie) {
        this.sharing = sharing;
        this.images = images;
        this.messages = messages;
        this.secureCookie = secureCookie;
    }

    @GetMapping("/s/{token}")
    String open(
            @PathVariable String token,
            @RequestParam(name = "expired", required = false) String expired,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        // ?expired: the passcode form was sent with a stale CSRF token (security's ExpiredFormHandler sent it back
        // here)
        model.addAttribute("expired", expired != null);
        if (sharing.paused()) {
            return paused(response);
        }
        if (!ShareSecrets.isWellFormedToken(token)) {
            return ended(response);
        }
        Optional<Share> share = sharing.byToken(token);
        if (share.isPresent() && sharing.isOpen(share.get())) {
            Optional<Share> current = sessionId(request).flatMap(sharing::sessionShare);
            if (current.isPresent() && current.get().id() == share.get().id()) {
                return "redirect:" + VIEW;
            }
        } else if (share.isPresent()) {
            return ended(response);
        }
        return passcodePage(token, sharing.factorFor(share), false, model);
    }

    @PostMapping("/s/{token}")
    String answer(
            @PathVariable String token,
            @RequestParam(name = "passcode", required = false) String passcode,
            @RequestParam(name = "birthDate", required = false) String birthDate,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        if (!ShareSecrets.isWellFormedToken(token)) {
            return ended(response);
        }
        SharingService.Attempt attempt = sharing.attempt(
                token, passcode, date(birthDate), request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
        switch (attempt.outcome()) {
            case ACCEPTED -> {
                response.addHeader(HttpHeaders.SET_COOKIE, cookie(attempt.sessionId(), false));
                return "redirect:" + VIEW;
            }
            case ENDED -> {
                return ended(response);
            }
            case PAUSED -> {
                return paused(response);
            }
            default -> {
                response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                return passcodePage(token, sharing.factorFor(Optional.ofNullable(attempt.share())), true, model);
            }
        }
    }

    @GetMapping(VIEW)
    String studies(HttpServletRequest request, HttpServletResponse response, CsrfToken csrf, Model model) {
        csrf.getToken(); // the "close" form's token, saved before the page is written (a session cannot come later)
        Optional<Share> share = share(request);
        if (share.isEmpty()) {
            return sharing.paused() ? paused(response) : ended(response);
        }
        var visible = sharing.visibleStudies(share.get(), request.getRemoteAddr());
        if (visible.isEmpty()) {
            return ended(response);
        }
        model.addAttribute("share", share.get());
        model.addAttribute("studies", visible);
        model.addAttribute("owner", visible.getFirst());
        return "sharing/recipient-studies";
    }

    @GetMapping(STUDIES + "{studyUid}")
    String study(
            @PathVariable String studyUid,
            @RequestParam(name = "image", required = false) Integer selected,
            HttpServletRequest request,
            HttpServletResponse response,
            CsrfToken csrf,
            Model model) {
        csrf.getToken(); // the "close" form's token, saved before the page is written (a session cannot come later)
        Optional<Share> share = share(request);
        if (share.isEmpty()) {
            return sharing.paused() ? paused(response) : ended(response);
        }
        Optional<VisibleStudy> visible = sharing.authorize(share.get(), studyUid, request.getRemoteAddr());
        if (visible.isEmpty()) {
            return ended(response);
        }
        images.addViewerModel(visible.get(), STUDIES, selected, model);
        sharing.viewed(share.get(), sessionId(request).orElseThrow(), visible.get(), null, request.getRemoteAddr());
        model.addAttribute("share", share.get());
        model.addAttribute("sharedStudies", share.get().studyUids().size());
        return "sharing/recipient-study";
    }

    @GetMapping(STUDIES + "{studyUid}/series/{seriesUid}/thumbnail")
    ResponseEntity<byte[]> thumbnail(
            @PathVariable String studyUid, @PathVariable String seriesUid, HttpServletRequest request) {
        Share share = share(request).orElseThrow(RecipientController::notFound);
        VisibleStudy visible = visible(share, studyUid, request);
        RenderedImage image;
        try {
            image = images.thumbnail(visible, seriesUid);
        } catch (PacsException e) {
            if (!e.isObjectFailure()) {
                throw e;
            }
            return ResponseEntity.ok()
                    .cacheControl(CacheControl.noStore().cachePrivate())
                    .contentType(MediaType.IMAGE_PNG)
                    .body(StudyImages.unviewablePlaceholder());
        }
        sharing.viewed(share, sessionId(request).orElseThrow(), visible, null, request.getRemoteAddr());
        return send(image);
    }

    @GetMapping(STUDIES + "{studyUid}/series/{seriesUid}/instances/{instanceUid}/frames/{frame}")
    ResponseEntity<byte[]> frame(
            @PathVariable String studyUid,
            @PathVariable String seriesUid,
            @PathVariable String instanceUid,
            @PathVariable String frame,
            @RequestParam(name = "wc", required = false) String windowCenter,
            @RequestParam(name = "ww", required = false) String windowWidth,
            @RequestParam(name = "size", required = false) String size,
            @RequestParam(name = "preset", required = false) String preset,
            HttpServletRequest request) {
        Share share = share(request).orElseThrow(RecipientController::notFound);
        VisibleStudy visible = visible(share, studyUid, request);
        RenderedImage image =
                images.frame(visible, seriesUid, instanceUid, frame, windowCenter, windowWidth, size, preset);
        sharing.viewed(share, sessionId(request).orElseThrow(), visible, seriesUid, request.getRemoteAddr());
        return send(image);
    }

    /** The study's original DICOM files as a ZIP, only where the patient allowed downloads; audited first. */
    @GetMapping(STUDIES + "{studyUid}/download")
    void download(
            @PathVariable String studyUid, HttpServletRequest request, HttpServletResponse response, Locale locale)
            throws IOException {
        Share share = share(request).filter(Share::allowDownload).orElseThrow(RecipientController::notFound);
        VisibleStudy visible = visible(share, studyUid, request);
        String readme = messages.getMessage(
                "sharing.readme",
                new Object[] {
                    visible.ownerName(),
                    visible.study().patientBirthDate() == null
                            ? "-"
                            : visible.study().patientBirthDate().toString()
                },
                locale);
        try {
            images.writeOriginals(visible, readme, response.getOutputStream(), () -> {
                sharing.downloading(share, visible, request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
                response.setContentType("application/zip");
                response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"xray-study-shared.zip\"");
                response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            });
        } catch (UncheckedIOException e) {
            // The recipient's browser went away: nothing to answer to.
        } catch (PacsException e) {
            if (!response.isCommitted()) {
                response.reset(); // nothing has left: the calm PACS error page instead of half a ZIP
            }
            throw e; // after the first bytes the connection breaks, so the browser reports a failed download
        }
    }

    @PostMapping(VIEW + "/leave")
    String leave(HttpServletRequest request, HttpServletResponse response) {
        sessionId(request).ifPresent(sharing::endSession);
        response.addHeader(HttpHeaders.SET_COOKIE, cookie("", true));
        return "sharing/left";
    }

    private String passcodePage(String token, SecondFactor factor, boolean wrong, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("birthDateFactor", factor == SecondFactor.BIRTH_DATE);
        model.addAttribute("wrong", wrong);
        return "sharing/passcode";
    }

    /** While the clinic has turned sharing off, every link answers this page (the same for any link, known or not). */
    private static String paused(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "sharing/paused";
    }

    private static String ended(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "sharing/ended";
    }

    private VisibleStudy visible(Share share, String studyUid, HttpServletRequest request) {
        if (!DicomUid.isValid(studyUid)) {
            throw notFound();
        }
        return sharing.authorize(share, studyUid, request.getRemoteAddr()).orElseThrow(RecipientController::notFound);
    }

    private Optional<Share> share(HttpServletRequest request) {
        return sessionId(request).flatMap(sharing::sessionShare);
    }

    private static Optional<String> sessionId(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        return Arrays.stream(cookies)
                .filter(c -> COOKIE.equals(c.getName()))
                .map(Cookie::getValue)
                .filter(ShareSecrets::isWellFormedToken)
                .findFirst();
    }

    private String cookie(String value, boolean remove) {
        return ResponseCookie.from(COOKIE, value)
                .path("/s/")
                .httpOnly(true)
                .secure(secureCookie)
                .sameSite("Strict")
                .maxAge(remove ? 0 : -1)
                .build()
                .toString();
    }

    private static ResponseEntity<byte[]> send(RenderedImage image) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().cachePrivate())
                .contentType(MediaType.parseMediaType(image.format().mediaType()))
                .body(image.bytes());
    }

    private static PacsException notFound() {
        return PacsException.notFound("not shared");
    }

    private static LocalDate date(String value) {
        if (value == null || value.isBlank() || value.length() > 10) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
