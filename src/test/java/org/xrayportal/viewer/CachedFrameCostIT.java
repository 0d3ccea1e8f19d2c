package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.web.context.request.RequestContextHolder;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.TestGateways;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * What one request costs in round trips (issue 14, "a cache hit is a cache hit"): a frame already in the portal's
 * frame cache, asked again by a signed-in patient over HTTP, makes no PACS call at all (the access decision is
 * remembered behind the account's access version) and only a handful of SQL statements, counted on the web server's
 * threads. The statements are printed so a change in their number is visible in the build output.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@Import({ViewerFixtures.class, CachedFrameCostIT.CountingDataSource.class})
class CachedFrameCostIT {

    @LocalServerPort
    int port;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    PacsGateway gateway;

    @Autowired
    FrameCache frames;

    @Test
    void cachedFrameWhenAskedAgainThenNoPacsCallAndOnlyTheSessionAndAccessVersionReads() throws Exception {
        PortalUser patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        fixtures.grant(patient, AccessScope.allStudies(), null);
        DemoStudies.Study knee = DemoStudies.byKey("mueller-knee-2024");
        DemoStudies.Series ap = knee.series().getFirst();
        String portal = "http://localhost:" + port;
        URI page = URI.create(portal + "/patient/studies/" + knee.studyInstanceUid());
        URI frame = URI.create(portal + "/patient/studies/" + knee.studyInstanceUid() + "/series/"
                + knee.seriesInstanceUid(ap) + "/instances/" + knee.sopInstanceUid(ap, 1) + "/frames/1?size=1024");
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String cookie = ViewerFixtures.signInOverHttp(http, portal, patient.email());
            get(http, page, cookie);
            get(http, frame, cookie);
            get(http, frame, cookie);
            // As once the gateway's own study-search cache has expired: the decision cache alone spares the search.
            TestGateways.studySearchCacheExpired(gateway);
            Thread.sleep(200);
            long pacsCalls = pacsCalls();
            clear();

            get(http, frame, cookie);
            Thread.sleep(200);

            List<String> statements = List.copyOf(CountingDataSource.STATEMENTS);
            System.out.println("Cached frame: " + (pacsCalls() - pacsCalls) + " PACS calls, " + statements.size()
                    + " SQL statements on " + CountingDataSource.BORROWS.get() + " connections: "
                    + String.join(" | ", statements));
            assertThat(pacsCalls()).isEqualTo(pacsCalls);
            // Issue 14, deliver 2: the session read once and not written, the access version; nothing else.
            assertThat(statements).hasSize(2);
            assertThat(statements.get(0)).contains("FROM SPRING_SESSION S");
            assertThat(statements.get(1)).contains("access_version");
            assertThat(CountingDataSource.BORROWS.get()).isEqualTo(2);
            assertThat(CountingDataSource.COMMITS.get())
                    .as("neither read runs in a transaction: no COMMIT round trip")
                    .isZero();

            clear();
            long before = pacsCalls();
            get(http, page, cookie);
            Thread.sleep(200);
            List<String> pageStatements = List.copyOf(CountingDataSource.STATEMENTS);
            System.out.println("Study page (decision cached): " + (pacsCalls() - before) + " PACS calls, "
                    + pageStatements.size() + " SQL statements on " + CountingDataSource.BORROWS.get()
                    + " connections: " + String.join(" | ", pageStatements));
            // The page writes its VIEW event, but neither the session nor anything for the viewer's visit.
            assertThat(pageStatements)
                    .noneMatch(sql ->
                            sql.startsWith("UPDATE SPRING_SESSION") || sql.startsWith("INSERT INTO SPRING_SESSION"));
            assertThat(pageStatements)
                    .filteredOn(sql -> sql.contains("FROM SPRING_SESSION S"))
                    .hasSize(1);
            assertThat(pageStatements)
                    .noneMatch(sql -> sql.contains("identity_claim") || sql.contains("consent_acceptance"));

            URI list = URI.create(portal + "/patient/studies");
            get(http, list, cookie);
            clear();
            before = pacsCalls();
            get(http, list, cookie);
            Thread.sleep(200);
            List<String> listStatements = List.copyOf(CountingDataSource.STATEMENTS);
            System.out.println("Study list (scope remembered): " + (pacsCalls() - before) + " PACS calls, "
                    + listStatements.size() + " SQL statements on " + CountingDataSource.BORROWS.get()
                    + " connections: " + String.join(" | ", listStatements));
            // The account's scope (link, consent, grants) is remembered behind the access version like a decision.
            assertThat(pacsCalls()).isEqualTo(before);
            assertThat(listStatements)
                    .noneMatch(sql -> sql.contains("patient_identity_link")
                            || sql.contains("consent_acceptance")
                            || sql.contains("access_grant"));
        }
    }

    @Test
    void studyPageWhenSentThenItsFirstImageIsRenderedAheadAndTheBrowsersRequestForItMakesNoPacsCall() throws Exception {
        PortalUser patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        fixtures.grant(patient, AccessScope.allStudies(), null);
        DemoStudies.Study hand = DemoStudies.byKey("mueller-hand-2023");
        String portal = "http://localhost:" + port;
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String cookie = ViewerFixtures.signInOverHttp(http, portal, patient.email());
            long cached = frames.estimatedSize();

            String page = text(http, URI.create(portal + "/patient/studies/" + hand.studyInstanceUid()), cookie);

            // The image element's own address, as the browser asks for it next.
            Matcher img = Pattern.compile("src=\"(/patient/studies/[^\"]+/frames/1\\?size=1024)\"")
                    .matcher(page);
            assertThat(img.find()).as("the page's first image").isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (frames.estimatedSize() == cached) {
                assertThat(System.nanoTime()).as("first frame rendered ahead").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(frames.estimatedSize()).isEqualTo(cached + 1);
            long pacsCalls = pacsCalls();

            HttpResponse<byte[]> frame = http.send(
                    HttpRequest.newBuilder(URI.create(portal + img.group(1)))
                            .header("Cookie", cookie)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(frame.statusCode()).isEqualTo(200);
            assertThat(frame.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            Thread.sleep(200);
            assertThat(pacsCalls()).isEqualTo(pacsCalls);
            assertThat(frames.estimatedSize()).isEqualTo(cached + 1);
        }
    }

    private static String text(HttpClient http, URI uri, String cookie) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
        return response.body();
    }

    private static void clear() {
        CountingDataSource.STATEMENTS.clear();
        CountingDataSource.BORROWS.set(0);
        CountingDataSource.COMMITS.set(0);
    }

    private static long pacsCalls() {
        return Metrics.globalRegistry.find("portal.pacs.calls").timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }

    private static void get(HttpClient http, URI uri, String cookie) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
    }

    /** Wraps the portal's DataSource to record every statement prepared on a web server thread. */
    @TestConfiguration(proxyBeanMethods = false)
    static class CountingDataSource {

        static final List<String> STATEMENTS = Collections.synchronizedList(new ArrayList<>());

        @Bean
        static BeanPostProcessor countingDataSourcePostProcessor() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof DataSource dataSource)) {
                        return bean;
                    }
                    return new DelegatingDataSource(dataSource) {
                        @Override
                        public Connection getConnection() throws SQLException {
                            return counting(super.getConnection());
                        }
                    };
                }
            };
        }

        /** Transactions committed on those connections (a statement run without one commits nothing here). */
        static final java.util.concurrent.atomic.AtomicInteger COMMITS =
                new java.util.concurrent.atomic.AtomicInteger();

        /** Connections borrowed from the pool on which a counted statement ran. */
        static final java.util.concurrent.atomic.AtomicInteger BORROWS =
                new java.util.concurrent.atomic.AtomicInteger();

        private static Connection counting(Connection connection) {
            java.util.concurrent.atomic.AtomicBoolean used = new java.util.concurrent.atomic.AtomicBoolean();
            InvocationHandler handler = (proxy, method, args) -> {
                if (record(method, args) && used.compareAndSet(false, true)) {
                    BORROWS.incrementAndGet();
                }
                if (method.getName().equals("commit") && used.get()) {
                    COMMITS.incrementAndGet();
                }
                try {
                    return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        }

        private static boolean record(Method method, Object[] args) {
            String name = method.getName();
            String sql;
            if (name.equals("prepareStatement") || name.equals("prepareCall")) {
                sql = String.valueOf(args[0]).replaceAll("\\s+", " ").trim();
            } else if (name.equals("createStatement")) {
                sql = "(statement)";
            } else {
                return false;
            }
            // A request's own statements: inside Spring MVC's request scope, or Spring Session's (whose filter runs
            // outside it); background jobs have neither.
            if (RequestContextHolder.getRequestAttributes() != null
                    || sql.toLowerCase(java.util.Locale.ROOT).contains("spring_session")) {
                STATEMENTS.add(sql);
                return true;
            }
            return false;
        }
    }
}
