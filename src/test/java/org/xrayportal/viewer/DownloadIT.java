package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.hamcrest.Matchers;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * Patient downloads end to end against the real Orthanc: the ZIP holds byte-identical files, each download is audited
 * before and after, and everyone outside the grant gets the same answers as for a study that does not exist.
 */
@PortalWithPacsTest(properties = "portal.download.studies-per-hour=2")
@AutoConfigureMockMvc
@Import(DownloadFixtures.class)
class DownloadIT {

    private static final DemoStudies.Study KNEE = DemoStudies.byKey("mueller-knee-2024");
    private static final String ZIP = "/patient/studies/" + KNEE.studyInstanceUid() + "/download/zip";

    @Autowired
    MockMvc mvc;

    @Autowired
    DownloadFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Test
    void zipWhenDownloadAllowedThenEveryFileByteIdenticalToWhatThePacsStores() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);

        MvcResult result = mvc.perform(get(ZIP).with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/zip"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"xray-study-2024-11-05.zip\""))
                .andExpect(header().string("Cache-Control", Matchers.containsString("no-store")))
                .andReturn();
        byte[] zip = result.getResponse().getContentAsByteArray();

        Map<String, byte[]> entries = unzip(zip);
        assertThat(names(entries).getFirst()).as("the README comes first").isEqualTo("README.txt");
        assertThat(entries.keySet())
                .containsExactlyInAnyOrder(
                        "README.txt",
                        "series-001/image-0001.dcm",
                        "series-002/image-0001.dcm",
                        "series-003/image-0001.dcm");
        String readme = new String(entries.get("README.txt"), StandardCharsets.UTF_8);
        assertThat(readme).startsWith("PATIENT\r\n").contains("DICOM", "NOT A DIAGNOSIS", "Weasis");
        assertThat(readme.substring(readme.indexOf("\r\n\r\nSTUDY") + 4, readme.indexOf("YOUR X-RAY IMAGES")))
                .as("the README names the study")
                .isEqualTo("STUDY\r\nLeft knee\r\nDate: 5 Nov 2024\r\n"
                        + "Accession number (the clinic's reference for this study): ACC24230\r\n\r\n");
        for (DemoStudies.Series series : KNEE.series()) {
            String uid = KNEE.sopInstanceUid(series, 1);
            byte[] stored = OrthancFiles.storedFile(OrthancSupport.shared().restUrl(), uid);
            assertThat(entries.get(String.format("series-%03d/image-0001.dcm", series.number())))
                    .as("series %d as stored by the PACS", series.number())
                    .isEqualTo(stored);
        }

        List<Map<String, Object>> events = exportEvents(patient);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("details").toString()).contains("\"phase\":\"started\"");
        assertThat(events.get(1).get("details").toString())
                .contains("\"phase\":\"finished\"", "\"bytes\":" + zip.length, "\"instances\":3");
        assertThat(((Number) events.get(1).get("outcome")).intValue()).isZero();
        assertThat(events.get(0).get("patient_id")).isEqualTo("1001");
    }

    @Test
    void zipWhenTheBrowserAsksForSpanishThenTheReadmeNamesTheStudyInSpanish() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);

        byte[] zip = mvc.perform(get(ZIP).header("Accept-Language", "es").with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();

        String readme = new String(unzip(zip).get("README.txt"), StandardCharsets.UTF_8);
        assertThat(readme.substring(readme.indexOf("\r\n\r\nESTUDIO") + 4, readme.indexOf("SUS IMÁGENES")))
                .isEqualTo("ESTUDIO\r\nLeft knee\r\nFecha: 5 nov 2024\r\n"
                        + "Número de acceso (la referencia de la clínica para este estudio): ACC24230\r\n\r\n");
    }

    @Test
    void studyPageWhenDownloadAllowedThenLinksToItAndOtherwiseNot() throws Exception {
        String preparation = "/patient/studies/" + KNEE.studyInstanceUid() + "/download";
        PortalUser allowed = fixtures.patientWithGrant(DemoStudies.MUELLER, true);

        mvc.perform(get("/patient/studies/" + KNEE.studyInstanceUid()).with(user(allowed)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("href=\"" + preparation + "\"")));

        PortalUser viewOnly = fixtures.patientWithGrant(DemoStudies.MUELLER, false);

        mvc.perform(get("/patient/studies/" + KNEE.studyInstanceUid()).with(user(viewOnly)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.not(Matchers.containsString(preparation))));
    }

    @Test
    void preparationPageWhenAllowedThenShowsImagesAndSeries() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);

        mvc.perform(get("/patient/studies/" + KNEE.studyInstanceUid() + "/download")
                        .with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("3 files in 3 series")))
                .andExpect(content().string(Matchers.containsString(ZIP)));
    }

    @Test
    void imageWhenAllowedThenJpegOrPngWithLengthAndAudited() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);
        DemoStudies.Series first = KNEE.series().getFirst();
        String url = imageUrl(first);

        MvcResult jpeg = mvc.perform(get(url).with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/jpeg"))
                .andReturn();
        byte[] body = jpeg.getResponse().getContentAsByteArray();
        assertThat(body).startsWith(0xFF, 0xD8);
        assertThat(jpeg.getResponse().getContentLength()).isEqualTo(body.length);
        mvc.perform(get(url).param("format", "png")
                        .param("windowCenter", "30000")
                        .param("windowWidth", "20000")
                        .with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"))
                .andExpect(header().string("Content-Disposition", Matchers.endsWith(".png\"")));

        assertThat(exportEvents(patient))
                .hasSize(4)
                .allSatisfy(e -> assertThat(e.get("instance_uid")).isEqualTo(KNEE.sopInstanceUid(first, 1)));
    }

    @Test
    void savePictureWhenCaptionedThenTheImageAsShownAboveTheNoticeNameAndDateAndAudited() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);
        DemoStudies.Series first = KNEE.series().getFirst();
        String url = imageUrl(first);

        BufferedImage plain = png(patient, url, false, false);
        BufferedImage captioned = png(patient, url, true, false);
        BufferedImage inverted = png(patient, url, true, true);

        int w = plain.getWidth();
        int h = plain.getHeight();
        assertThat(captioned.getWidth()).isEqualTo(w);
        assertThat(captioned.getHeight()).as("a caption strip below the image").isGreaterThan(h + 40);
        for (int[] p : new int[][] {{w / 2, h / 2}, {w / 3, h / 4}, {w - 1, h - 1}}) {
            int value = grey(plain, p[0], p[1]);
            assertThat(captioned.getRGB(p[0], p[1]) & 0xFFFFFF)
                    .as("the image pixels are the rendered ones (PNG, lossless)")
                    .isEqualTo(value * 0x010101);
            assertThat(inverted.getRGB(p[0], p[1]) & 0xFFFFFF)
                    .as("inverted as on screen")
                    .isEqualTo((255 - value) * 0x010101);
        }
        assertThat(captioned.getRGB(1, h + 1) & 0xFFFFFF).as("a white strip").isEqualTo(0xFFFFFF);
        assertThat(inverted.getRGB(1, h + 1) & 0xFFFFFF)
                .as("the strip is never inverted")
                .isEqualTo(0xFFFFFF);
        long dark = 0;
        for (int y = h; y < captioned.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                if ((captioned.getRGB(x, y) & 0xFF) < 64) {
                    dark++;
                }
            }
        }
        assertThat(dark).as("text in the strip").isGreaterThan(500);

        assertThat(exportEvents(patient))
                .as("each save is an audited export like any image download")
                .hasSize(6);
        mvc.perform(get(url).param("caption", "maybe").with(user(patient))).andExpect(status().isBadRequest());
        mvc.perform(get(url).param("invert", "2").with(user(patient))).andExpect(status().isBadRequest());
    }

    /**
     * The stored grey value of a pixel (a browser shows value v as sRGB v,v,v); {@code getRGB} would convert Java's
     * linear grey colour space instead.
     */
    private static int grey(BufferedImage image, int x, int y) {
        return image.getRaster().getNumBands() == 1 ? image.getRaster().getSample(x, y, 0) : image.getRGB(x, y) & 0xFF;
    }

    private BufferedImage png(PortalUser patient, String url, boolean caption, boolean invert) throws Exception {
        byte[] body = mvc.perform(get(url).param("format", "png")
                        .param("caption", String.valueOf(caption))
                        .param("invert", String.valueOf(invert))
                        .with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        return ImageIO.read(new ByteArrayInputStream(body));
    }

    @Test
    void downloadsWhenGrantIsViewOnlyThenNotFound() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, false);

        mvc.perform(get(ZIP).with(user(patient))).andExpect(status().isNotFound());
        mvc.perform(get("/patient/studies/" + KNEE.studyInstanceUid() + "/download")
                        .with(user(patient)))
                .andExpect(status().isNotFound());
        mvc.perform(get(imageUrl(KNEE.series().getFirst())).with(user(patient))).andExpect(status().isNotFound());
        assertThat(exportEvents(patient)).isEmpty();
    }

    @Test
    void downloadsWhenAnotherPatientsStudyOrUnknownThenNotFound() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.ODEGARD, true);

        mvc.perform(get(ZIP).with(user(patient))).andExpect(status().isNotFound());
        mvc.perform(get(imageUrl(KNEE.series().getFirst())).with(user(patient))).andExpect(status().isNotFound());
        mvc.perform(get("/patient/studies/1.2.3.4.5/download/zip").with(user(patient)))
                .andExpect(status().isNotFound());
        // Their own study, but an instance of another patient's: the PACS confirms ownership, so also 404.
        DemoStudies.Study own = DemoStudies.byKey("odegard-knee-2024");
        DemoStudies.Series series = KNEE.series().getFirst();
        mvc.perform(get("/patient/studies/" + own.studyInstanceUid() + "/series/" + KNEE.seriesInstanceUid(series)
                                + "/instances/" + KNEE.sopInstanceUid(series, 1) + "/download")
                        .with(user(patient)))
                .andExpect(status().isNotFound());
    }

    @Test
    void downloadsWhenMalformedInputThenBadRequest() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);
        String image = imageUrl(KNEE.series().getFirst());

        mvc.perform(get("/patient/studies/1.2.abc/download/zip").with(user(patient)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/patient/studies/" + "1".repeat(65) + "/download").with(user(patient)))
                .andExpect(status().isBadRequest());
        mvc.perform(get(image.replace(KNEE.seriesInstanceUid(KNEE.series().getFirst()), "x.y"))
                        .with(user(patient)))
                .andExpect(status().isBadRequest());
        mvc.perform(get(image).param("format", "gif").with(user(patient))).andExpect(status().isBadRequest());
        mvc.perform(get(image).param("frame", "0").with(user(patient))).andExpect(status().isBadRequest());
        mvc.perform(get(image).param("frame", "one").with(user(patient))).andExpect(status().isBadRequest());
        mvc.perform(get(image)
                        .param("windowCenter", "abc")
                        .param("windowWidth", "10")
                        .with(user(patient)))
                .andExpect(status().isBadRequest());
        mvc.perform(get(image).param("windowCenter", "10").with(user(patient))).andExpect(status().isBadRequest());
        assertThat(exportEvents(patient)).isEmpty();
    }

    @Test
    void zipWhenHourlyLimitReachedThenTooManyRequestsWithAPage() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);

        mvc.perform(get(ZIP).with(user(patient))).andExpect(status().isOk());
        mvc.perform(get(ZIP).with(user(patient))).andExpect(status().isOk());
        mvc.perform(get(ZIP).with(user(patient)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "3600"))
                .andExpect(content().string(Matchers.containsString("up to 2 studies in an hour")));
        mvc.perform(get("/patient/studies/" + KNEE.studyInstanceUid() + "/download")
                        .with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.not(Matchers.containsString(ZIP))));
    }

    @Test
    void historyWhenPatientDownloadedThenShowsTheirDownloadAndTheStaffDecisionButNotOtherPatients() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);
        mvc.perform(get(ZIP).with(user(patient))).andExpect(status().isOk());
        // PatientID 1001 too, under another issuer: must not see the download above.
        PortalUser nakamura = fixtures.patientWithGrant(DemoStudies.NAKAMURA, true);

        String page = mvc.perform(get("/patient/history").with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Access request approved", "Clinic staff", "You");
        assertThat(Jsoup.parse(page).select("tbody tr").stream()
                        .map(row -> row.select("td").eachText())
                        // Other tests of this class download the same PACS patient's study from accounts of their own.
                        .filter(cells -> cells.get(1).startsWith("Downloaded")
                                && cells.get(2).equals("You"))
                        .map(cells -> cells.subList(1, 4)))
                .as("one line for this account's ZIP, start and end, naming the study as view lines do and saying it"
                        + " finished")
                .containsExactly(List.of("Downloaded Left knee", "You", "Finished"));
        assertThat(Jsoup.parse(mvc.perform(get("/patient/history")
                                        .header("Accept-Language", "es")
                                        .with(user(patient)))
                                .andExpect(status().isOk())
                                .andReturn()
                                .getResponse()
                                .getContentAsString(StandardCharsets.UTF_8))
                        .select("tbody td:nth-of-type(2)")
                        .eachText())
                .as("in Spanish too")
                .contains("Descargó Left knee");
        assertThat(exportEvents(patient))
                .as("the audit trail keeps both events")
                .extracting(row -> row.get("details").toString())
                .satisfiesExactly(
                        started -> assertThat(started).contains("\"phase\":\"started\""),
                        finished -> assertThat(finished).contains("\"phase\":\"finished\""));
        mvc.perform(get("/patient/history").with(user(nakamura)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Access request approved")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Downloaded"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Images downloaded"))));
        mvc.perform(get("/patient/history").param("page", "x").with(user(patient)))
                .andExpect(status().isBadRequest());
    }

    @Test
    void downloadsWhenStaffOrAdminThenForbidden() throws Exception {
        for (Role role : List.of(Role.STAFF, Role.ADMIN)) {
            PortalUser someone = fixtures.user(role);
            mvc.perform(get(ZIP).with(user(someone))).andExpect(status().isForbidden());
            mvc.perform(get("/patient/studies/" + KNEE.studyInstanceUid() + "/download")
                            .with(user(someone)))
                    .andExpect(status().isForbidden());
            mvc.perform(get(imageUrl(KNEE.series().getFirst())).with(user(someone)))
                    .andExpect(status().isForbidden());
            mvc.perform(get("/patient/history").with(user(someone))).andExpect(status().isForbidden());
        }
    }

    private static String imageUrl(DemoStudies.Series series) {
        return "/patient/studies/" + KNEE.studyInstanceUid() + "/series/" + KNEE.seriesInstanceUid(series)
                + "/instances/" + KNEE.sopInstanceUid(series, 1) + "/download";
    }

    private List<Map<String, Object>> exportEvents(PortalUser patient) {
        return jdbc.sql("SELECT * FROM audit_event WHERE actor_id = ? AND action = 'EXPORT' ORDER BY sequence")
                .param(patient.id())
                .query()
                .listOfRows();
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    static List<String> names(Map<String, byte[]> entries) {
        return new ArrayList<>(entries.keySet());
    }
}
