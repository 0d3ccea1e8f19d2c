package org.xrayportal.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.WebUtils;

/**
 * One-time form tokens: a form whose POST creates something (a share with its passcode, a consultation) carries a
 * random token in a hidden field {@code formToken}, issued when the page is rendered and remembered in the session; the
 * first POST consumes it, so reloading the answer page or replaying the POST creates nothing a second time. Templates
 * call {@code ${@formTokens.issue()}}; a session remembers the last {@value #KEPT} tokens it was given.
 */
@Component("formTokens")
public class FormTokens {

    /** The request parameter (hidden field) that carries the token. */
    public static final String PARAMETER = "formToken";

    static final String ATTRIBUTE = FormTokens.class.getName();
    static final int KEPT = 20;

    private final SecureRandom random = new SecureRandom();

    /** A new token for a form rendered in the current request, remembered in its session. */
    public String issue() {
        HttpServletRequest request =
                ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        HttpSession session = request.getSession();
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        synchronized (WebUtils.getSessionMutex(session)) {
            List<String> tokens = tokens(session);
            tokens.add(token);
            while (tokens.size() > KEPT) {
                tokens.removeFirst();
            }
            session.setAttribute(ATTRIBUTE, tokens);
        }
        return token;
    }

    /**
     * Whether this token was issued to the request's session and not used yet; it is used up by this call. False for
     * a token already consumed (a replay), unknown, or of another session.
     */
    public boolean consume(HttpServletRequest request, String token) {
        HttpSession session = request.getSession(false);
        if (session == null || token == null) {
            return false;
        }
        synchronized (WebUtils.getSessionMutex(session)) {
            List<String> tokens = tokens(session);
            boolean issued = tokens.remove(token);
            session.setAttribute(ATTRIBUTE, tokens);
            return issued;
        }
    }

    private static List<String> tokens(HttpSession session) {
        return session.getAttribute(ATTRIBUTE) instanceof List<?> list
                ? new ArrayList<>(list.stream().map(String::valueOf).toList())
                : new ArrayList<>();
    }
}
