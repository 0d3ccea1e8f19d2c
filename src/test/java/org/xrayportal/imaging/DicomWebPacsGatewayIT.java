package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.shared.InvalidIdentityException;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.OrthancSupport;

/** The gateway's contract, proven against a real Orthanc seeded with the demo studies. */
@ExtendWith(OrthancSupport.class)
class DicomWebPacsGatewayIT {

    private static final PatientIdentity MUELLER = PatientIdentity.of("1001", DemoStudies.ISSUER_A);
    private static final PatientIdentity ODEGARD = PatientIdentity.of("10011", DemoStudies.ISSUER_A);
    private static final PatientIdentity NAKAMURA = PatientIdentity.of("1001", DemoStudies.ISSUER_B);

    private static OrthancSupport.Pacs pacs;
    private static PacsGateway gateway;

    @BeforeAll
    static void connect(OrthancSupport.Pacs orthanc) {
        pacs = orthanc;
        gateway = new DicomWebPacsGateway(TestPacsProperties.forBaseUrl(orthanc.dicomWebUrl()));
    }

    @Test
    void searchWhenIdIsPrefixOfAnotherThenOnlyExactMatches() {
        assertThat(uids(gateway.searchStudies(MUELLER, DateRange.ANY)))
                .containsExactly(uid("mueller-knee-2024"), uid("mueller-hand-2023"), uid("mueller-chest-2021"));
        assertThat(uids(gateway.searchStudies(ODEGARD, DateRange.ANY)))
                .containsExactly(uid("odegard-knee-2024"), uid("odegard-chest-2022"));
    }

    @Test
    void searchWhenSamePatientIdUnderTwoIssuersThenIssuerSeparatesThem() {
        assertThat(uids(gateway.searchStudies(NAKAMURA, DateRange.ANY))).containsExactly(uid("nakamura-chest-2023"));
        // Without an issuer an identity never covers two issuers' studies: nothing rather than two people's.
        assertThat(gateway.searchStudies(PatientIdentity.of("1001"), DateRange.ANY))
                .isEmpty();
        assertThat(uids(gateway.searchStudies(PatientIdentity.of("10011"), DateRange.ANY)))
                .containsExactly(uid("odegard-knee-2024"), uid("odegard-chest-2022"));
    }

    @Test
    void searchWhenPacsHoldsIdWithWildcardCharacterThenLookAlikeNeverMatchesIt() {
        // The PACS holds "MRN*7" (a legal LO value there); the portal cannot link it, and "MRN77" sees only its own.
        assertThat(uids(gateway.searchStudies(PatientIdentity.of("MRN77", DemoStudies.ISSUER_A), DateRange.ANY)))
                .containsExactly(uid("obrien-knee-2022"));
        assertThat(uids(gateway.searchStudies(PatientIdentity.of("MRN77"), DateRange.ANY)))
                .containsExactly(uid("obrien-knee-2022"));
    }

    @Test
    void searchWhenBackslashOrWildcardInIdThenRefusedBeforeAnyQuery() {
        assertThatThrownBy(() -> PatientIdentity.of("1001\\10011")).isInstanceOf(InvalidIdentityException.class);
        assertThatThrownBy(() -> PatientIdentity.of("MRN*7")).isInstanceOf(InvalidIdentityException.class);
        assertThatThrownBy(() -> PatientIdentity.of("100*")).isInstanceOf(InvalidIdentityException.class);
    }

    @Test
    void searchReturnsTheFieldsTheStudyListShows() {
        Study knee = gateway.searchStudies(MUELLER, DateRange.ANY).getFirst();
        assertThat(knee.patientName()).isEqualTo("Müller^Jürgen");
        assertThat(knee.studyDate()).isEqualTo(LocalDate.of(2024, 11, 5));
        assertThat(knee.studyTime()).isEqualTo(java.time.LocalTime.of(11, 5));
        assertThat(knee.description()).isEqualTo("Left knee");
        assertThat(knee.modalities()).containsExactly("DX");
        assertThat(knee.bodyPartExamined()).isEqualTo("KNEE");
        assertThat(knee.accessionNumber()).isEqualTo("ACC24230");
        assertThat(knee.referringPhysicianName()).isEqualTo("Schmidt^Paul");
        assertThat(knee.numberOfSeries()).isEqualTo(3);
        assertThat(knee.numberOfInstances()).isEqualTo(3);
        assertThat(gateway.searchStudies(ODEGARD, DateRange.ANY).getFirst().patientName())
                .isEqualTo("Ødegård^Åse");
    }

