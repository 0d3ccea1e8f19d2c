package org.xrayportal.system.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xrayportal.system.demo.DemoMailbox.Mail;
import org.xrayportal.system.demo.DemoMailbox.Part;

class DemoMailboxTest {

    @Test
    void partsWhenLinkEndsASentenceThenTheFullStopStaysText() {
        assertThat(DemoMailbox.parts("Sign in at http://localhost:18100/login. Thanks"))
                .containsExactly(
                        new Part("Sign in at ", false),
                        new Part("http://localhost:18100/login", true),
                        new Part(". Thanks", false));
    }

    @Test
    void partsWhenLinkOnItsOwnLineThenWholeTokenIsTheLink() {
        assertThat(DemoMailbox.parts("open:\n\nhttp://localhost:8080/register/verify/Ab-c_9\n\nbye"))
                .containsExactly(
                        new Part("open:\n\n", false),
                        new Part("http://localhost:8080/register/verify/Ab-c_9", true),
                        new Part("\n\nbye", false));
    }

    @Test
    void newestFirstWhenGreenMailListsMailboxByMailboxThenByTimeReceived() {
        List<Part> body = List.of(new Part("Hello", false));
        List<Mail> listed = List.of(
                new Mail(Instant.parse("2026-11-29T18:20:16Z"), "a@example.org", "second", body),
                new Mail(Instant.parse("2026-11-29T18:20:55Z"), "a@example.org", "third", body),
                new Mail(Instant.parse("2026-11-29T18:17:11Z"), "b@example.org", "first", body),
                new Mail(Instant.parse("2026-11-29T18:21:14Z"), "b@example.org", "fourth", body));

        assertThat(DemoMailbox.newestFirst(listed))
                .extracting(Mail::subject)
                .containsExactly("fourth", "third", "second", "first");
    }
}
