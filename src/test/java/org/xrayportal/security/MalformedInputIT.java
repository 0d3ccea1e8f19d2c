package org.xrayportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.MethodParameter;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.PacsContextInitializer;
import org.xrayportal.support.PortalBrowser;
import org.xrayportal.support.RawHttp;

/**
 * The CI security suite's malformed-input test (issue 12). The requests are generated from the controllers' own
 * mappings ({@link RequestMappingHandlerMapping}): every handler, every parameter, path variable and form field gets
 * every hostile value in turn (the others plausible), plus raw bodies no browser would send, each as the role the URL
 * is for, against a real Orthanc. Every answer must be below 500, carry the portal's headers and show no stack trace or container page.
 */
@ExtendWith(OutputCaptureExtension.class)
@ContextConfiguration(initializers = PacsContextInitializer.class)
class MalformedInputIT extends AccountFlowTest {

    /** Values nobody here would type. Raw ones ("raw:") go on the wire without being percent-encoded. */
    static final List<String> HOSTILE = List.of(
            "a\u0000b",
            "\u0007\u001b[31m\u007f\u0085",
            "x\r\nSet-Cookie: injected=1",
            "99999999999999999999",
            "-2147483649",
            "+999999999-12-31",
            "-999999999-01-01",
            "0000-00-00",
            "<script>alert(1)</script>",
            "' OR 1=1--",
            "../../../../etc/passwd",
            "\u202Eevil\u200B\uFEFF👩‍⚕️",
            "z".repeat(5_000),
            "raw:%ZZ",
            "raw:%ED%A0%80",
            "raw:%C3%28");

    /** Records whose fields are form fields, whatever the feature. */
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final Map<Role, Session> sessions = new LinkedHashMap<>();
    private Session anonymous;

    /** A signed-in (or anonymous) session: its cookie and CSRF token. */
    record Session(String cookie, String csrf) {}

    @Test
    void everyHandlerWhenSentHostileInputThenNoServerErrorNoTraceAndPortalHeaders(CapturedOutput output) {
        List<Probe> probes = probes();
        Map<String, Integer> byHandler = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int sent = 0;
        for (Probe probe : probes) {
            RawHttp.Response response = send(probe);
            sent++;
            byHandler.merge(probe.handler(), 1, Integer::sum);
            String problem = problemWith(response);
            if (problem != null) {
                problems.add(probe.method() + " " + probe.target() + " as " + probe.role() + ": " + problem);
            }
        }
        report(sent, byHandler);
        assertThat(sent)
                .as("requests generated from %d handlers", byHandler.size())
                .isGreaterThanOrEqualTo(300);
        assertThat(byHandler).hasSizeGreaterThan(40);
        assertThat(problems).as("answers that break the rules").isEmpty();
        assertThat(output.getAll())
                .as("an exception that reached the servlet container")
                .doesNotContain("Servlet.service() for servlet")
                .doesNotContain("threw exception [");
    }

    /** One crafted request. */
    record Probe(String handler, Role role, String method, String target, String body, String contentType) {}

    private List<Probe> probes() {
        List<Probe> probes = new ArrayList<>();
        for (var entry : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            HandlerMethod handler = entry.getValue();
            if (handler.getBeanType().getName().startsWith("org.springframework")) {
                continue;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            String httpMethod = methods.contains(RequestMethod.POST) ? "POST" : "GET";
            for (String pattern : info.getPatternValues()) {
                Role role = roleFor(pattern);
                List<Field> fields = fieldsOf(handler);
                String name = handler.getBeanType().getSimpleName() + "#"
                        + handler.getMethod().getName();
                for (Field field : fields) {
                    for (String hostile : HOSTILE) {
                        probes.add(probe(name, role, httpMethod, pattern, fields, field, hostile));
                    }
                }
                // Every field hostile at once, and bodies no browser sends.
                probes.add(probe(name, role, httpMethod, pattern, fields, null, "a\u0000b"));
                probes.add(
                        new Probe(name, role, httpMethod, path(pattern, fields, null, null), "%ZZ=%&=&&%00=1", FORM));
                if ("POST".equals(httpMethod)) {
                    probes.add(new Probe(
                            name,
                            role,
                            "POST",
                            path(pattern, fields, null, null),
                            "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nab",
                            "multipart/form-data; boundary=B"));
                }
            }
        }
        return probes;
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    private Probe probe(
            String name,
            Role role,
            String method,
            String pattern,
            List<Field> fields,
            Field hostileField,
            String value) {
        String target = path(pattern, fields, hostileField, value);
        List<String> pairs = new ArrayList<>();
        for (Field field : fields) {
            if (field.kind() == Kind.PATH) {
                continue;
            }
            String v = hostileField == null || hostileField == field ? value : field.plausible();
            pairs.add(enc(field.name()) + "=" + enc(v));
        }
        String query = String.join("&", pairs);
        if ("GET".equals(method)) {
            return new Probe(name, role, method, query.isEmpty() ? target : target + "?" + query, "", null);
        }
        return new Probe(name, role, method, target, query, FORM);
    }

    private static String path(String pattern, List<Field> fields, Field hostileField, String value) {
        String path = pattern;
        for (Field field : fields) {
            if (field.kind() == Kind.PATH) {
                String v = hostileField == field ? value : field.plausible();
                path = path.replaceAll(
                        "\\{" + Pattern.quote(field.name()) + "(:[^}]*)?}",
                        Matcher.quoteReplacement(enc(v).replace("+", "%20")));
            }
        }
        return path.replaceAll("\\{[^}]*}", "1.2.3");
    }

    enum Kind {
        PATH,
        PARAM,
        FORM_FIELD
    }

    record Field(String name, Kind kind, Class<?> type) {
        String plausible() {
            if (type == LocalDate.class) {
                return "2020-01-02";
            }
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                return "987654321";
            }
            if (type == boolean.class || type == Boolean.class) {
                return "true";
            }
            if (type.isEnum()) {
                return type.getEnumConstants()[0].toString();
            }
            if (name.toLowerCase().contains("email")) {
                return "malformed-probe@example.test";
            }
            if (name.toLowerCase().contains("uid")) {
                return "1.2.840.99999.1";
            }
            return "plausible text";
        }
    }

    private static List<Field> fieldsOf(HandlerMethod handler) {
        List<Field> fields = new ArrayList<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            Class<?> type = parameter.getParameterType();
            PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (path != null) {
                fields.add(
                        new Field(path.name().isEmpty() ? parameter.getParameterName() : path.name(), Kind.PATH, type));
            } else if (param != null) {
                fields.add(new Field(
                        param.name().isEmpty() ? parameter.getParameterName() : param.name(), Kind.PARAM, type));
            } else if (type.isRecord()
                    && (parameter.hasParameterAnnotation(ModelAttribute.class)
                            || type.getName().startsWith("org.xrayportal"))) {
                for (RecordComponent component : type.getRecordComponents()) {
                    fields.add(new Field(component.getName(), Kind.FORM_FIELD, component.getType()));
                }
            } else if (BeanUtils.isSimpleValueType(type) && parameter.getParameterAnnotations().length == 0) {
                fields.add(new Field(parameter.getParameterName(), Kind.PARAM, type));
            }
        }
        return fields;
    }

