package org.xrayportal.system;

import java.io.Serializable;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page after a submit (issue 16): what happened and what comes next, reached by a redirect after the POST so that
 * a reload never sends the form again. Its texts are {@code done.<kind>.heading}, {@code done.<kind>.next} and
 * {@code done.<kind>.continue}; {@code happened} is the sentence that says what was recorded.
 *
 * @param continueTo where the page's main link leads: a path of this portal chosen by the server, never by the browser
 */
public record Confirmation(String kind, String happened, String continueTo) implements Serializable {

    static final String ATTRIBUTE = "confirmation";

    /** The flash attribute for the next request, and the redirect to the page that shows it. */
    public static String redirect(RedirectAttributes redirect, String kind, String happened, String continueTo) {
        if (!continueTo.startsWith("/") || continueTo.startsWith("//")) {
            throw new IllegalArgumentException("a confirmation continues inside the portal: " + continueTo);
        }
        redirect.addFlashAttribute(ATTRIBUTE, new Confirmation(kind, happened, continueTo));
        return "redirect:/done";
    }
}
