package org.xrayportal.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Session JDBC without a write on a plain GET (issue 14). The stock repository updates {@code SPRING_SESSION}
 * on every request, since each request moves the last access time, and Spring Session reads the session a second
 * time when it commits twice (once when the response is committed, once when its filter ends). Here:
 *
 * <ul>
 *   <li>a session whose attributes, id and idle timeout did not change is saved only when its stored last access time
 *       is older than {@link #refreshAfter} (1/30 of the idle timeout, at most one minute), so an active session is
 *       written at most once a minute. The stored time then lags by less than that step, so a session can end that
 *       much <em>earlier</em> than its idle timeout, never later;
 *   <li>the session saved during a request is the answer to that request's own second lookup of the same id (cleared
 *       by {@link RequestScope}, a filter around Spring Session's, so nothing outlives the request).
 * </ul>
 *
 * Deleting a session (sign-out, "sign out everywhere", a password change) goes straight to the database, so ending a
 * session still takes effect on the next request on every node.
 */
final class QuietSessionRepository<S extends Session>
        implements FindByIndexNameSessionRepository<QuietSessionRepository.QuietSession<S>> {

    private static final Duration MAX_STEP = Duration.ofMinutes(1);
    /** Set only inside {@link RequestScope}: outside a request nothing is remembered. */
    private static final ThreadLocal<Saved> SAVED_IN_THIS_REQUEST = new ThreadLocal<>();

    private static final class Saved {
        private QuietSession<?> session;
    }

    private final FindByIndexNameSessionRepository<S> delegate;

    QuietSessionRepository(FindByIndexNameSessionRepository<S> delegate) {
        this.delegate = delegate;
    }

    static Duration refreshAfter(Duration idleTimeout) {
        Duration step = idleTimeout.dividedBy(30);
        return step.compareTo(MAX_STEP) > 0 ? MAX_STEP : step;
    }

    @Override
    public QuietSession<S> createSession() {
        return new QuietSession<>(delegate.createSession(), true);
    }

    @Override
    public void save(QuietSession<S> session) {
        if (session.needsSave()) {
            delegate.save(session.session);
            session.saved();
        }
        Saved saved = SAVED_IN_THIS_REQUEST.get();
        if (saved != null) {
            saved.session = session;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public QuietSession<S> findById(String id) {
        Saved saved = SAVED_IN_THIS_REQUEST.get();
        if (saved != null && saved.session != null && saved.session.getId().equals(id)) {
            return (QuietSession<S>) saved.session;
        }
        S found = SessionTransactions.lookup(() -> delegate.findById(id));
        return found == null ? null : new QuietSession<>(found, false);
    }

    @Override
    public void deleteById(String id) {
        Saved saved = SAVED_IN_THIS_REQUEST.get();
        if (saved != null) {
            saved.session = null;
        }
        delegate.deleteById(id);
    }

    @Override
    public Map<String, QuietSession<S>> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        Map<String, QuietSession<S>> found = new java.util.LinkedHashMap<>();
        delegate.findByIndexNameAndIndexValue(indexName, indexValue)
                .forEach((id, session) -> found.put(id, new QuietSession<>(session, false)));
        return found;
    }

    /** A session that remembers whether anything but a recent last access time changed since it was read. */
    static final class QuietSession<S extends Session> implements Session {

        private final S session;
        private boolean dirty;
        private Instant storedLastAccess;

        QuietSession(S session, boolean isNew) {
            this.session = session;
            this.dirty = isNew;
            this.storedLastAccess = session.getLastAccessedTime();
        }

        boolean needsSave() {
            if (dirty) {
                return true;
            }
            Duration sinceStored = Duration.between(storedLastAccess, session.getLastAccessedTime());
            return sinceStored.compareTo(refreshAfter(session.getMaxInactiveInterval())) >= 0;
        }

        void saved() {
            dirty = false;
            storedLastAccess = session.getLastAccessedTime();
        }

        @Override
        public String getId() {
            return session.getId();
        }

        @Override
        public String changeSessionId() {
            dirty = true;
            return session.changeSessionId();
        }

        @Override
        public <T> T getAttribute(String attributeName) {
            return session.getAttribute(attributeName);
        }

        @Override
        public Set<String> getAttributeNames() {
            return session.getAttributeNames();
        }

        @Override
        public void setAttribute(String attributeName, Object attributeValue) {
            dirty = true;
            session.setAttribute(attributeName, attributeValue);
        }

        @Override
        public void removeAttribute(String attributeName) {
            dirty = true;
            session.removeAttribute(attributeName);
        }

        @Override
        public Instant getCreationTime() {
            return session.getCreationTime();
        }

        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            session.setLastAccessedTime(lastAccessedTime);
        }

        @Override
        public Instant getLastAccessedTime() {
            return session.getLastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            if (!Objects.equals(interval, session.getMaxInactiveInterval())) {
                dirty = true;
            }
            session.setMaxInactiveInterval(interval);
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return session.getMaxInactiveInterval();
        }

        @Override
        public boolean isExpired() {
            return session.isExpired();
        }
    }

    /** Forgets the request's saved session when the request ends (and before it begins, should a thread be reused). */
    static final class RequestScope extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            SAVED_IN_THIS_REQUEST.set(new Saved());
            try {
                chain.doFilter(request, response);
            } finally {
                SAVED_IN_THIS_REQUEST.remove();
            }
        }

        @Override
        protected boolean shouldNotFilterAsyncDispatch() {
            return false;
        }
    }
}
