package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A structured report's content tree, read from canned DICOM JSON as a PACS sends it in WADO-RS metadata. */
class StructuredReportTest {

    @Test
    void treeWhenReadThenHeadingsAndNamedValuesInOrderWithTheirDepth() {
        StructuredReport report = report("""
                "0040A040":{"vr":"CS","Value":["CONTAINER"]},
                "0040A043":{"vr":"SQ","Value":[%s]},
                "0040A493":{"vr":"CS","Value":["UNVERIFIED"]},
                "0040A491":{"vr":"CS","Value":["PARTIAL"]},
                "0040A730":{"vr":"SQ","Value":[
                  {"0040A040":{"vr":"CS","Value":["CONTAINER"]},"0040A043":{"vr":"SQ","Value":[%s]},
                   "0040A730":{"vr":"SQ","Value":[
                     {"0040A040":{"vr":"CS","Value":["TEXT"]},"0040A043":{"vr":"SQ","Value":[%s]},
                      "0040A160":{"vr":"UT","Value":["Línea 1\\nline 2"]}},
                     {"0040A040":{"vr":"CS","Value":["CODE"]},"0040A043":{"vr":"SQ","Value":[%s]},
                      "0040A168":{"vr":"SQ","Value":[%s]}},
                     {"0040A040":{"vr":"CS","Value":["NUM"]},"0040A043":{"vr":"SQ","Value":[%s]},
                      "0040A300":{"vr":"SQ","Value":[{"0040A30A":{"vr":"DS","Value":["3"]},
                        "004008EA":{"vr":"SQ","Value":[%s]}}]}},
                     {"0040A040":{"vr":"CS","Value":["PNAME"]},"0040A043":{"vr":"SQ","Value":[%s]},
                      "0040A123":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]}},
                     {"0040A040":{"vr":"CS","Value":["IMAGE"]},"0040A043":{"vr":"SQ","Value":[%s]}},
                     {"0040DB73":{"vr":"UL","Value":[1]}}
                   ]}}
                ]}
                """.formatted(
                        code("Report"),
                        code("Findings"),
                        code("Finding"),
                        code("Laterality"),
                        code("Left"),
                        code("Count"),
                        "{\"00080100\":{\"vr\":\"SH\",\"Value\":[\"1\"]}}",
                        code("Reader"),
                        code("Key image")));

        assertThat(report.title()).isEqualTo("Report");
        assertThat(report.verified()).isFalse();
        assertThat(report.complete()).isFalse();
        assertThat(report.items())
                .containsExactly(
                        new StructuredReport.Item(1, "CONTAINER", "Findings", null),
                        new StructuredReport.Item(2, "TEXT", "Finding", "Línea 1\nline 2"),
                        new StructuredReport.Item(2, "CODE", "Laterality", "Left"),
                        new StructuredReport.Item(2, "NUM", "Count", "3"),
                        new StructuredReport.Item(2, "PNAME", "Reader", "Jane Doe"),
                        new StructuredReport.Item(2, "IMAGE", "Key image", null));
        assertThat(report.items().getFirst().heading()).isTrue();
        assertThat(report.items().getLast().reference()).isTrue();
    }

    @Test
    void treeWhenDeeperThanTheLimitThenCutAtTheLimit() {
        String item = "{\"0040A040\":{\"vr\":\"CS\",\"Value\":[\"CONTAINER\"]}%s}";
        String nested = "";
        for (int i = 0; i < 40; i++) {
            nested = item.formatted(nested.isEmpty() ? "" : ",\"0040A730\":{\"vr\":\"SQ\",\"Value\":[" + nested + "]}");
        }
        StructuredReport report = report("\"0040A730\":{\"vr\":\"SQ\",\"Value\":[" + nested + "]}");
        assertThat(report.items()).hasSize(StructuredReport.MAX_DEPTH);
        assertThat(report.title()).isNull();
    }

    private static StructuredReport report(String members) {
        String json = "[{" + members + "}]";
        return StructuredReport.of(
                DicomJson.parse(json.getBytes(StandardCharsets.UTF_8)).getFirst());
    }

    private static String code(String meaning) {
        return "{\"00080100\":{\"vr\":\"SH\",\"Value\":[\"X\"]},\"00080104\":{\"vr\":\"LO\",\"Value\":[\"" + meaning
                + "\"]}}";
    }
}
