package org.xrayportal.imaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xrayportal.shared.OncePerKey;
import org.xrayportal.shared.PatientIdentity;
import tools.jackson.databind.JsonNode;

/**
 * {@link PacsGateway} over DICOMweb: QIDO-RS for searches and ownership checks, WADO-RS for rendered frames and for
 * retrieving studies. Ownership is confirmed by the PACS on every request (cached briefly, positive answers only) and
 * re-checked here on the returned attributes, so a PACS that matches loosely never widens a patient's scope.
 */
final class DicomWebPacsGateway implements PacsGateway {

    private static final Logger log = LoggerFactory.getLogger(DicomWebPacsGateway.class);

    /** DICOM UIDs: digits and dots, at most 64 characters. Anything else from a browser is simply "not found". */
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    /**
     * The stored transfer syntax ({@code transfer-syntax=*}, PS3.18 8.7.3.5.2): the files as the PACS holds them,
     * byte-identical, instead of copies the PACS decompresses (larger, and a crash risk for Orthanc with GDCM).
     */
    static final String DICOM_MULTIPART = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    /** Most instances of one series (or series of one study) that paging collects before it stops. */
    static final int MAX_PAGED_RESULTS = 20_000;

    private static final String BULK_ACCEPT = "multipart/related; type=\"application/octet-stream\"";

    /** The largest uncompressed frame rendered (a 4096x4096x16-bit image is 32 MiB). */
    private static final long MAX_FRAME_BYTES = 128L * 1024 * 1024;
    /** Memory for decoded frames: a few 2500x2048 16-bit radiographs (about 10 MiB each). */
    static final long FRAME_PIXELS_BYTES = 48L * 1024 * 1024;

    static final Duration FRAME_PIXELS_TTL = Duration.ofMinutes(2);

    /** The largest encapsulated PDF passed through to a patient (it is held in memory while it is sent). */
    private static final int MAX_PDF_BYTES = 32 * 1024 * 1024;

    private static final String ENCAPSULATED_DOCUMENT = "00420011";
    private static final String ENCAPSULATED_DOCUMENT_LENGTH = "00420015";

    /** One frame, uncompressed (Explicit VR Little Endian), whatever the PACS stores. */
    private static final String FRAME_ACCEPT =
            "multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1";

    private static final List<String> STUDY_FIELDS = List.of(
            DicomJson.ISSUER_OF_PATIENT_ID,
            DicomJson.PATIENT_BIRTH_DATE,
            DicomJson.STUDY_DESCRIPTION,
            DicomJson.MODALITIES_IN_STUDY,
            DicomJson.BODY_PART_EXAMINED,
            DicomJson.REFERRING_PHYSICIAN_NAME,
            DicomJson.NUMBER_OF_STUDY_RELATED_SERIES,
            DicomJson.NUMBER_OF_STUDY_RELATED_INSTANCES);
    private static final List<String> PATIENT_FIELDS = List.of(
            DicomJson.ISSUER_OF_PATIENT_ID,
            DicomJson.PATIENT_NAME,
            DicomJson.PATIENT_BIRTH_DATE,
            DicomJson.PATIENT_SEX,
            DicomJson.STUDY_DATE,
            DicomJson.STUDY_TIME);
    /** Pages read for a query the gateway had to widen with wildcards (see {@link #identityQuery}). */
    private static final int MAX_WIDENED_PAGES = 20;

    private static final List<String> SERIES_FIELDS = List.of(
            DicomJson.SERIES_DESCRIPTION, DicomJson.BODY_PART_EXAMINED, DicomJson.NUMBER_OF_SERIES_RELATED_INSTANCES);
    private static final List<String> INSTANCE_FIELDS = List.of(
            DicomJson.ROWS,
            DicomJson.COLUMNS,
            DicomJson.NUMBER_OF_FRAMES,
            DicomJson.WINDOW_CENTER,
            DicomJson.WINDOW_WIDTH);

    /** A study-level instance search: the series attributes the page shows and the instance attributes. */
    private static final List<String> STUDY_INSTANCE_FIELDS = List.of(
            DicomJson.STUDY_INSTANCE_UID,
            DicomJson.SERIES_INSTANCE_UID,
            DicomJson.SERIES_NUMBER,
            DicomJson.MODALITY,
            DicomJson.SERIES_DESCRIPTION,
            DicomJson.BODY_PART_EXAMINED,
            DicomJson.ROWS,
            DicomJson.COLUMNS,
            DicomJson.NUMBER_OF_FRAMES,
            DicomJson.WINDOW_CENTER,
            DicomJson.WINDOW_WIDTH);

    private static final Comparator<Instance> INSTANCE_ORDER =
            Comparator.comparing(Instance::instanceNumber, Comparator.nullsLast(Comparator.naturalOrder()));

    private final DicomWebClient client;
    private final int maxResults;
    private final Cache<String, Object> confirmed;
    /** An identity's study search, kept as briefly as ownership (the access policy asks for it on every request). */
    private final Cache<String, List<Study>> studySearches;
    /**
     * PACS loads under way on this node, by what they load: requests that miss a cache together wait for one load
     * instead of asking the PACS the same thing (see {@link OncePerKey}).
     */
    private final OncePerKey<String> loads = new OncePerKey<>(
            e -> new PacsException(PacsException.Kind.UNAVAILABLE, "interrupted while waiting for the PACS", e));

