package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xrayportal.security.Role;

/**
 * All user-facing text comes from {@code messages.properties}, so it can be reviewed, corrected and translated without
 * touching templates. This test reads every template and fails on text a user would see that is not a message:
 *
 * <ul>
 *   <li>an element's own text, unless Thymeleaf replaces it ({@code th:text}, {@code th:utext}, {@code th:errors},
 *       {@code th:replace}, {@code th:insert}, {@code sec:authentication} on the element or an ancestor). Text without letters or digits
 *       (a separator like "·") and inlined expressions ({@code [[#{key}]]}) are fine;
 *   <li>{@code alt}, {@code title}, {@code placeholder}, {@code aria-label} and similar attributes written as plain
 *       attributes instead of their {@code th:} versions;
 *   <li>a {@code #{key}} (or {@code #messages.msg('key')}) that {@code messages.properties} does not define.
 * </ul>
 *
 * Thymeleaf comments ({@code <!--/* ... *}{@code /-->}) are ignored, since they never reach the browser.
 */
class TemplateMessagesTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Path MESSAGES = Path.of("src/main/resources/messages.properties");

    /** Attributes whose value people read or hear (screen readers). */
    private static final List<String> TEXT_ATTRIBUTES = List.of(
            "alt",
            "title",
            "placeholder",
            "aria-label",
            "aria-description",
            "aria-roledescription",
            "aria-placeholder",
            "aria-valuetext");

    /** Thymeleaf attributes that replace an element's whole content (or the element itself). */
    private static final List<String> CONTENT_REPLACING = List.of("text", "utext", "replace", "insert", "errors");

    // <!--/*/ ... /*/--> hides markup from a browser opening the file, but Thymeleaf renders it: check its content.
    private static final Pattern PROTOTYPE_ONLY_MARKERS = Pattern.compile("<!--/\\*/|/\\*/-->");
    // <!--/* ... */--> and <!--/*-->...<!--*/--> are removed by Thymeleaf and never reach the browser.
    private static final Pattern PARSER_LEVEL_COMMENT = Pattern.compile("<!--/\\*.*?\\*/-->", Pattern.DOTALL);

    private static final Pattern INLINED_EXPRESSION = Pattern.compile("\\[\\[.*?]]|\\[\\(.*?\\)]", Pattern.DOTALL);
    private static final Pattern MESSAGE_KEY = Pattern.compile("#\\{\\s*([A-Za-z0-9_.\\-]+)\\s*[}(]");
    private static final Pattern MESSAGES_MSG =
            Pattern.compile("#messages\\.msg(?:OrNull)?\\(\\s*'([A-Za-z0-9_.\\-]+)'\\s*[,)]");

    private static Properties messages;

    @BeforeAll
    static void loadMessages() throws IOException {
        messages = new Properties();
        try (Reader reader = Files.newBufferedReader(MESSAGES, StandardCharsets.UTF_8)) {
            messages.load(reader);
        }
    }

    @Test
    void templatesWhenScannedThenEveryUserFacingTextComesFromMessages() throws IOException {
        List<Path> templates = templates();
        assertThat(templates).as("templates under " + TEMPLATES).isNotEmpty();

        List<String> problems = new ArrayList<>();
        for (Path template : templates) {
            problems.addAll(problems(
                    TEMPLATES.relativize(template).toString(), Files.readString(template, StandardCharsets.UTF_8)));
        }

        assertThat(problems)
                .as("Move these texts to messages.properties and use th:text / th:alt / th:title etc.")
                .isEmpty();
    }

    /** A key a bundle lacks shows as {@code ??key_es??} on the page: every template key is in every language. */
    @Test
    void templatesWhenScannedThenEveryMessageKeyExistsInEveryLanguage() throws IOException {
        Set<String> missing = new TreeSet<>();
        for (MessageBundles bundle : MessageBundles.all()) {
            for (Path template : templates()) {
                for (String key : messageKeys(Files.readString(template, StandardCharsets.UTF_8))) {
                    if (!bundle.messages().containsKey(key)) {
                        missing.add(bundle + " lacks " + TEMPLATES.relativize(template) + ": #{" + key + "}");
                    }
                }
            }
        }

        assertThat(missing)
                .as("message keys used in templates but missing from a bundle")
                .isEmpty();
    }

    /**
     * Templates also build keys at run time from a prefix and an enum value ({@code #{'access.status.' + ${s}}}), which
     * the scan above cannot see; each prefix found in a template is listed here with the enum whose values complete it,
     * and every value must have a message in every language. A new dynamic prefix fails until it is listed.
     */
    private static final Map<String, String> DYNAMIC_KEYS = Map.ofEntries(
            Map.entry("access.status.", "org.xrayportal.access.AccessRequest$Status"),
            Map.entry("access.form.format.", "org.xrayportal.access.AccessRequest$Format"),
            Map.entry("audit.downloads.sort.", "org.xrayportal.audit.DownloadReport$Sort"),
            Map.entry("audit.integrity.problem.", "org.xrayportal.audit.AuditIntegrity$Problem"),
            Map.entry("audit.outcome.", "org.xrayportal.audit.AuditOutcome"),
            Map.entry("audit.action.", "org.xrayportal.audit.AuditAction"),
            Map.entry("consultation.contact.", "org.xrayportal.consultation.Consultation$ContactMethod"),
            Map.entry("consultation.status.", "org.xrayportal.consultation.Consultation$Status"),
            Map.entry("download.limit.", "org.xrayportal.viewer.DownloadAudit$Kind"),
            Map.entry("history.outcome.", "org.xrayportal.audit.AuditOutcome"),
            Map.entry("history.action.", "org.xrayportal.audit.AuditAction"),
            Map.entry("history.role.", "org.xrayportal.security.Role"),
            Map.entry("home.patient.consent.", "org.xrayportal.consent.ConsentStatus$State"),
            Map.entry("role.", "org.xrayportal.security.Role"),
            Map.entry("identity.alerts.kind.", "org.xrayportal.account.identity.IdentityAlert$Kind"),
            Map.entry("consent.history.ended.", "org.xrayportal.consent.ConsentAcceptance$EndReason"),
            Map.entry("pacs.error.", "org.xrayportal.imaging.PacsException$Kind"),
            Map.entry("study.document.", "org.xrayportal.imaging.ObjectKind"),
            Map.entry("sharing.admin.download.", "org.xrayportal.sharing.SharingSettings$Download"),
            Map.entry("sharing.admin.secondFactor.", "org.xrayportal.sharing.SecondFactor"),
            Map.entry("sharing.shl.listHint.", "org.xrayportal.sharing.SecondFactor"),
            Map.entry("sharing.access.", "org.xrayportal.sharing.Share$Access$Kind"),
            Map.entry("sharing.device.", "org.xrayportal.sharing.Device"),
            Map.entry("sharing.expiry.", "org.xrayportal.sharing.Expiry"),
            Map.entry("sharing.status.", "org.xrayportal.sharing.Share$Status"),
            Map.entry("document.unavailable.", "org.xrayportal.viewer.DocumentController$DocumentKind"));

    /** Enum values a template never turns into a key (it shows images, not a document line, for IMAGE). */
    private static final Set<String> NOT_SHOWN = Set.of("study.document.IMAGE", "home.patient.consent.CURRENT");

    private static final Pattern DYNAMIC_PREFIX =
            Pattern.compile("(?:#\\{\\s*|#messages\\.msg(?:OrNull)?\\(\\s*)'([A-Za-z0-9_.\\-]+\\.)'\\s*\\+");

    @Test
    void templatesWhenBuildingKeysFromEnumsThenEveryValueHasAMessageInEveryLanguage() throws Exception {
        Set<String> prefixes = new TreeSet<>();
        for (Path template : templates()) {
            Matcher matcher = DYNAMIC_PREFIX.matcher(Files.readString(template, StandardCharsets.UTF_8));
            while (matcher.find()) {
                prefixes.add(matcher.group(1));
            }
        }
        assertThat(prefixes).as("dynamic key prefixes in templates").isNotEmpty();
        assertThat(DYNAMIC_KEYS.keySet())
                .as("every dynamic key prefix used in a template is listed in DYNAMIC_KEYS")
                .containsAll(prefixes);

        Set<String> missing = new TreeSet<>();
        for (var entry : DYNAMIC_KEYS.entrySet()) {
            for (Object value : Class.forName(entry.getValue()).getEnumConstants()) {
                String key = entry.getKey() + ((Enum<?>) value).name();
                for (MessageBundles bundle : MessageBundles.all()) {
                    if (!NOT_SHOWN.contains(key) && !bundle.messages().containsKey(key)) {
                        missing.add(bundle + " lacks " + key);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /** The layout builds {@code role.<ROLE>} keys at run time, which the scan above cannot see. */
    @Test
    void roleNamesWhenShownInHeaderThenEachRoleHasAMessage() {
        for (MessageBundles bundle : MessageBundles.all()) {
            assertThat(Arrays.stream(Role.values()).map(role -> "role." + role.name()))
                    .as(bundle.name())
                    .allMatch(bundle.messages()::containsKey);
        }
    }

    /**
     * Every email the code sends ({@code mail.send(to, [language,] "kind", ...)}) has a subject and a body in every language, and
     * the footer exists; their rendering is checked with all other messages in {@link MessagesTest}.
     */
    @Test
    void emailsWhenSentThenEveryKindHasSubjectAndBodyInEveryLanguage() throws IOException {
        Pattern send = Pattern.compile("mail\\.send\\(\\s*[^,]+,\\s*(?:[^,\"]+,\\s*)?\"([A-Za-z]+)\"");
        Set<String> kinds = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source :
                    sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher matcher = send.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    kinds.add(matcher.group(1));
                }
            }
        }
        assertThat(kinds).as("email kinds found in the code").hasSizeGreaterThanOrEqualTo(7);

        Set<String> missing = new TreeSet<>();
        for (MessageBundles bundle : MessageBundles.all()) {
            for (String kind : kinds) {
                for (String key : List.of("mail." + kind + ".subject", "mail." + kind + ".body", "mail.footer")) {
                    if (!bundle.messages().containsKey(key)) {
                        missing.add(bundle + " lacks " + key);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    // The checker itself, proved on small snippets so that a passing scan means something.

    @Test
    void checkerWhenElementHasHardCodedTextThenReportsIt() {
        assertThat(problems("bad.html", "<main><h1>Welcome back</h1><p th:text=\"#{ok}\">Fallback</p></main>"))
                .singleElement()
                .asString()
                .contains("bad.html", "<h1>", "Welcome back");
    }

    @Test
    void checkerWhenTextIsMixedWithChildElementsThenReportsIt() {
        assertThat(problems("bad.html", "<p>Read <a th:href=\"@{/help}\" th:text=\"#{more}\">more</a> first</p>"))
                .singleElement()
                .asString()
                .contains("<p>", "Read", "first");
    }

    @Test
    void checkerWhenTextAttributeIsHardCodedThenReportsIt() {
        assertThat(problems("bad.html", """
                        <img src="x.png" alt="Chest X-ray">
                        <input th:placeholder="#{ok}" placeholder="you@example.org">
                        <button aria-label="Close" th:text="#{close}">x</button>
                        <span th:title="#{ok}">[[#{ok}]]</span>
                        """))
                .hasSize(2)
                .anySatisfy(problem -> assertThat(problem).contains("alt=\"Chest X-ray\""))
                .anySatisfy(problem -> assertThat(problem).contains("aria-label=\"Close\""));
    }

    @Test
    void checkerWhenTextIsReplacedOrCommentedOutThenAcceptsIt() {
        assertThat(problems("good.html", """
                        <!--/* A note for developers: not sent to the browser. */-->
                        <!--/*--><p>Prototype only</p><!--*/-->
                        <div th:replace="~{fragments/notice :: clinical-notice}"><p>Preview of the notice</p></div>
                        <p th:text="#{intro}">Intro <em>with markup</em></p>
                        <p>[[#{intro}]]</p>
                        <span aria-hidden="true">·</span>
                        <img th:src="@{/logo.png}" th:alt="#{logo}" alt="" title="">
                        """)).isEmpty();
    }

    @Test
    void checkerWhenLayoutPassesOwnFragmentsThenStillChecksThem() {
        assertThat(problems("page.html", """
                        <html th:replace="~{layout :: page(~{::title}, ~{::main})}">
                        <head><title>Hard-coded title</title></head>
                        <body><main><h1 th:text="#{ok}">ok</h1></main></body>
                        </html>
                        """)).singleElement().asString().contains("<title>", "Hard-coded title");
    }

    @Test
    void checkerWhenPrototypeOnlyBlockHasTextThenReportsIt() {
        assertThat(problems("bad.html", "<!--/*/ <p>Seen only by Thymeleaf</p> /*/-->"))
                .singleElement()
                .asString()
                .contains("Seen only by Thymeleaf");
    }

    @Test
    void messageKeysWhenUsedInExpressionsThenFound() {
        assertThat(messageKeys("""
                        <p th:text="#{a.b}"></p>
                        <p th:text="#{signedInAs(${name}, ${#messages.msg('role.' + ${role})})}"></p>
                        <p th:title="${#messages.msg('c-d', 1)}">[[#{e_f}]]</p>
                        """)).containsExactlyInAnyOrder("a.b", "signedInAs", "c-d", "e_f");
    }

    /** One line per problem: template, element, and the offending text. */
    static List<String> problems(String name, String html) {
        String visible = PARSER_LEVEL_COMMENT
                .matcher(PROTOTYPE_ONLY_MARKERS.matcher(html).replaceAll(""))
                .replaceAll("");
        Document document = Jsoup.parse(visible);
        List<String> problems = new ArrayList<>();
        for (Element element : document.getAllElements()) {
            boolean elementReplaced = element.hasAttr("th:replace") && !picksOwnFragments(element.attr("th:replace"))
                    || replacesContent(element.parent());
            if (elementReplaced) {
                continue;
            }
            String text =
                    INLINED_EXPRESSION.matcher(element.ownText()).replaceAll("").strip();
            if (!replacesContent(element) && text.codePoints().anyMatch(Character::isLetterOrDigit)) {
                problems.add(name + ": <" + element.tagName() + "> has hard-coded text \"" + text + "\"");
            }
            // th:text and th:insert replace what is inside the element, not its attributes.
            for (Attribute attribute : element.attributes()) {
                if (TEXT_ATTRIBUTES.contains(attribute.getKey())
                        && !attribute.getValue().isBlank()
                        && !element.hasAttr("th:" + attribute.getKey())) {
                    problems.add(name + ": <" + element.tagName() + "> has hard-coded " + attribute.getKey() + "=\""
                            + attribute.getValue() + "\"; use th:" + attribute.getKey());
                }
            }
        }
        return problems;
    }

    /** Whether Thymeleaf replaces what is inside this element: it or an ancestor carries a content-replacing attribute. */
    private static boolean replacesContent(Element element) {
        for (Element e = element; e != null; e = e.parent()) {
            for (String attribute : CONTENT_REPLACING) {
                String value =
                        e.hasAttr("th:" + attribute) ? e.attr("th:" + attribute) : e.attr("data-th-" + attribute);
                if (!value.isEmpty() && !picksOwnFragments(value)) {
                    return true;
                }
            }
            if (e.hasAttr("sec:authentication") || e.attr("th:remove").matches("all|body")) {
                return true;
            }
        }
        return false;
    }

    /** {@code ~{layout :: page(~{::main})}} hands content of this very template to the layout: it is still shown. */
    private static boolean picksOwnFragments(String fragmentExpression) {
        return fragmentExpression.replaceAll("\\s", "").contains("~{::");
    }

    static Set<String> messageKeys(String html) {
        Set<String> keys = new TreeSet<>();
        for (Pattern pattern : List.of(MESSAGE_KEY, MESSAGES_MSG)) {
            Matcher matcher = pattern.matcher(html);
            while (matcher.find()) {
                keys.add(matcher.group(1));
            }
        }
        return keys;
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            return files.filter(file -> file.toString().endsWith(".html"))
                    .sorted()
                    .toList();
        }
    }
}
