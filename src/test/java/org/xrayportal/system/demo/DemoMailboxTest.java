package org.xrayportal.system.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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
}