    private static Role roleFor(String pattern) {
        if (pattern.startsWith("/patient") || pattern.startsWith("/account")) {
            return Role.PATIENT;
        }
        if (pattern.startsWith("/staff")) {
            return Role.STAFF;
        }
        if (pattern.startsWith("/admin")) {
            return Role.ADMIN;
        }
        return null;
    }

    private RawHttp.Response send(Probe probe) {
        Session session = session(probe.role());
        StringBuilder request = new StringBuilder()
                .append(probe.method())
                .append(' ')
                .append(probe.target())
                .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
                .append("Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n")
                .append("Cookie: PORTALSESSION=")
                .append(session.cookie())
                .append("\r\n");
        String body = probe.body();
        if ("POST".equals(probe.method())) {
            if (FORM.equals(probe.contentType())) {
                body = body.isEmpty() ? "_csrf=" + enc(session.csrf()) : body + "&_csrf=" + enc(session.csrf());
            } else {
                request.append("X-CSRF-TOKEN: ").append(session.csrf()).append("\r\n");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            request.append("Content-Type: ")
                    .append(probe.contentType())
                    .append("\r\nContent-Length: ")
                    .append(bytes.length)
                    .append("\r\n");
        }
        request.append("\r\n").append("POST".equals(probe.method()) ? body : "");
        return RawHttp.send(port, request.toString());
    }

    private Session session(Role role) {
        if (role == null) {
            if (anonymous == null) {
                PortalBrowser browser = browser();
                anonymous = sessionOf(browser, browser.get("/login").body());
            }
            return anonymous;
        }
        return sessions.computeIfAbsent(role, r -> {
            PortalBrowser browser = signedIn(r, "malformed-" + r.name().toLowerCase() + "@example.test");
            return sessionOf(browser, browser.get("/account/password").body());
        });
    }

    private static Session sessionOf(PortalBrowser browser, String page) {
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("No CSRF token on the page");
        }
        return new Session(browser.cookie("PORTALSESSION"), m.group(1));
    }

    /** What is wrong with the answer, or null. */
    static String problemWith(RawHttp.Response response) {
        if (response.status() >= 500) {
            return "status " + response.status();
        }
        String body = response.body();
        for (String trace :
                List.of("Exception", "\tat ", "java.lang.", "org.springframework.", "Apache Tomcat", "Whitelabel")) {
            if (body.contains(trace)) {
                return "body shows '" + trace.strip() + "'";
            }
        }
        boolean html = response.header("Content-Type")
                .filter(t -> t.startsWith("text/html"))
                .isPresent();
        if (html && body.contains("<script>alert(1)</script>")) {
            return "hostile markup echoed unescaped";
        }
        for (String header : List.of("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")) {
            if (response.header(header).isEmpty()) {
                return "no " + header + " header (status " + response.status() + ")";
            }
        }
        if (response.header("Set-Cookie").filter(c -> c.startsWith("injected")).isPresent()) {
            return "header injection";
        }
        return null;
    }

    private static String enc(String value) {
        if (value.startsWith("raw:")) {
            return value.substring(4);
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** What was sent, for whoever reads the CI run: target/security-suite/malformed-input.txt. */
    private static void report(int sent, Map<String, Integer> byHandler) {
        try {
            var file = java.nio.file.Path.of("target", "security-suite", "malformed-input.txt");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(
                    file,
                    "requests: " + sent + "\nhandlers: " + byHandler.size() + "\n"
                            + describe(byHandler).replace(", ", "\n") + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String describe(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
