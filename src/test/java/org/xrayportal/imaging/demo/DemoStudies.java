package org.xrayportal.imaging.demo;

import java.awt.image.BufferedImage;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.xrayportal.imaging.demo.XrayPhantom.BodyPart;

/**
 * The demo PACS's content: a fixed set of patients and studies with UIDs derived deterministically (UUID-based
 * {@code 2.25.} UIDs), so every seeded PACS holds the same objects and seeding can skip what exists. The set is chosen
 * to exercise identity matching: PatientIDs {@code 1001} and {@code 10011}, {@code 1001} under two issuers, {@code
 * MRN*7} next to {@code MRN77}, and non-ASCII names.
 */
public final class DemoStudies {

    public static final String ISSUER_A = "XRAY-CLINIC";
    public static final String ISSUER_B = "NORTH-HOSPITAL";

    public static final String CR = "1.2.840.10008.5.1.4.1.1.1";
    public static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";
    public static final String MULTIFRAME_WORD_SC = "1.2.840.10008.5.1.4.1.1.7.3";

    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);

    public record Patient(String patientId, String issuer, String name, LocalDate birthDate, String sex) {}

    /** A series: one modality and body part; {@code frames > 1} makes its first instance multi-frame. */
    public record Series(
            int number,
            String modality,
            BodyPart bodyPart,
            String view,
            String description,
            int bitsStored,
            boolean monochrome1,
            int instances,
            int frames) {}

    public record Study(
            String key,
            Patient patient,
            LocalDate date,
            LocalTime time,
            String description,
            String accessionNumber,
            String referringPhysician,
            List<Series> series) {

        public String studyInstanceUid() {
            return uid("study/" + key);
        }

        public String seriesInstanceUid(Series s) {
            return uid("series/" + key + "/" + s.number());
        }

        public String sopInstanceUid(Series s, int instanceNumber) {
            return uid("instance/" + key + "/" + s.number() + "/" + instanceNumber);
        }
    }

    public static final Patient MUELLER =
            new Patient("1001", ISSUER_A, "Müller^Jürgen", LocalDate.of(1958, 3, 14), "M");
    public static final Patient ODEGARD = new Patient("10011", ISSUER_A, "Ødegård^Åse", LocalDate.of(1975, 11, 2), "F");
    public static final Patient NAKAMURA =
            new Patient("1001", ISSUER_B, "Nakamura^Yuki", LocalDate.of(1990, 6, 21), "F");
    public static final Patient GARCIA = new Patient("MRN*7", ISSUER_A, "García^Lucía", LocalDate.of(2001, 1, 9), "F");
    public static final Patient OBRIEN = new Patient("MRN77", ISSUER_A, "O'Brien^Seán", LocalDate.of(1964, 8, 30), "M");

    private static final List<Study> ALL = List.of(
            new Study(
                    "mueller-chest-2021",
                    MUELLER,
                    LocalDate.of(2021, 2, 3),
                    LocalTime.of(9, 15),
                    "Chest PA and lateral",
                    "ACC21001",
                    "Weber^Anna^^Dr.",
                    List.of(
                            new Series(1, "CR", BodyPart.CHEST, "PA", "Chest PA", 12, false, 1, 1),
                            new Series(2, "CR", BodyPart.CHEST, "LL", "Chest lateral", 12, false, 1, 1))),
            new Study(
                    "mueller-hand-2023",
                    MUELLER,
                    LocalDate.of(2023, 6, 19),
                    LocalTime.of(14, 40),
                    "Right hand, two views",
                    "ACC23017",
                    "Weber^Anna^^Dr.",
                    List.of(
                            new Series(1, "DX", BodyPart.HAND, "PA", "Hand PA", 8, false, 2, 1),
                            new Series(2, "DX", BodyPart.HAND, "OBL", "Hand oblique, 3 positions", 12, false, 1, 3))),
            new Study(
                    "mueller-knee-2024",
                    MUELLER,
                    LocalDate.of(2024, 11, 5),
                    LocalTime.of(11, 5),
                    "Left knee",
                    "ACC24230",
                    "Schmidt^Paul",
                    List.of(
                            new Series(1, "DX", BodyPart.KNEE, "AP", "Knee AP", 16, true, 1, 1),
                            new Series(2, "DX", BodyPart.KNEE, "LAT", "Knee lateral", 16, true, 1, 1),
                            new Series(3, "DX", BodyPart.KNEE, "AP", "Knee AP standing", 8, false, 1, 1))),
            new Study(
                    "odegard-chest-2022",
                    ODEGARD,
                    LocalDate.of(2022, 9, 12),
                    LocalTime.of(8, 30),
                    "Chest PA",
                    "ACC22311",
                    "Berg^Ingrid",
                    List.of(
                            new Series(1, "DX", BodyPart.CHEST, "PA", "Chest PA", 16, true, 1, 1),
                            new Series(2, "DX", BodyPart.CHEST, "PA", "Chest PA, repeat", 8, true, 1, 1))),
            new Study(
                    "odegard-knee-2024",
                    ODEGARD,
                    LocalDate.of(2024, 1, 22),
                    LocalTime.of(16, 0),
                    "Right knee",
                    "ACC24012",
                    "Berg^Ingrid",
                    List.of(
                            new Series(1, "CR", BodyPart.KNEE, "AP", "Knee AP", 12, false, 1, 1),
                            new Series(2, "CR", BodyPart.KNEE, "LAT", "Knee lateral", 12, false, 1, 1))),
            new Study(
                    "nakamura-chest-2023",
                    NAKAMURA,
                    LocalDate.of(2023, 3, 3),
                    LocalTime.of(10, 45),
                    "Chest PA",
                    "NH230303",
                    "Tanaka^Hiro",
                    List.of(
                            new Series(1, "CR", BodyPart.CHEST, "PA", "Chest PA", 12, true, 1, 1),
                            new Series(2, "CR", BodyPart.CHEST, "LL", "Chest lateral", 12, true, 1, 1))),
            new Study(
                    "garcia-hand-2020",
                    GARCIA,
                    LocalDate.of(2020, 12, 1),
                    LocalTime.of(13, 20),
                    "Left hand",
                    "ACC20999",
                    "López^Marta",
                    List.of(
                            new Series(1, "CR", BodyPart.HAND, "PA", "Hand PA", 8, false, 1, 1),
                            new Series(2, "CR", BodyPart.HAND, "OBL", "Hand oblique", 8, true, 1, 1))),
            new Study(
                    "obrien-knee-2022",
                    OBRIEN,
                    LocalDate.of(2022, 5, 17),
                    LocalTime.of(15, 10),
                    "Right knee",
                    "ACC22177",
                    "Walsh^Niamh",
                    List.of(
                            new Series(1, "DX", BodyPart.KNEE, "AP", "Knee AP", 12, false, 1, 1),
                            new Series(2, "DX", BodyPart.KNEE, "LAT", "Knee lateral", 12, false, 1, 1))));

    private DemoStudies() {}

    public static List<Study> all() {
        return ALL;
    }

    public static List<Patient> patients() {
        return List.of(MUELLER, ODEGARD, NAKAMURA, GARCIA, OBRIEN);
    }

    public static List<Study> of(Patient patient) {
        return ALL.stream().filter(s -> s.patient().equals(patient)).toList();
    }

    public static Study byKey(String key) {
        return ALL.stream()
                .filter(s -> s.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo study " + key));
    }

    /** A deterministic UUID-derived UID (PS3.5 B.2). */
    static String uid(String name) {
        UUID uuid = UUID.nameUUIDFromBytes(("xray-portal-demo/" + name).getBytes(StandardCharsets.UTF_8));
        byte[] bytes = ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
        return "2.25." + new BigInteger(1, bytes);
    }

    /** The Part-10 files of a study, in series and instance order. */
    public static List<byte[]> instances(Study study) {
        List<byte[]> files = new ArrayList<>();
        for (Series series : study.series()) {
            for (int n = 1; n <= series.instances(); n++) {
                files.add(instance(study, series, n));
            }
        }
        return files;
    }

    static byte[] instance(Study study, Series series, int instanceNumber) {
        int frames = instanceNumber == 1 ? series.frames() : 1;
        int[] size = size(series.bodyPart());
        int columns = size[0];
        int rows = size[1];
        int maxValue = (1 << series.bitsStored()) - 1;
        long seed = study.sopInstanceUid(series, instanceNumber).hashCode();
        int[] samples = new int[rows * columns * frames];
        for (int f = 0; f < frames; f++) {
            int variant = series.view().equals("LAT") || series.view().equals("LL") ? 1 + f : f;
            BufferedImage image = XrayPhantom.draw(series.bodyPart(), columns, rows, seed + f, variant);
            int[] density = image.getRaster().getSamples(0, 0, columns, rows, 0, (int[]) null);
            for (int i = 0; i < density.length; i++) {
                int value = (int) Math.round(density[i] / 255.0 * maxValue);
                samples[f * rows * columns + i] = series.monochrome1() ? maxValue - value : value;
            }
        }
        String sopClass = frames > 1 ? MULTIFRAME_WORD_SC : series.modality().equals("CR") ? CR : DX;
        boolean word = series.bitsStored() > 8 || frames > 1;
        // Window over the useful density range (soft tissue to bone), inverted for MONOCHROME1.
        double center = maxValue * (series.monochrome1() ? 1 - 0.5 : 0.5);
        double width = maxValue * 0.85;
        Patient p = study.patient();
        DicomWriter dicom = new DicomWriter()
                .text(0x00080005, "CS", "ISO_IR 192")
                .text(0x00080008, "CS", "ORIGINAL\\PRIMARY")
                .text(0x00080016, "UI", sopClass)
                .text(0x00080018, "UI", study.sopInstanceUid(series, instanceNumber))
                .text(0x00080020, "DA", DA.format(study.date()))
                .text(0x00080021, "DA", DA.format(study.date()))
                .text(0x00080030, "TM", TM.format(study.time()))
                .text(0x00080050, "SH", study.accessionNumber())
                .text(0x00080060, "CS", series.modality())
                .text(0x00080068, "CS", "FOR PRESENTATION")
                .text(0x00080070, "LO", "X-ray portal phantom generator")
                .text(0x00080090, "PN", study.referringPhysician())
                .text(0x00081030, "LO", study.description())
                .text(0x0008103E, "LO", series.description())
                .text(0x00100010, "PN", p.name())
                .text(0x00100020, "LO", p.patientId())
                .text(0x00100021, "LO", p.issuer())
                .text(0x00100030, "DA", DA.format(p.birthDate()))
                .text(0x00100040, "CS", p.sex())
                .text(0x00180015, "CS", series.bodyPart().name())
                .text(0x00185101, "CS", series.view())
                .text(0x0020000D, "UI", study.studyInstanceUid())
                .text(0x0020000E, "UI", study.seriesInstanceUid(series))
                .text(0x00200010, "SH", study.accessionNumber())
                .text(0x00200011, "IS", Integer.toString(series.number()))
                .text(0x00200013, "IS", Integer.toString(instanceNumber))
                .us(0x00280002, 1)
                .text(0x00280004, "CS", series.monochrome1() ? "MONOCHROME1" : "MONOCHROME2")
                .us(0x00280010, rows)
                .us(0x00280011, columns)
                .us(0x00280100, word ? 16 : 8)
                .us(0x00280101, series.bitsStored())
                .us(0x00280102, series.bitsStored() - 1)
                .us(0x00280103, 0)
                .text(0x00281050, "DS", decimal(center))
                .text(0x00281051, "DS", decimal(width))
                .text(0x00282110, "CS", "00");
        if (frames > 1) {
            dicom.text(0x00280008, "IS", Integer.toString(frames));
        }
        if (word) {
            short[] pixels = new short[samples.length];
            for (int i = 0; i < samples.length; i++) {
                pixels[i] = (short) samples[i];
            }
            dicom.pixelData16(pixels);
        } else {
            byte[] pixels = new byte[samples.length];
            for (int i = 0; i < samples.length; i++) {
                pixels[i] = (byte) samples[i];
            }
            dicom.pixelData8(pixels);
        }
        return dicom.toPart10(sopClass, study.sopInstanceUid(series, instanceNumber));
    }

    private static int[] size(BodyPart part) {
        return switch (part) {
            case CHEST -> new int[] {512, 512};
            case HAND -> new int[] {384, 480};
            case KNEE -> new int[] {400, 500};
        };
    }

    private static String decimal(double value) {
        return Long.toString(Math.round(value));
    }
}
