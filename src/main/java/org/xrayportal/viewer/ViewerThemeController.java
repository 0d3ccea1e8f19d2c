package org.xrayportal.viewer;

import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.xrayportal.account.Actor;
import org.xrayportal.viewer.ViewerPreferences.Theme;

/** The light/dark switch of the viewer; the choice is kept with the account and the patient returns to the study. */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class ViewerThemeController {

    /** Only a study page of this portal is a place to return to: never an address that came from elsewhere. */
    private static final Pattern STUDY_PAGE = Pattern.compile("/patient/studies/[0-9.]{1,64}");

    private final ViewerPreferences preferences;

    ViewerThemeController(ViewerPreferences preferences) {
        this.preferences = preferences;
    }

    @PostMapping("/patient/viewer/theme")
    String choose(
            Actor patient, @RequestParam String theme, @RequestParam(name = "study", required = false) String study) {
        Theme chosen;
        try {
            chosen = Theme.valueOf(theme.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "theme must be dark or light");
        }
        preferences.choose(patient.accountId(), chosen);
        String back = "/patient/studies/" + (study == null ? "" : study);
        return "redirect:" + (STUDY_PAGE.matcher(back).matches() ? back + "#viewer" : "/patient/studies");
    }
}
