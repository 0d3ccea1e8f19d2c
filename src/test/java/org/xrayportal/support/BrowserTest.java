package org.xrayportal.support;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

class BrowserTest {

    @Test
    void startWhenChromiumIsMissingThenFailsWithInstallInstructions() {
        assertThatIllegalStateException()
                .isThrownBy(() -> Browser.executable("browser.test.missing", "/nonexistent/chromium", "chromium"))
                .withMessageContaining("/nonexistent/chromium")
                .withMessageContaining("apt-get install -y chromium chromium-driver")
                .withMessageContaining("-Dbrowser.test.missing=");
    }
}