    @Test
    void searchWithDateRangeThenOnlyStudiesInRange() {
        DateRange range = new DateRange(LocalDate.of(2022, 1, 1), LocalDate.of(2023, 12, 31));
        assertThat(uids(gateway.searchStudies(MUELLER, range))).containsExactly(uid("mueller-hand-2023"));
        assertThat(uids(gateway.searchStudies(MUELLER, new DateRange(LocalDate.of(2024, 11, 5), null))))
                .containsExactly(uid("mueller-knee-2024"));
        assertThat(gateway.searchStudies(MUELLER, new DateRange(null, LocalDate.of(2020, 1, 1))))
                .isEmpty();
    }

    @Test
    void listSeriesAndInstancesOfOwnStudy() {
        DemoStudies.Study hand = DemoStudies.byKey("mueller-hand-2023");
        List<Series> series = gateway.listSeries(MUELLER, hand.studyInstanceUid());
        assertThat(series).extracting(Series::seriesNumber).containsExactly(1, 2);
        assertThat(series.getFirst().modality()).isEqualTo("DX");
        assertThat(series.getFirst().description()).isEqualTo("Hand PA");
        assertThat(series.getFirst().numberOfInstances()).isEqualTo(2);

        List<Instance> pa = gateway.listInstances(
                MUELLER, hand.studyInstanceUid(), series.getFirst().seriesInstanceUid());
        assertThat(pa).extracting(Instance::instanceNumber).containsExactly(1, 2);
        assertThat(pa.getFirst().rows()).isEqualTo(480);
        assertThat(pa.getFirst().columns()).isEqualTo(384);
        assertThat(pa.getFirst().numberOfFrames()).isEqualTo(1);

        List<Instance> oblique = gateway.listInstances(
                MUELLER, hand.studyInstanceUid(), series.get(1).seriesInstanceUid());
        assertThat(oblique).singleElement().extracting(Instance::numberOfFrames).isEqualTo(3);
    }

    @Test
    void studyContentsWhenOnePacsSearchThenSameSeriesAndInstancesAsListedLevelByLevel() {
        for (String key : List.of("mueller-hand-2023", "mueller-knee-2024")) {
            String study = DemoStudies.byKey(key).studyInstanceUid();

            List<PacsGateway.SeriesContents> contents =
                    gateway.studyContents(MUELLER, study).orElseThrow();

            List<Series> series = gateway.listSeries(MUELLER, study);
            assertThat(contents).extracting(PacsGateway.SeriesContents::series).containsExactlyElementsOf(series);
            for (int i = 0; i < series.size(); i++) {
                assertThat(contents.get(i).instances())
                        .containsExactlyElementsOf(gateway.listInstances(
                                MUELLER, study, series.get(i).seriesInstanceUid()));
            }
        }
    }

    @Test
    void studyContentsWhenAnotherPatientsStudyThenNotFound() {
        String study = DemoStudies.byKey("mueller-hand-2023").studyInstanceUid();
        assertNotFound(() -> gateway.studyContents(ODEGARD, study));
        assertNotFound(() -> gateway.studyContents(NAKAMURA, study));
    }