    /** A study's series and instances as the study page asked for them, kept as briefly as ownership. */
    private final Cache<String, List<SeriesContents>> contents;

    private final Cache<String, DisplayAttributes> displayAttributes =
            Caffeine.newBuilder().maximumSize(2_000).build();

    /**
     * Decoded pixel data of the frames rendered last, so that a patient trying several presets (or sizes) of one image
     * fetches {@code /frames/N} once (docs/decisions/0009). Bounded by bytes and kept briefly; only reached from
     * {@link #render}, that is after the access policy and {@link #confirmInstance} have admitted the object for the
     * caller on this very request, so a hit never skips an ownership check. The arrays are only ever read.
     */
    private final Cache<String, byte[]> framePixels = Caffeine.newBuilder()
            .maximumWeight(FRAME_PIXELS_BYTES)
            .weigher((String key, byte[] pixels) -> pixels.length + 128)
            .expireAfterWrite(FRAME_PIXELS_TTL)
            .build();

    DicomWebPacsGateway(PacsProperties properties) {
        this(new DicomWebClient(properties), properties);
    }

    DicomWebPacsGateway(DicomWebClient client, PacsProperties properties) {
        this.client = client;
        this.maxResults = properties.maxResults();
        this.confirmed = Caffeine.newBuilder()
                .maximumSize(properties.ownershipCacheTtl().isZero() ? 0 : 10_000)
                .expireAfterWrite(properties.ownershipCacheTtl())
                .build();
        this.studySearches = Caffeine.newBuilder()
                .maximumSize(properties.ownershipCacheTtl().isZero() ? 0 : 10_000)
                .expireAfterWrite(properties.ownershipCacheTtl())
                .build();
        this.contents = Caffeine.newBuilder()
                .maximumSize(properties.ownershipCacheTtl().isZero() ? 0 : 2_000)
                .expireAfterWrite(properties.ownershipCacheTtl())
                .build();
    }

    DicomWebClient client() {
        return client;
    }

    @Override
    public List<Study> searchStudies(PatientIdentity identity, DateRange dates) {
        Objects.requireNonNull(identity, "identity");
        DateRange range = dates == null ? DateRange.ANY : dates;
        String key = key(identity, String.valueOf(range.from()), String.valueOf(range.to()));
        return cached(studySearches, "search ", key, () -> search(identity, range));
    }

    /**
     * {@code cache}'s value for {@code key}, else {@code load}'s, kept there; loaded once per key at a time. Failures
     * are not kept.
     */
    private <T> T cached(Cache<String, T> cache, String kind, String key, Supplier<T> load) {
        return loads.cached(kind + key, () -> cache.getIfPresent(key), load, value -> cache.put(key, value));
    }

    /**
     * Forgets every remembered study search and study contents, as if {@code ownership-cache-ttl} had passed: for tests
     * that store a study in the PACS after a search and stand for "a minute later" (a new study appearing only then is
     * the intended trade-off). Confirmed ownership is kept; the access policy's checks run on every search result anyway.
     */
    void forgetStudySearches() {
        studySearches.invalidateAll();
        contents.invalidateAll();
    }

    private List<Study> search(PatientIdentity identity, DateRange range) {
        Query query = identityQuery(identity).include(STUDY_FIELDS);
        if (!range.isOpen()) {
            query.param(
                    "StudyDate",
                    (range.from() == null ? "" : DA.format(range.from())) + "-"
                            + (range.to() == null ? "" : DA.format(range.to())));
        }
        List<Study> studies = new ArrayList<>();
        for (DicomJson.Dataset d : identityStudies(identity, query)) {
            Study study = DicomJson.study(d);
            if (range.contains(study.studyDate())) {
                studies.add(study);
            }
        }
        if (!identity.hasIssuer() && issuers(studies.stream().map(Study::issuerOfPatientId)) > 1) {
            log.warn("An identity without issuer has studies under several issuers; none is shown");
            return List.of();
        }
        if (studies.size() > maxResults) {
            log.warn("More than {} studies for one identity; showing the newest {}", maxResults, maxResults);
        }
        studies.sort(Comparator.comparing(Study::studyDate, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Study::studyTime, Comparator.nullsLast(Comparator.reverseOrder())));
        return List.copyOf(studies.subList(0, Math.min(studies.size(), maxResults)));
    }

    @Override
    public List<Series> listSeries(PatientIdentity identity, String studyUid) {
        confirmStudy(identity, studyUid);
        Query query = new Query().include(SERIES_FIELDS);
        List<Series> series = new ArrayList<>();
        for (DicomJson.Dataset d : paged("studies/" + studyUid + "/series", query, DicomJson.SERIES_INSTANCE_UID)) {
            if (belongs(d, DicomJson.STUDY_INSTANCE_UID, studyUid) && isUid(d.string(DicomJson.SERIES_INSTANCE_UID))) {
                series.add(DicomJson.series(d));
            }
        }
        series.sort(Comparator.comparing(Series::seriesNumber, Comparator.nullsLast(Comparator.naturalOrder())));
        return List.copyOf(series);
    }

