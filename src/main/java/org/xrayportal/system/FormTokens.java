package org.xrayportal.system;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * One-time form tokens: a form whose POST creates something (a share with its passcode, a consultation) carries a
 * random token in a hidden field {@code formToken} (24 characters of base64url, 144 bits), made when the page is
 * rendered; the first POST of the signed-in user (or, without one, of the session) with that token uses it up, so
 * reloading the answer page or replaying the POST creates nothing a second time. Templates call {@code ${@formTokens.issue()}}.
 *
 * <p>Rendering a form stores nothing: the study page, which holds the consultation form, must not write the session on
 * a GET (issue 14), and concurrent first writes of a new session attribute collide in Spring Session JDBC (issue 11).
 * Used tokens are remembered in this node's memory per user for longer than a session can live (12 h). Limits, by
 * design: a well-formed token the portal never issued is accepted once (it gains nothing a fresh form would not give),
 * and a replay that reaches another node of a cluster is not recognised there.
 */
@Component("formTokens")
public class FormTokens {

    /** The request parameter (hidden field) that carries the token. */
    public static final String PARAMETER = "formToken";

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{24}");

    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Boolean> used = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(13))
            .maximumSize(200_000)
            .build();

    /** A new token for a form rendered now; nothing is stored. */
    public String issue() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Whether this is the first use of the token by the request's signed-in user (or its session, for someone not signed
     * in); it is used up by this call (atomically, so of two concurrent POSTs with one token only one gets
     * {@code true}). False for a replay, a malformed token, or a request with neither a user nor a session.
     */
    public boolean consume(HttpServletRequest request, String token) {
        if (token == null || !FORMAT.matcher(token).matches()) {
            return false;
        }
        Principal user = request.getUserPrincipal();
        HttpSession session = request.getSession(false);
        String owner = user != null ? "user:" + user.getName() : session != null ? "session:" + session.getId() : null;
        return owner != null && used.asMap().putIfAbsent(owner + "/" + token, Boolean.TRUE) == null;
    }
}
