package org.xrayportal.system;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the portal speaks (a complete message bundle each) for other modules: whether a language code is one
 * of them, and the language chosen with the switcher on this browser. See {@link LanguageConfiguration}.
 */
public final class PortalLanguages {

    /** What a page or an email is written in when nothing else is known. */
    public static final Locale FALLBACK = Locale.ENGLISH;

    private PortalLanguages() {}

    public static List<Locale> all() {
        return LanguageConfiguration.SUPPORTED;
    }

    /** The supported language with this code ({@code "es"}), if the portal speaks it. */
    public static Optional<Locale> supported(String code) {
        return Optional.ofNullable(LanguageConfiguration.supported(code));
    }

    /** The language chosen with the switcher on this browser (its cookie), if any and supported. */
    public static Optional<Locale> chosenInBrowser(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (LanguageConfiguration.PortalLocaleResolver.COOKIE.equals(cookie.getName())) {
                Optional<Locale> chosen = supported(cookie.getValue());
                if (chosen.isPresent()) {
                    return chosen;
                }
            }
        }
        return Optional.empty();
    }
}
