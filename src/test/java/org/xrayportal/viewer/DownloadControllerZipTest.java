package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.MessageSource;
import org.springframework.mock.web.MockHttpServletResponse;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.account.Actor;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.imaging.DicomInstanceHandler;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Study;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.system.DisplayTime;
import org.xrayportal.viewer.DownloadAudit.Export;
import org.xrayportal.viewer.DownloadAudit.Kind;

/**
 * The study ZIP's closing audit row now that the PACS is read on a thread of its own (issue 14): a browser that goes
 * away is "client-aborted" with the bytes and files that reached it; a PACS that fails after the first bytes left is a
 * serious failure with what was sent, and the connection breaks; a PACS that fails before anything left is a serious
 * failure with nothing sent, and the calm error page.
 */
class DownloadControllerZipTest {

    private static final String STUDY = "1.2.3";
    private static final PatientIdentity IDENTITY = PatientIdentity.of("1001");
    private static final Actor PATIENT = new Actor(7, "Ana", Role.PATIENT, "192.0.2.1");
    private static final VisibleStudy VISIBLE = new VisibleStudy(
            new Study(
                    STUDY,
                    "1001",
                    null,
                    "Doe^Ana",
                    LocalDate.of(2025, 3, 4),
                    null,
                    "Knee",
                    List.of("DX"),
                    null,
                    null,
                    null,
                    1,
                    4,
                    null,
                    null),
            IDENTITY,
            true);
    private static final ZipDeflaters DEFLATERS = new ZipDeflaters(2);

    private final StudyAccessPolicy policy = mock(StudyAccessPolicy.class);
    private final PacsGateway pacs = mock(PacsGateway.class);
    private final DownloadAudit audit = mock(DownloadAudit.class);
    private final MessageSource messages = mock(MessageSource.class);
    private final Export export = new Export("d1", PATIENT, VISIBLE, Kind.STUDY_ZIP, null, null);
    private final DownloadController controller = new DownloadController(
            policy,
            pacs,
            audit,
            new DownloadProperties(null, null, 1, null, null),
            messages,
            mock(DisplayTime.class),
            mock(ClinicNotice.class),
            DEFLATERS);

    DownloadControllerZipTest() {
        when(policy.authorize(PATIENT, STUDY)).thenReturn(Optional.of(VISIBLE));
        when(pacs.listSeries(IDENTITY, STUDY)).thenReturn(List.of());
        when(messages.getMessage(anyString(), any(), any(Locale.class))).thenReturn("readme");
        when(audit.started(PATIENT, VISIBLE, Kind.STUDY_ZIP, null, null)).thenReturn(export);
    }

    @AfterAll
    static void stopDeflaters() {
        DEFLATERS.destroy();
    }

    @Test
    void zipWhenTheBrowserGoesAwayThenClientAbortedWithWhatReachedIt() throws Exception {
        pacsSends(files(6), -1);
        Browser response = new Browser(1_500_000);

        controller.zip(PATIENT, STUDY, response, Locale.ENGLISH);

        verify(audit).finished(export, AuditOutcome.MINOR_FAILURE, response.accepted, 2, "client-aborted");
        assertThat(response.accepted)
                .as("two 600 kB files and the README reached it")
                .isGreaterThan(1_200_000);
    }

    @Test
    void zipWhenThePacsFailsAfterTheFirstBytesLeftThenSeriousFailureWithWhatWasSentAndTheConnectionBreaks()
            throws Exception {
        pacsSends(files(6), 3);
        Browser response = new Browser(Long.MAX_VALUE);

        assertThrows(
                DownloadInterruptedException.class, () -> controller.zip(PATIENT, STUDY, response, Locale.ENGLISH));

        verify(audit).finished(export, AuditOutcome.SERIOUS_FAILURE, response.accepted, 3, "pacs-unavailable");
        assertThat(response.accepted).isGreaterThan(1_800_000);
    }

    @Test
    void zipWhenThePacsFailsBeforeAnythingLeftThenSeriousFailureWithNothingSentAndTheErrorPage() throws Exception {
        pacsSends(files(2), 0);
        MockHttpServletResponse response = new MockHttpServletResponse();

        PacsException failure =
                assertThrows(PacsException.class, () -> controller.zip(PATIENT, STUDY, response, Locale.ENGLISH));

        assertThat(failure.kind()).isEqualTo(PacsException.Kind.UNAVAILABLE);
        verify(audit).finished(export, AuditOutcome.SERIOUS_FAILURE, 0, 0, "pacs-unavailable");
        assertThat(response.isCommitted()).isFalse();
        assertThat(response.getContentType()).as("the response was reset").isNull();
        assertThat(response.getContentAsByteArray()).isEmpty();
    }

    /** The PACS sends {@code files}, and fails (as a broken stream) before file {@code failAt}; -1: never. */
    private void pacsSends(List<byte[]> files, int failAt) {
        when(pacs.retrieveStudy(eq(IDENTITY), eq(STUDY), any())).thenAnswer(call -> {
            DicomInstanceHandler handler = call.getArgument(2);
            for (int i = 0; i < files.size(); i++) {
                if (i == failAt) {
                    throw new PacsException(PacsException.Kind.UNAVAILABLE, "the PACS stream broke");
                }
                handler.onInstance(i, new ByteArrayInputStream(files.get(i)));
            }
            return files.size();
        });
    }

    /** JPEG originals (STORED) of 600 kB each. */
    private static List<byte[]> files(int count) {
        return java.util.stream.IntStream.rangeClosed(1, count)
                .mapToObj(i -> StudyZipTest.dicom("1.2.3.4." + i, "1.2.840.10008.1.2.4.50", random(600_000, i)))
                .toList();
    }

    /** A browser that takes {@code limit} bytes and then goes away; the response is committed by the first byte. */
    private static final class Browser extends MockHttpServletResponse {
        private final long limit;
        long accepted;

        Browser(long limit) {
            this.limit = limit;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    setCommitted(true);
                    if (accepted + len > limit) {
                        throw new IOException("Broken pipe");
                    }
                    accepted += len;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}
            };
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
