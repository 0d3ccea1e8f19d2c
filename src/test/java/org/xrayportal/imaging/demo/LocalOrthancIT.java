package org.xrayportal.imaging.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.xrayportal.support.HttpProbe;

class LocalOrthancIT {

    @Test
    void orthancWhenKilledThenStartedAgainOnTheSamePortWithItsStorage() throws Exception {
        try (LocalOrthanc orthanc = LocalOrthanc.startTemporary()) {
            ProcessHandle first = orthanc.processHandle();
            assertThat(status(orthanc.restUrl())).isEqualTo(200);

            assertThat(first.destroyForcibly()).isTrue(); // SIGKILL: like the segfault it stands in for
            first.onExit().get();

            waitUntil(() -> orthanc.processHandle().pid() != first.pid(), Duration.ofSeconds(60));
            waitUntil(() -> status(orthanc.restUrl()) == 200, Duration.ofSeconds(30));
            assertThat(orthanc.processHandle().isAlive()).isTrue();
        }
    }

    private static void waitUntil(BooleanSupplier condition, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", atMost).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static int status(URI restUrl) {
        return HttpProbe.status(URI.create(restUrl + "/system"));
    }
}
