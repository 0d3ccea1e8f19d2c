package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The deflate rate a download may count on: measured per thread, shared by the downloads running. */
class ZipDeflatersTest {

    private static final double MIB = 1024 * 1024;

    @Test
    void bytesPerSecondForWhenNothingDeflatedYetThenTheAssumedRateOfEveryThread() {
        ZipDeflaters deflaters = new ZipDeflaters(2);
        try {
            assertThat(deflaters.bytesPerSecondFor()).isEqualTo(2 * ZipDeflaters.ASSUMED_BYTES_PER_SECOND);
        } finally {
            deflaters.destroy();
        }
    }

    @Test
    void bytesPerSecondForWhenFilesWereDeflatedThenTheirAverageRateSharedByTheDownloadsRunning() {
        ZipDeflaters deflaters = new ZipDeflaters(2);
        try {
            for (int i = 0; i < 200; i++) {
                deflaters.deflated(10 * (long) MIB, 100_000_000L); // 10 MiB in 0.1 s: 100 MiB/s
            }
            assertThat(deflaters.bytesPerSecondFor() / MIB).isCloseTo(200.0, within(0.1));

            deflaters.downloadStarted();
            deflaters.downloadStarted();
            deflaters.downloadStarted();
            deflaters.downloadStarted();
            assertThat(deflaters.bytesPerSecondFor() / MIB).isCloseTo(50.0, within(0.1));

            deflaters.downloadEnded();
            deflaters.downloadEnded();
            deflaters.downloadEnded();
            deflaters.downloadEnded();
            deflaters.deflated(0, 0); // nothing measured: no change
            assertThat(deflaters.bytesPerSecondFor() / MIB).isCloseTo(200.0, within(0.1));
        } finally {
            deflaters.destroy();
        }
    }
}