    @Override
    public List<Instance> listInstances(PatientIdentity identity, String studyUid, String seriesUid) {
        confirmSeries(identity, studyUid, seriesUid);
        Query query = new Query().include(INSTANCE_FIELDS);
        List<Instance> instances = new ArrayList<>();
        String path = "studies/" + studyUid + "/series/" + seriesUid + "/instances";
        for (DicomJson.Dataset d : paged(path, query, DicomJson.SOP_INSTANCE_UID)) {
            if (belongs(d, DicomJson.STUDY_INSTANCE_UID, studyUid)
                    && belongs(d, DicomJson.SERIES_INSTANCE_UID, seriesUid)
                    && isUid(d.string(DicomJson.SOP_INSTANCE_UID))) {
                instances.add(DicomJson.instance(d));
            }
        }
        instances.sort(INSTANCE_ORDER);
        return List.copyOf(instances);
    }

    /**
     * One study-level instance search (QIDO-RS {@code studies/{uid}/instances}, PS3.18 10.6.1) with the series
     * attributes included, instead of a series search and then an instance search per series: one round trip, and
     * every instance it names is confirmed for this identity at once (study confirmed first; each answer's study and
     * series UIDs checked), so the frames the page asks for next need no ownership search of their own. Kept for
     * {@code portal.pacs.ownership-cache-ttl}. Empty when the PACS refuses that search (400, 404, 501: not every
     * server offers it) or answers without naming every instance's series, which the standard requires there.
     */
    @Override
    public Optional<List<SeriesContents>> studyContents(PatientIdentity identity, String studyUid) {
        confirmStudy(identity, studyUid);
        String key = key(identity, studyUid);
        List<SeriesContents> cached = contents.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        return loads.get("contents " + key, () -> {
            List<SeriesContents> again = contents.getIfPresent(key);
            return again != null ? Optional.of(again) : loadContents(identity, studyUid, key);
        });
    }

    private Optional<List<SeriesContents>> loadContents(PatientIdentity identity, String studyUid, String key) {
        List<DicomJson.Dataset> answer;
        try {
            answer = paged(
                    "studies/" + studyUid + "/instances",
                    new Query().include(STUDY_INSTANCE_FIELDS),
                    DicomJson.SOP_INSTANCE_UID);
        } catch (PacsException e) {
            if (e.kind() == PacsException.Kind.NOT_FOUND
                    || e.kind() == PacsException.Kind.INVALID_REQUEST
                    || e.kind() == PacsException.Kind.OBJECT_UNAVAILABLE
                    || e.kind() == PacsException.Kind.BAD_RESPONSE) {
                log.debug("No study-level instance search on this PACS ({}); listing level by level", e.kind());
                return Optional.empty();
            }
            throw e;
        }
        Map<String, List<DicomJson.Dataset>> bySeries = new LinkedHashMap<>();
        for (DicomJson.Dataset d : answer) {
            if (d.string(DicomJson.STUDY_INSTANCE_UID) == null) {
                return Optional.empty(); // every instance it confirms must name its study: else level by level
            }
            if (!belongs(d, DicomJson.STUDY_INSTANCE_UID, studyUid) || !isUid(d.string(DicomJson.SOP_INSTANCE_UID))) {
                continue;
            }
            String seriesUid = d.string(DicomJson.SERIES_INSTANCE_UID);
            if (!isUid(seriesUid)) {
                return Optional.empty();
            }
            bySeries.computeIfAbsent(seriesUid, uid -> new ArrayList<>()).add(d);
        }
        if (bySeries.isEmpty()) {
            return Optional.empty();
        }
        List<SeriesContents> result = new ArrayList<>(bySeries.size());
        for (var entry : bySeries.entrySet()) {
            DicomJson.Dataset first = entry.getValue().getFirst();
            Series series = new Series(
                    entry.getKey(),
                    first.integer(DicomJson.SERIES_NUMBER),
                    first.string(DicomJson.MODALITY),
                    first.string(DicomJson.SERIES_DESCRIPTION),
                    first.string(DicomJson.BODY_PART_EXAMINED),
                    entry.getValue().size());
            List<Instance> instances = new ArrayList<>(entry.getValue().size());
            confirmed.put(key(identity, studyUid, entry.getKey()), Boolean.TRUE);
            for (DicomJson.Dataset d : entry.getValue()) {
                Instance instance = DicomJson.instance(d);
                instances.add(instance);
                confirmed.put(key(identity, studyUid, entry.getKey(), instance.sopInstanceUid()), instance);
            }
            instances.sort(INSTANCE_ORDER);
            result.add(new SeriesContents(series, List.copyOf(instances)));
        }
        result.sort(Comparator.comparing(
                (SeriesContents c) -> c.series().seriesNumber(), Comparator.nullsLast(Comparator.naturalOrder())));
        List<SeriesContents> found = List.copyOf(result);
        contents.put(key, found);
        return Optional.of(found);
    }

