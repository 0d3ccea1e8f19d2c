package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;

/** A plain GET neither writes the session nor reads it twice (issue 14); a change is always written. */
class QuietSessionRepositoryTest {

    @SuppressWarnings("unchecked")
    private final FindByIndexNameSessionRepository<MapSession> jdbc = mock(FindByIndexNameSessionRepository.class);

    private final QuietSessionRepository<MapSession> sessions = new QuietSessionRepository<>(jdbc);

    @Test
    void saveWhenOnlyTheLastAccessMovedALittleThenNotWrittenAndWhenOlderThanTheStepThenWritten() {
        MapSession stored = stored(Instant.now().minusSeconds(30));
        var session = sessions.findById(stored.getId());
        session.setLastAccessedTime(Instant.now());
        sessions.save(session);
        verify(jdbc, never()).save(stored);

        MapSession old = stored(Instant.now().minusSeconds(61));
        var later = sessions.findById(old.getId());
        later.setLastAccessedTime(Instant.now());
        sessions.save(later);
        verify(jdbc).save(old);
    }

    @Test
    void saveWhenAnAttributeOrTheIdChangedThenWritten() {
        MapSession stored = stored(Instant.now());
        var session = sessions.findById(stored.getId());
        session.setAttribute("x", "y");
        sessions.save(session);
        sessions.save(session);
        verify(jdbc, times(1)).save(stored);

        session.changeSessionId();
        sessions.save(session);
        verify(jdbc, times(2)).save(stored);
    }

    @Test
    void findByIdWithinARequestAfterSaveThenTheSavedSessionWithoutAnotherRead() throws Exception {
        MapSession stored = stored(Instant.now());
        AtomicReference<Object> second = new AtomicReference<>();
        FilterChain chain = (request, response) -> {
            var session = sessions.findById(stored.getId());
            sessions.save(session);
            second.set(sessions.findById(stored.getId()));
            assertThat(second.get()).isSameAs(session);
        };
        new QuietSessionRepository.RequestScope()
                .doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), chain);
        verify(jdbc, times(1)).findById(stored.getId());

        // Outside the request nothing is remembered: the next lookup reads the database again.
        sessions.findById(stored.getId());
        verify(jdbc, times(2)).findById(stored.getId());
    }

    @Test
    void refreshStepIsAThirtiethOfTheIdleTimeoutAtMostAMinute() {
        assertThat(QuietSessionRepository.refreshAfter(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(1));
        assertThat(QuietSessionRepository.refreshAfter(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(10));
    }

    private MapSession stored(Instant lastAccess) {
        MapSession session = new MapSession();
        session.setMaxInactiveInterval(Duration.ofMinutes(30));
        session.setLastAccessedTime(lastAccess);
        when(jdbc.findById(session.getId())).thenReturn(session);
        return session;
    }
}
