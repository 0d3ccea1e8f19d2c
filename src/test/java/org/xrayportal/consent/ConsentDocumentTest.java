package org.xrayportal.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xrayportal.consent.ConsentDocument.Block;
import org.xrayportal.consent.ConsentDocument.Block.Kind;

class ConsentDocumentTest {

    @Test
    void blocksWhenPlainTextThenHeadingsParagraphsAndLists() {
        var doc = new ConsentDocument(
                1,
                "T",
                "First line\ncontinues.\n\n## Heading\n- one\n- two\nAfter <b>list</b>.",
                Instant.EPOCH,
                Instant.EPOCH);

        assertThat(doc.blocks())
                .containsExactly(
                        new Block(Kind.PARAGRAPH, "First line continues.", List.of()),
                        new Block(Kind.HEADING, "Heading", List.of()),
                        new Block(Kind.LIST, null, List.of("one", "two")),
                        new Block(Kind.PARAGRAPH, "After <b>list</b>.", List.of()));
    }
}