    /**
     * All results of a QIDO search, page by page ({@code limit}/{@code offset}, PS3.18 8.3.4.4): a PACS may cap a
     * search silently (Orthanc answered 500 of a 520-instance series), so one request is never taken as complete.
     * Pages of {@code portal.pacs.max-results} (which must not exceed the PACS's own cap) are fetched until one is short
     * or empty; a PACS that ignores {@code offset} (a page with nothing new) ends the paging.
     */
    private List<DicomJson.Dataset> paged(String path, Query query, String uidTag) {
        List<DicomJson.Dataset> all = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        String base = query.toString();
        for (int offset = 0; ; ) {
            String page = (base.isEmpty() ? "" : base + "&") + "limit=" + maxResults
                    + (offset == 0 ? "" : "&offset=" + offset);
            List<DicomJson.Dataset> results = DicomJson.parse(client.getJson(path + "?" + page));
            int fresh = 0;
            for (DicomJson.Dataset d : results) {
                String uid = d.string(uidTag);
                if (uid == null || seen.add(uid)) {
                    all.add(d);
                    fresh++;
                }
            }
            if (results.size() < maxResults) {
                return all;
            }
            if (fresh == 0) {
                log.warn("The PACS ignored the offset of a paged search of {}; keeping {} results", path, all.size());
                return all;
            }
            if (all.size() >= MAX_PAGED_RESULTS) {
                log.warn("More than {} results for {}; keeping the first ones", MAX_PAGED_RESULTS, path);
                return all;
            }
            offset += results.size();
        }
    }

    @Override
    public RenderedImage renderFrame(
            PatientIdentity identity,
            String studyUid,
            String seriesUid,
            String instanceUid,
            int frame,
            RenderOptions options) {
        Instance instance = confirmInstance(identity, studyUid, seriesUid, instanceUid);
        if (frame < 1 || frame > instance.numberOfFrames()) {
            throw PacsException.notFound("frame " + frame + " of an instance with " + instance.numberOfFrames());
        }
        return render(studyUid, seriesUid, instanceUid, frame, options == null ? RenderOptions.DEFAULT : options);
    }

    @Override
    public RenderedImage thumbnail(PatientIdentity identity, String studyUid, String seriesUid, int size) {
        List<Instance> instances = listInstances(identity, studyUid, seriesUid);
        if (instances.isEmpty()) {
            throw PacsException.notFound("series without instances");
        }
        Instance first = instances.stream()
                .filter(instance -> instance.kind() == ObjectKind.IMAGE)
                .findFirst()
                .orElseThrow(() -> new PacsException(
                        PacsException.Kind.OBJECT_UNAVAILABLE, "a series of documents has no thumbnail"));
        RenderOptions options = RenderOptions.jpeg(size, size).withQuality(80);
        return render(studyUid, seriesUid, first.sopInstanceUid(), 1, options);
    }

    @Override
    public StructuredReport report(PatientIdentity identity, String studyUid, String seriesUid, String instanceUid) {
        document(identity, studyUid, seriesUid, instanceUid, ObjectKind.REPORT);
        return StructuredReport.of(metadata(instancePath(studyUid, seriesUid, instanceUid)));
    }

    @Override
    public byte[] pdf(PatientIdentity identity, String studyUid, String seriesUid, String instanceUid) {
        document(identity, studyUid, seriesUid, instanceUid, ObjectKind.PDF);
        DicomJson.Dataset d = metadata(instancePath(studyUid, seriesUid, instanceUid));
        JsonNode attribute = d.node().get(ENCAPSULATED_DOCUMENT);
        byte[] document = null;
        if (attribute != null && attribute.isObject()) {
            JsonNode inline = attribute.get("InlineBinary");
            JsonNode bulk = attribute.get("BulkDataURI");
            if (inline != null && inline.isString()) {
                try {
                    document = Base64.getDecoder().decode(inline.stringValue());
                } catch (IllegalArgumentException e) {
                    throw PacsException.badResponse("an encapsulated document that is not base64", e);
                }
            } else if (bulk != null && bulk.isString()) {
                document = bulkData(bulk.stringValue(), MAX_PDF_BYTES, PacsOperation.RETRIEVE);
            }
        }
        if (document == null) {
            throw new PacsException(PacsException.Kind.OBJECT_UNAVAILABLE, "the PACS did not send the PDF");
        }
        Integer length = d.integer(ENCAPSULATED_DOCUMENT_LENGTH);
        if (length != null && length > 0 && length < document.length) {
            document = Arrays.copyOf(document, length); // the pad byte that makes a DICOM value even
        }
        if (document.length < 5 || !new String(document, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-")) {
            throw new PacsException(PacsException.Kind.OBJECT_UNAVAILABLE, "an encapsulated document that is no PDF");
        }
        return document;
    }

    /** Confirms the object is the identity's and of the kind asked for; a document of another kind is not found. */
    private void document(
            PatientIdentity identity, String studyUid, String seriesUid, String instanceUid, ObjectKind kind) {
        Instance instance = confirmInstance(identity, studyUid, seriesUid, instanceUid);
        if (instance.kind() != kind) {
            throw PacsException.notFound("not a " + kind + " object");
        }
    }

    private static String instancePath(String studyUid, String seriesUid, String instanceUid) {
        return "studies/" + studyUid + "/series/" + seriesUid + "/instances/" + instanceUid;
    }

    private DicomJson.Dataset metadata(String instancePath) {
        List<DicomJson.Dataset> metadata = DicomJson.parse(client.getJson(instancePath + "/metadata"));
        if (metadata.isEmpty()) {
            throw PacsException.notFound("no metadata for this instance");
        }
        return metadata.getFirst();
    }

    @Override
    public int retrieveStudy(PatientIdentity identity, String studyUid, DicomInstanceHandler handler) {
        confirmStudy(identity, studyUid);
        try {
            return client.stream("studies/" + studyUid, DICOM_MULTIPART, (contentType, body) -> {
                MultipartReader reader = new MultipartReader(body, boundaryOf(contentType));
                int count = 0;
                for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                    String partType = part.contentType();
                    ContentType parsed = ContentType.parse(partType);
                    if (partType != null && (parsed == null || !parsed.is("application", "dicom"))) {
                        throw PacsException.badResponse("a part of the study has content type " + partType);
                    }
                    deliver(handler, count++, part.content());
                }
                return count;
            });
        } catch (HandlerFailure e) {
            throw e.getCause();
        }
    }

