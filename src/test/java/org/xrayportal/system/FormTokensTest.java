package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;

class FormTokensTest {

    private final FormTokens tokens = new FormTokens();

    @Test
    void issueWhenCalledThenTwentyFourBase64UrlCharactersEachTimeDifferent() {
        Set<String> issued = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = tokens.issue();
            assertThat(token).matches("[A-Za-z0-9_-]{24}");
            issued.add(token);
        }
        assertThat(issued).hasSize(1000);
    }

    @Test
    void consumeWhenSameTokenTwiceInOneSessionThenOnlyTheFirstCounts() {
        MockHttpServletRequest request = requestIn(new MockHttpSession(null, "session-a"));
        String token = tokens.issue();

        assertThat(tokens.consume(request, token)).isTrue();
        assertThat(tokens.consume(request, token)).isFalse();
        assertThat(tokens.consume(requestIn(new MockHttpSession(null, "session-b")), token))
                .as("another session's use of the same value")
                .isTrue();
    }

    @Test
    void consumeWhenMalformedMissingOrWithoutSessionThenFalse() {
        MockHttpServletRequest request = requestIn(new MockHttpSession(null, "session-c"));
        assertThat(tokens.consume(request, "forged")).isFalse();
        assertThat(tokens.consume(request, null)).isFalse();
        assertThat(tokens.consume(request, "a".repeat(23) + "!")).isFalse();
        assertThat(tokens.consume(new MockHttpServletRequest(), tokens.issue())).isFalse();
    }

    @Test
    void consumeWhenSignedInThenUsedUpForThatUserAcrossSessions() {
        String token = tokens.issue();
        MockHttpServletRequest first = requestIn(new MockHttpSession(null, "session-d"));
        first.setUserPrincipal(() -> "7");
        MockHttpServletRequest otherTab = requestIn(new MockHttpSession(null, "session-e"));
        otherTab.setUserPrincipal(() -> "7");
        MockHttpServletRequest otherUser = new MockHttpServletRequest("POST", "/patient/shares");
        otherUser.setUserPrincipal(() -> "8");

        assertThat(tokens.consume(first, token)).isTrue();
        assertThat(tokens.consume(otherTab, token)).isFalse();
        assertThat(tokens.consume(otherUser, token)).isTrue();
    }

    private static MockHttpServletRequest requestIn(MockHttpSession session) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/patient/shares");
        request.setSession(session);
        return request;
    }
}
