package org.xrayportal.account.sessions;

import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.xrayportal.account.AccountDisabled;
import org.xrayportal.account.PasswordChanged;

/**
 * A person's sessions across all nodes, found through Spring Session's principal-name index in PostgreSQL. Ends the
 * other sessions after a password change or reset, and all of them when an admin disables the account.
 */
@Component
class SessionControl {

    record SessionInfo(String id, Instant createdAt, Instant lastUsedAt, boolean current) {}

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    SessionControl(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    List<SessionInfo> sessionsOf(String email) {
        String current = currentSessionId();
        return sessions.findByPrincipalName(email).values().stream()
                .map(s -> new SessionInfo(
                        s.getId(),
                        s.getCreationTime(),
                        s.getLastAccessedTime(),
                        s.getId().equals(current)))
                .sorted(Comparator.comparing(SessionInfo::lastUsedAt).reversed())
                .toList();
    }

    /** Ends every session of {@code email} except {@code keep} (may be null); returns how many ended. */
    int endAllBut(String email, String keep) {
        int ended = 0;
        for (String id : sessions.findByPrincipalName(email).keySet()) {
            if (!id.equals(keep)) {
                sessions.deleteById(id);
                ended++;
            }
        }
        return ended;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onPasswordChanged(PasswordChanged event) {
        endAllBut(event.email(), currentSessionId());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onAccountDisabled(AccountDisabled event) {
        endAllBut(event.email(), null);
    }

    static String currentSessionId() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpSession session = attributes.getRequest().getSession(false);
            return session == null ? null : session.getId();
        }
        return null;
    }
}