    @Test
    void renderedFrameIsDecodableImageOfRequestedSize() throws IOException {
        DemoStudies.Study chest = DemoStudies.byKey("mueller-chest-2021");
        DemoStudies.Series pa = chest.series().getFirst();
        String series = chest.seriesInstanceUid(pa);
        String instance = chest.sopInstanceUid(pa, 1);

        RenderedImage jpeg = gateway.renderFrame(
                MUELLER, chest.studyInstanceUid(), series, instance, 1, RenderOptions.jpeg(256, 256));
        BufferedImage decoded = decode(jpeg);
        assertThat(jpeg.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(decoded.getWidth()).isEqualTo(256);
        assertThat(decoded.getHeight()).isEqualTo(256);

        RenderedImage png = gateway.renderFrame(
                MUELLER,
                chest.studyInstanceUid(),
                series,
                instance,
                1,
                RenderOptions.jpeg(128, 128).withFormat(ImageFormat.PNG).withWindow(2048, 4096));
        assertThat(png.bytes()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(decode(png).getWidth()).isEqualTo(128);
    }

    @Test
    void windowChangesTheRenderedImage() throws IOException {
        DemoStudies.Study chest = DemoStudies.byKey("mueller-chest-2021");
        DemoStudies.Series pa = chest.series().getFirst();
        RenderOptions base = RenderOptions.jpeg(64, 64).withFormat(ImageFormat.PNG);
        double narrow = meanBrightness(decode(gateway.renderFrame(
                MUELLER,
                chest.studyInstanceUid(),
                chest.seriesInstanceUid(pa),
                chest.sopInstanceUid(pa, 1),
                1,
                base.withWindow(500, 200))));
        double wide = meanBrightness(decode(gateway.renderFrame(
                MUELLER,
                chest.studyInstanceUid(),
                chest.seriesInstanceUid(pa),
                chest.sopInstanceUid(pa, 1),
                1,
                base.withWindow(3500, 200))));
        assertThat(narrow).isGreaterThan(wide + 50);
    }

    @Test
    void multiFrameInstanceRendersSecondFrameAndRefusesMissingFrame() throws IOException {
        DemoStudies.Study hand = DemoStudies.byKey("mueller-hand-2023");
        DemoStudies.Series oblique = hand.series().get(1);
        String series = hand.seriesInstanceUid(oblique);
        String instance = hand.sopInstanceUid(oblique, 1);
        RenderOptions options = RenderOptions.jpeg(200, 200).withFormat(ImageFormat.PNG);

        BufferedImage first =
                decode(gateway.renderFrame(MUELLER, hand.studyInstanceUid(), series, instance, 1, options));
        BufferedImage second =
                decode(gateway.renderFrame(MUELLER, hand.studyInstanceUid(), series, instance, 2, options));
        assertThat(second.getHeight()).isEqualTo(200);
        assertThat(differentPixels(first, second)).isGreaterThan(1000);
        assertThatThrownBy(() -> gateway.renderFrame(MUELLER, hand.studyInstanceUid(), series, instance, 4, options))
                .isInstanceOfSatisfying(
                        PacsException.class, e -> assertThat(e.kind()).isEqualTo(PacsException.Kind.NOT_FOUND));
    }

    @Test
    void thumbnailFitsTheRequestedSize() throws IOException {
        DemoStudies.Study knee = DemoStudies.byKey("odegard-knee-2024");
        BufferedImage thumb = decode(gateway.thumbnail(
                ODEGARD,
                knee.studyInstanceUid(),
                knee.seriesInstanceUid(knee.series().getFirst()),
                96));
        assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).isEqualTo(96);
    }

    @Test
    void retrieveStreamsEveryInstanceByteForByteAsStored() throws Exception {
        DemoStudies.Study knee = DemoStudies.byKey("mueller-knee-2024");
        List<String> streamed = new ArrayList<>();
        int count = gateway.retrieveStudy(MUELLER, knee.studyInstanceUid(), (index, dicom) -> {
            streamed.add(sha256(dicom.readAllBytes()));
        });
        assertThat(count).isEqualTo(3);
        assertThat(streamed).containsExactlyInAnyOrderElementsOf(storedFileHashes(knee.studyInstanceUid()));
    }

    @Test
    void otherPatientsStudyIsNotFoundEverywhere() {
        DemoStudies.Study foreign = DemoStudies.byKey("mueller-hand-2023");
        DemoStudies.Series s = foreign.series().getFirst();
        String study = foreign.studyInstanceUid();
        String series = foreign.seriesInstanceUid(s);
        String instance = foreign.sopInstanceUid(s, 1);
        List<String> handled = new ArrayList<>();

        assertNotFound(() -> gateway.listSeries(ODEGARD, study));
        assertNotFound(() -> gateway.listSeries(NAKAMURA, study));
        assertNotFound(() -> gateway.listInstances(ODEGARD, study, series));
        assertNotFound(() -> gateway.renderFrame(ODEGARD, study, series, instance, 1, RenderOptions.DEFAULT));
        assertNotFound(() -> gateway.thumbnail(ODEGARD, study, series, 64));
        assertNotFound(() -> gateway.retrieveStudy(ODEGARD, study, (i, in) -> handled.add("part " + i)));
        assertThat(handled).isEmpty();
    }

    @Test
    void seriesOfAnotherStudyUnderOwnStudyIsNotFound() {
        DemoStudies.Study own = DemoStudies.byKey("odegard-chest-2022");
        DemoStudies.Study foreign = DemoStudies.byKey("mueller-hand-2023");
        DemoStudies.Series s = foreign.series().getFirst();
        assertNotFound(() -> gateway.listInstances(ODEGARD, own.studyInstanceUid(), foreign.seriesInstanceUid(s)));
        assertNotFound(() -> gateway.renderFrame(
                ODEGARD,
                own.studyInstanceUid(),
                own.seriesInstanceUid(own.series().getFirst()),
                foreign.sopInstanceUid(s, 1),
                1,
                RenderOptions.DEFAULT));
    }

    @Test
    void malformedOrUnknownUidIsNotFound() {
        assertNotFound(() -> gateway.listSeries(MUELLER, "1.2.3/../../instances"));
        assertNotFound(() -> gateway.listSeries(MUELLER, "1.2.3*"));
        assertNotFound(() -> gateway.listSeries(MUELLER, "1.2.3.4.5.6.7.8.9"));
    }

    private static void assertNotFound(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        PacsException.class, e -> assertThat(e.kind()).isEqualTo(PacsException.Kind.NOT_FOUND));
    }

