package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ProblemPagesTest {

    @Test
    void sectionWhenPathHasTwoOrMoreSegmentsThenTheFirstTwo() {
        assertThat(ProblemPages.section("/staff/requests/7/deny")).isEqualTo("/staff/requests");
        assertThat(ProblemPages.section("/patient/consent")).isEqualTo("/patient/consent");
        assertThat(ProblemPages.section("/patient/studies/1.2.3/consultations")).isEqualTo("/patient/studies");
    }

    @Test
    void sectionWhenItHasNoPageOfItsOwnThenThePageItsFormsAreOn() {
        // A stale "revoke" answers 409; /staff/grants is not a page (a newcomer's "Back" led to a 404).
        assertThat(ProblemPages.section("/staff/grants/12/revoke")).isEqualTo("/staff/requests");
    }

    @Test
    void sectionWhenPathIsShortOrOddThenHome() {
        assertThat(ProblemPages.section("/")).isEqualTo("/");
        assertThat(ProblemPages.section("/patient")).isEqualTo("/");
        assertThat(ProblemPages.section("//requests")).isEqualTo("/");
        assertThat(ProblemPages.section("/patient/")).isEqualTo("/");
    }

    @Test
    void factoriesWhenUsedThenOneStatusPerKindOfFailure() {
        assertThat(ProblemException.badRequest("k").status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(ProblemException.notFound().status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(ProblemException.conflict("k").status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(ProblemException.invalid("k", 3).status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(ProblemException.invalid("k", 3).args()).containsExactly(3);
        assertThat(ProblemException.conflict("consent.error.noTerms").messageKey())
                .isEqualTo("consent.error.noTerms");
    }
}