    private static void deliver(DicomInstanceHandler handler, int index, InputStream content) throws IOException {
        SourceStream source = new SourceStream(content);
        try {
            handler.onInstance(index, source);
        } catch (IOException e) {
            if (source.failure == e) {
                throw e; // the PACS stream broke while the handler read it: a PACS failure
            }
            // The consumer's own I/O (e.g. the browser went away): not a PACS failure, passed through as it is.
            throw new HandlerFailure(new UncheckedIOException(e));
        }
    }

    /** Remembers a read failure, so that it can be told apart from the handler's own I/O failures. */
    private static final class SourceStream extends java.io.FilterInputStream {
        private IOException failure;

        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() {
            // owned by the multipart reader
        }
    }

    /** Carries a handler's exception past the PACS error mapping. */
    private static final class HandlerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HandlerFailure(UncheckedIOException cause) {
            super(cause);
        }

        @Override
        public synchronized UncheckedIOException getCause() {
            return (UncheckedIOException) super.getCause();
        }
    }

    static String boundaryOf(String contentType) {
        ContentType type = ContentType.parse(contentType);
        if (type == null) {
            throw PacsException.badResponse("unreadable content type of a study retrieve: " + contentType);
        }
        if (!type.is("multipart", "related")) {
            throw PacsException.badResponse("a study retrieve answered with content type " + contentType);
        }
        String boundary = type.parameter("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw PacsException.badResponse("a study retrieve has no multipart boundary");
        }
        return boundary;
    }

    /**
     * One frame as the patient sees it (docs/decisions/0009): greyscale images are rendered here from the frame's
     * pixel data (PS3.4 N.2.1, {@link GreyscaleRenderer}); colour images, which have no VOI, are rendered by the PACS
     * and only the patient's preset is applied here. Never the PACS's default greyscale rendering, which ignores the
     * image's own window.
     */
    private RenderedImage render(String studyUid, String seriesUid, String instanceUid, int frame, RenderOptions o) {
        String instancePath = "studies/" + studyUid + "/series/" + seriesUid + "/instances/" + instanceUid;
        DisplayAttributes attributes = displayAttributes(instancePath);
        if (attributes.greyscale()) {
            RenderOptions exact = pacsRenderingIfExact(attributes, o);
            if (exact != null) {
                return renderedByPacs(instancePath, frame, exact);
            }
            BufferedImage image =
                    GreyscaleRenderer.render(attributes, cachedFrameBytes(instancePath, frame, attributes), o);
            return ImageEncoding.encode(ImageEncoding.fit(image, o), o);
        }
        // Colour: the PACS renders at full size (its viewport pads to the requested box), the portal fits and encodes.
        BufferedImage image;
        try {
            RenderOptions png = new RenderOptions(ImageFormat.PNG, null, null, null, null, null);
            image = ImageEncoding.decode(
                    renderedByPacs(instancePath, frame, png).bytes());
            image = ImageEncoding.withPreset(image, o.preset());
        } catch (PacsException e) {
            if (!attributes.plainColour()
                    || (e.kind() != PacsException.Kind.INVALID_REQUEST
                            && e.kind() != PacsException.Kind.OBJECT_UNAVAILABLE)) {
                throw e;
            }
            // A PACS that cannot render this colour image (Orthanc without GDCM refuses YBR_FULL): shown from its
            // uncompressed pixel data instead.
            image = ColourRenderer.render(attributes, cachedFrameBytes(instancePath, frame, attributes), o);
        }
        return ImageEncoding.encode(ImageEncoding.fit(image, o), o);
    }

    /**
     * Explicit parameters for the PACS's own rendering when it is exactly the pipeline's result (measured with the
     * reference corpus): MONOCHROME2, stored values = modality values (no rescale, no Modality LUT Sequence), a LINEAR
     * window (the image's own or the patient's), no preset. The viewport is the image's own aspect ratio, because the
     * PACS pads to the box it is given, and never larger than the image. Otherwise null: the portal renders.
     */
    static RenderOptions pacsRenderingIfExact(DisplayAttributes a, RenderOptions o) {
        boolean identityModality = a.modalityLut() == null && a.rescaleSlope() == 1 && a.rescaleIntercept() == 0;
        if (a.monochrome1() || !identityModality || o.preset() != DisplayPreset.AS_STORED) {
            return null;
        }
        RenderOptions exact = o;
        if (o.ownWindow()) {
            if (a.voiLut() != null || !a.hasUsableWindow() || !"LINEAR".equals(a.voiFunction())) {
                return null;
            }
            exact = o.withWindow(a.windowCenter(), a.windowWidth());
        }
        Integer width = null;
        Integer height = null;
        if (o.viewportWidth() != null) {
            double scale = Math.min((double) o.viewportWidth() / a.columns(), (double) o.viewportHeight() / a.rows());
            if (scale < 1) {
                width = Math.max(1, (int) Math.round(a.columns() * scale));
                height = Math.max(1, (int) Math.round(a.rows() * scale));
            }
        }
        return new RenderOptions(
                exact.format(),
                exact.windowCenter(),
                exact.windowWidth(),
                width,
                height,
                exact.quality(),
                exact.preset());
    }

    /** The PACS's own rendering ({@code /rendered}), with an explicit window when the options carry one. */
    RenderedImage renderedByPacs(String instancePath, int frame, RenderOptions o) {
        Query query = new Query();
        if (o.windowCenter() != null) {
            query.param("window", number(o.windowCenter()) + "," + number(o.windowWidth()) + ",linear");
        }
        if (o.viewportWidth() != null) {
            query.param("viewport", o.viewportWidth() + "," + o.viewportHeight());
        }
        if (o.quality() != null && o.format() == ImageFormat.JPEG) {
            query.param("quality", Integer.toString(o.quality()));
        }
        String path = instancePath + "/frames/" + frame + "/rendered" + (query.isEmpty() ? "" : "?" + query);
        return new RenderedImage(client.getImage(path, o.format().mediaType()), o.format());
    }

    /** The instance's display attributes from its WADO-RS metadata, cached (asked only after ownership is confirmed). */
    DisplayAttributes displayAttributes(String instancePath) {
        return displayAttributes.get(instancePath, path -> {
            List<DicomJson.Dataset> metadata = DicomJson.parse(client.getJson(path + "/metadata"));
            if (metadata.isEmpty()) {
                throw PacsException.notFound("no metadata for this instance");
            }
            return DisplayAttributes.of(metadata.getFirst(), this::lutBulkData);
        });
    }

    /**
     * LUT data the PACS sends by BulkDataURI (Orthanc does for OW): fetched only from the PACS's own base URL, at
     * most 128 KiB (a 65,536-entry 16-bit LUT); anything else is null and the pipeline uses the next rule.
     */
    private byte[] lutBulkData(String uri) {
        return bulkData(uri, 128 * 1024, PacsOperation.SEARCH);
    }

    /** Bulk data by its URI, only from the PACS's own base URL; null when elsewhere or larger than {@code max}. */
    private byte[] bulkData(String uri, int max, PacsOperation operation) {
        String base = client.baseUrl().toString().replaceAll("/+$", "") + "/";
        if (!uri.startsWith(base) || uri.contains("..") || uri.contains("?") || uri.contains("#")) {
            log.warn("Ignoring a BulkDataURI outside the PACS's base URL");
            return null;
        }
        return client.stream(operation, uri.substring(base.length()), BULK_ACCEPT, (contentType, body) -> {
            MultipartReader.Part part = new MultipartReader(body, boundaryOf(contentType)).next();
            byte[] data = part == null ? null : part.content().readNBytes(max + 1);
            return data == null || data.length > max ? null : data;
        });
    }

    /**
     * {@link #frameBytes}, from {@link #framePixels} when the same frame was fetched a moment ago. Fetched outside the
     * cache's own computation, so that a slow PACS never holds a lock other frames need; a failure is not kept.
     */
    private byte[] cachedFrameBytes(String instancePath, int frame, DisplayAttributes a) {
        String key = instancePath + "/frames/" + frame;
        return cached(framePixels, "frame ", key, () -> frameBytes(instancePath, frame, a));
    }

    /** Forgets the decoded frames (for measurements that must fetch them every time). */
    void forgetFramePixels() {
        framePixels.invalidateAll();
    }

    /**
     * One frame's pixel data, uncompressed: WADO-RS {@code /frames/N} asked for Explicit VR Little Endian, so the PACS
     * decodes whatever it stores (JPEG, JPEG-LS, JPEG 2000 with a decoder) and the portal never parses codecs.
     */
    byte[] frameBytes(String instancePath, int frame, DisplayAttributes a) {
        long expected = (long) a.rows() * a.columns() * a.samplesPerPixel() * ((a.bitsAllocated() + 7) / 8);
        if (expected > MAX_FRAME_BYTES) {
            throw PacsException.badResponse("a frame of " + expected + " bytes is too large to render");
        }
        return client.stream(
                PacsOperation.RENDER, instancePath + "/frames/" + frame, FRAME_ACCEPT, (contentType, body) -> {
                    MultipartReader.Part part = new MultipartReader(body, boundaryOf(contentType)).next();
                    if (part == null) {
                        throw PacsException.badResponse("a frame retrieve without a part");
                    }
                    ContentType partType = ContentType.parse(part.contentType());
                    if (partType == null || !partType.is("application", "octet-stream")) {
                        throw PacsException.badResponse(
                                "a frame arrived as " + part.contentType() + ", not uncompressed");
                    }
                    byte[] pixels = part.content().readNBytes((int) expected);
                    if (pixels.length < expected) {
                        throw PacsException.badResponse(
                                "a frame of " + pixels.length + " bytes where " + expected + " were due");
                    }
                    return pixels;
                });
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public List<PacsPatient> findPatients(PatientIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        Query query = identityQuery(identity).include(PATIENT_FIELDS);
        java.util.Map<String, List<DicomJson.Dataset>> byIssuer = new java.util.TreeMap<>();
        for (DicomJson.Dataset d : identityStudies(identity, query)) {
            byIssuer.computeIfAbsent(issuerKey(d.string(DicomJson.ISSUER_OF_PATIENT_ID)), k -> new ArrayList<>())
                    .add(d);
        }
        List<PacsPatient> patients = new ArrayList<>();
        byIssuer.forEach((issuer, studies) -> {
            studies.sort(Comparator.comparing(
                            (DicomJson.Dataset d) -> d.date(DicomJson.STUDY_DATE),
                            Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(
                            d -> d.time(DicomJson.STUDY_TIME), Comparator.nullsFirst(Comparator.naturalOrder())));
            DicomJson.Dataset newest = studies.getLast();
            long birthDates = studies.stream()
                    .map(d -> d.date(DicomJson.PATIENT_BIRTH_DATE))
                    .distinct()
                    .count();
            patients.add(new PacsPatient(
                    PatientIdentity.of(identity.patientId(), issuer),
                    newest.string(DicomJson.PATIENT_NAME),
                    newest.date(DicomJson.PATIENT_BIRTH_DATE),
                    newest.string(DicomJson.PATIENT_SEX),
                    studies.size(),
                    newest.date(DicomJson.STUDY_DATE),
                    birthDates > 1));
        });
        return List.copyOf(patients);
    }

    /**
     * The study-level datasets the PACS returns for the identity query whose PatientID (and issuer, if the identity
     * has one) equal the identity's exactly. A query widened with wildcards is read page by page, so that look-alike
     * IDs cannot push the identity's own studies past the result limit.
     */
    private List<DicomJson.Dataset> identityStudies(PatientIdentity identity, Query base) {
        boolean widened = !identityQuery(identity).toString().equals(exactQuery(identity));
        List<DicomJson.Dataset> own = new ArrayList<>();
        int foreign = 0;
        int pageSize = maxResults + 1;
        for (int page = 0; page < (widened ? MAX_WIDENED_PAGES : 1); page++) {
            Query query = new Query(base).limit(pageSize);
            if (page > 0) {
                query.param("offset", Integer.toString(page * pageSize));
            }
            List<DicomJson.Dataset> answer = DicomJson.parse(client.getJson("studies?" + query));
            for (DicomJson.Dataset d : answer) {
                if (identity.matches(d.string(DicomJson.PATIENT_ID), d.string(DicomJson.ISSUER_OF_PATIENT_ID))
                        && isUid(d.string(DicomJson.STUDY_INSTANCE_UID))) {
                    own.add(d);
                } else {
                    foreign++;
                }
            }
            if (answer.size() < pageSize || own.size() > maxResults) {
                break;
            }
        }
        if (foreign > 0) {
            log.info("Dropped {} studies the PACS matched loosely for one identity", foreign);
        }
        return own;
    }

    private static String issuerKey(String issuer) {
        return issuer == null ? "" : issuer.strip();
    }

    private static long issuers(java.util.stream.Stream<String> issuers) {
        return issuers.map(DicomWebPacsGateway::issuerKey).distinct().count();
    }

    // --- ownership: the PACS must confirm each object for this identity, and we re-check what it says ---

    private void confirmStudy(PatientIdentity identity, String studyUid) {
        requireUid(studyUid);
        String key = key(identity, studyUid);
        if (confirmed.getIfPresent(key) != null) {
            return;
        }
        loads.get("confirm " + key, () -> {
            if (confirmed.getIfPresent(key) == null) {
                checkStudy(identity, studyUid);
                confirmed.put(key, Boolean.TRUE);
            }
            return Boolean.TRUE;
        });
    }

    private void checkStudy(PatientIdentity identity, String studyUid) {
        Query query = identityQuery(identity)
                .param("StudyInstanceUID", studyUid)
                .limit(maxResults)
                .include(List.of(DicomJson.ISSUER_OF_PATIENT_ID));
        boolean found = DicomJson.parse(client.getJson("studies?" + query)).stream()
                .anyMatch(d -> studyUid.equals(d.string(DicomJson.STUDY_INSTANCE_UID))
                        && identity.matches(d.string(DicomJson.PATIENT_ID), d.string(DicomJson.ISSUER_OF_PATIENT_ID)));
        if (!found) {
            throw PacsException.notFound("no such study for this identity");
        }
        if (!identity.hasIssuer()) {
            Query all = identityQuery(identity).include(List.of(DicomJson.ISSUER_OF_PATIENT_ID));
            if (issuers(identityStudies(identity, all).stream().map(d -> d.string(DicomJson.ISSUER_OF_PATIENT_ID)))
                    > 1) {
                throw PacsException.notFound("an identity without issuer whose PatientID has several issuers");
            }
        }
    }

    private void confirmSeries(PatientIdentity identity, String studyUid, String seriesUid) {
        confirmStudy(identity, studyUid);
        requireUid(seriesUid);
        String key = key(identity, studyUid, seriesUid);
        if (confirmed.getIfPresent(key) != null) {
            return;
        }
        Query query = new Query().param("SeriesInstanceUID", seriesUid);
        boolean found = DicomJson.parse(client.getJson("studies/" + studyUid + "/series?" + query)).stream()
                .anyMatch(d -> seriesUid.equals(d.string(DicomJson.SERIES_INSTANCE_UID))
                        && belongs(d, DicomJson.STUDY_INSTANCE_UID, studyUid));
        if (!found) {
            throw PacsException.notFound("no such series in this study");
        }
        confirmed.put(key, Boolean.TRUE);
    }

    Instance confirmInstance(PatientIdentity identity, String studyUid, String seriesUid, String instanceUid) {
        confirmSeries(identity, studyUid, seriesUid);
        requireUid(instanceUid);
        String key = key(identity, studyUid, seriesUid, instanceUid);
        if (confirmed.getIfPresent(key) instanceof Instance cached) {
            return cached;
        }
        return loads.get(
                "confirm " + key,
                () -> confirmed.getIfPresent(key) instanceof Instance again
                        ? again
                        : checkInstance(studyUid, seriesUid, instanceUid, key));
    }

    private Instance checkInstance(String studyUid, String seriesUid, String instanceUid, String key) {
        Query query = new Query().param("SOPInstanceUID", instanceUid).include(INSTANCE_FIELDS);
        String path = "studies/" + studyUid + "/series/" + seriesUid + "/instances?" + query;
        Instance instance = DicomJson.parse(client.getJson(path)).stream()
                .filter(d -> instanceUid.equals(d.string(DicomJson.SOP_INSTANCE_UID))
                        && belongs(d, DicomJson.STUDY_INSTANCE_UID, studyUid)
                        && belongs(d, DicomJson.SERIES_INSTANCE_UID, seriesUid))
                .map(DicomJson::instance)
                .findFirst()
                .orElseThrow(() -> PacsException.notFound("no such instance in this series"));
        confirmed.put(key, instance);
        return instance;
    }

    /** An attribute the PACS returned must equal the one asked for; an absent one is accepted (the path scoped it). */
    private static boolean belongs(DicomJson.Dataset d, String tag, String expected) {
        String actual = d.string(tag);
        return actual == null || actual.equals(expected);
    }

    private static void requireUid(String uid) {
        if (!isUid(uid)) {
            throw PacsException.notFound("not a DICOM UID");
        }
    }

    private static boolean isUid(String uid) {
        return DicomUid.isValid(uid);
    }

    private static String key(PatientIdentity identity, String... uids) {
        return identity.patientId() + "\u0000" + identity.issuer() + "\u0000" + String.join("/", uids);
    }

    /**
     * PatientID and issuer as QIDO keys. Orthanc (1.10) matches percent-encoded values literally, so {@code MRN 77}
     * sent as {@code MRN%2077} matches nothing, and PACSs differ in how they decode {@code + & % # /} and non-ASCII
     * text. So each ASCII character outside letters, digits and {@code -._} is sent as the single-character wildcard
     * {@code ?} (the match widens only to IDs of the same length) and each run of non-ASCII characters as {@code *}
     * (Orthanc's {@code ?} matches one byte, not one UTF-8 character); the exact re-check of every returned PatientID
     * and issuer removes the look-alikes, and widened queries are read page by page. Fuzzy matching is switched off.
     */
    static Query identityQuery(PatientIdentity identity) {
        Query query =
                new Query().param("PatientID", queryKey(identity.patientId())).param("fuzzymatching", "false");
        if (identity.issuer() != null) {
            query.param("IssuerOfPatientID", queryKey(identity.issuer()));
        }
        return query;
    }

    private static String exactQuery(PatientIdentity identity) {
        Query query = new Query().param("PatientID", identity.patientId()).param("fuzzymatching", "false");
        if (identity.issuer() != null) {
            query.param("IssuerOfPatientID", identity.issuer());
        }
        return query.toString();
    }

    static String queryKey(String value) {
        StringBuilder key = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (isQuerySafe(c)) {
                key.append((char) c);
            } else if (c < 0x80) {
                key.append('?');
            } else if (key.isEmpty() || key.charAt(key.length() - 1) != '*') {
                // Orthanc's "?" matches one byte, not one UTF-8 character: a non-ASCII character becomes "*".
                key.append('*');
            }
        });
        return key.toString();
    }

    private static boolean isQuerySafe(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_';
    }

    /** A QIDO query string. Orthanc does not percent-decode query values, so only what must be escaped is. */
    static final class Query {
        private final StringBuilder text;

        Query() {
            text = new StringBuilder();
        }

        Query(Query copy) {
            text = new StringBuilder(copy.text);
        }

        Query param(String name, String value) {
            if (!text.isEmpty()) {
                text.append('&');
            }
            text.append(name).append('=').append(encode(value));
            return this;
        }

        Query limit(int limit) {
            return param("limit", Integer.toString(limit));
        }

        Query include(List<String> tags) {
            tags.forEach(tag -> param("includefield", tag));
            return this;
        }

        boolean isEmpty() {
            return text.isEmpty();
        }

        @Override
        public String toString() {
            return text.toString();
        }

        static String encode(String value) {
            StringBuilder out = new StringBuilder();
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if ((c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || "-._~*?^,:@!$'()/".indexOf(c) >= 0) {
                    out.append((char) c);
                } else {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                    out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
            return out.toString();
        }
    }
}