    private static List<String> uids(List<Study> studies) {
        return studies.stream().map(Study::studyInstanceUid).toList();
    }

    private static String uid(String key) {
        return DemoStudies.byKey(key).studyInstanceUid();
    }

    private static BufferedImage decode(RenderedImage image) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));
        assertThat(decoded).as("decodable " + image.format()).isNotNull();
        return decoded;
    }

    private static double meanBrightness(BufferedImage image) {
        long sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                sum += image.getRaster().getSample(x, y, 0);
            }
        }
        return (double) sum / (image.getWidth() * image.getHeight());
    }

    private static int differentPixels(BufferedImage a, BufferedImage b) {
        int different = 0;
        for (int y = 0; y < Math.min(a.getHeight(), b.getHeight()); y++) {
            for (int x = 0; x < Math.min(a.getWidth(), b.getWidth()); x++) {
                if (Math.abs(a.getRaster().getSample(x, y, 0) - b.getRaster().getSample(x, y, 0)) > 20) {
                    different++;
                }
            }
        }
        return different;
    }

    /** SHA-256 of each file Orthanc stores for the study, read through Orthanc's own REST API. */
    private static List<String> storedFileHashes(String studyUid) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String lookup = http.send(
                            HttpRequest.newBuilder(URI.create(pacs.restUrl() + "/tools/lookup"))
                                    .POST(HttpRequest.BodyPublishers.ofString(studyUid))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String studyId = firstId(lookup);
            String instances = http.send(
                            HttpRequest.newBuilder(URI.create(pacs.restUrl() + "/studies/" + studyId + "/instances"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            List<String> hashes = new ArrayList<>();
            Matcher ids = Pattern.compile("\"ID\"\\s*:\\s*\"([0-9a-f-]+)\"").matcher(instances);
            while (ids.find()) {
                byte[] file = http.send(
                                HttpRequest.newBuilder(
                                                URI.create(pacs.restUrl() + "/instances/" + ids.group(1) + "/file"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .body();
                hashes.add(sha256(file));
            }
            return hashes;
        }
    }

    private static String firstId(String json) {
        Matcher m = Pattern.compile("\"ID\"\\s*:\\s*\"([0-9a-f-]+)\"").matcher(json);
        assertThat(m.find()).as("Orthanc knows the study").isTrue();
        return m.group(1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
