package org.xrayportal.sharing;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.xrayportal.account.Actor;
import org.xrayportal.system.ProblemException;
import org.xrayportal.system.QrCodes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SMART Health Links of a share: the patient issues one for a live share (shown once, with its QR code); an app posts
 * the manifest request to the link's URL and fetches a file by its one-use location; a browser that opens the link
 * lands on the portal's viewer page ({@code /shl}), which explains what to do with it. The app's requests carry no
 * cookie and no CSRF token (the link's secrets and the passcode are their authentication), so any origin may make them.
 */
@Controller
class SmartHealthLinksController {

    static final int MAX_BODY = 4096;
    static final int MAX_RECIPIENT = 200;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SmartHealthLinks links;

    SmartHealthLinksController(SmartHealthLinks links) {
        this.links = links;
    }

    /** A new SMART Health Link for the patient's live share, shown once. */
    @PostMapping("/patient/shares/{shareId}/health-link")
    @PreAuthorize("hasRole('PATIENT')")
    String issue(Actor patient, @PathVariable String shareId, Locale locale, Model model) {
        SmartHealthLinks.Issued issued = links.issue(patient.accountId(), id(shareId), portalBase(), locale);
        model.addAttribute("healthLink", issued);
        model.addAttribute("healthLinkQr", QrCodes.svgDataUri(issued.viewerLink()));
        return "sharing/health-link";
    }

    /** Where a browser lands when it opens a SMART Health Link: the payload stays in the fragment, never sent here. */
    @GetMapping(SmartHealthLinks.VIEWER_PATH)
    String viewer() {
        return "sharing/health-link-viewer";
    }

    @PostMapping(SmartHealthLinks.MANIFEST_PATH + "{manifestId}")
    @CrossOrigin(origins = "*", allowCredentials = "false")
    ResponseEntity<String> manifest(
            @PathVariable String manifestId, @RequestBody(required = false) String body, HttpServletRequest request) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            return problem("the body must be a JSON object with recipient");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            return problem("the body is not JSON");
        }
        if (json == null || !json.isObject()) {
            return problem("the body must be a JSON object with recipient");
        }
        JsonNode recipient = json.get("recipient");
        if (recipient == null
                || !recipient.isString()
                || recipient.asString().isBlank()
                || recipient.asString().length() > MAX_RECIPIENT) {
            return problem("recipient is required (a string of at most 200 characters)");
        }
        JsonNode passcode = json.get("passcode");
        if (passcode != null
                && !passcode.isNull()
                && (!passcode.isString() || passcode.asString().length() > 64)) {
            return problem("passcode must be a string");
        }
        JsonNode max = json.get("embeddedLengthMax");
        if (max != null && !max.isNull() && (!max.isIntegralNumber() || !max.canConvertToInt() || max.asInt() < 0)) {
            return problem("embeddedLengthMax must be a non-negative integer");
        }
        SmartHealthLinks.Answer answer = links.manifest(
                manifestId,
                recipient.asString().strip(),
                passcode == null || passcode.isNull() ? null : passcode.asString(),
                max == null || max.isNull() ? null : max.asInt(),
                portalBase(),
                request.getRemoteAddr(),
                request.getHeader(HttpHeaders.USER_AGENT));
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status())
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON);
        if (answer.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(answer.retryAfter()));
        }
        return response.body(answer.body());
    }

    @GetMapping(SmartHealthLinks.FILE_PATH + "{locationId}")
    @CrossOrigin(origins = "*", allowCredentials = "false")
    ResponseEntity<String> file(@PathVariable String locationId) {
        return links.takeFile(locationId)
                .map(jwe -> ResponseEntity.ok()
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.parseMediaType("application/jose"))
                        .body(jwe))
                .orElseGet(() -> ResponseEntity.status(404)
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.APPLICATION_JSON)
                        .body("{}"));
    }

    private static ResponseEntity<String> problem(String message) {
        return ResponseEntity.badRequest()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"error\":" + JSON.writeValueAsString(message) + "}");
    }

    private static String portalBase() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
    }

    private static long id(String value) {
        if (value == null
                || value.isEmpty()
                || value.length() > 18
                || !value.chars().allMatch(Character::isDigit)) {
            throw ProblemException.badRequest("sharing.problem.share");
        }
        return Long.parseLong(value);
    }
}
