package org.xrayportal.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.PortalBrowser;

/** Issue 12: bad characters and dates are field errors on the form's own page, and nothing is written. */
class InputValidationIT extends AccountFlowTest {

    private static final String OWN = "a passphrase for validation";

    @Autowired
    JdbcClient jdbc;

    static Stream<Arguments> badRegistrationFields() {
        String control = "This field contains characters that cannot be saved";
        String range = "Enter a date between the years 1900 and 2100.";
        return Stream.of(
                Arguments.of("fullName", "Nul\u0000Name", control),
                Arguments.of("fullName", "Be\u0007ll", control),
                Arguments.of("fullName", "Two\nLines", control),
                Arguments.of("fullName", "Tab\there", control),
                Arguments.of("fullName", "Esc\u001b[31m", control),
                Arguments.of("fullName", "C1\u0085control", control),
                Arguments.of("birthDate", "-999999999-01-01", range),
                Arguments.of("birthDate", "1899-12-31", range));
    }

    @ParameterizedTest
    @MethodSource("badRegistrationFields")
    void registerWhenFieldHoldsControlCharactersOrAnImpossibleDateThenFieldErrorAndNoRow(
            String field, String value, String message) {
        String email = "validation-" + Math.abs((field + value).hashCode()) + "@example.test";
        var fields = registration(email);
        fields.put(field, value);
        long accountsBefore = count("account");
        long claimsBefore = count("identity_claim");

        var answer = browser().submit("/register", "/register", fields);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body()).contains(message);
        assertThat(count("account")).isEqualTo(accountsBefore);
        assertThat(count("identity_claim")).isEqualTo(claimsBefore);
        assertThat(accounts.findByEmail(email)).isEmpty();
    }

    @Test
    void registerWhenNameHasNonAsciiLettersThenAccepted() {
        var fields = registration("validation-unicode@example.test");
        fields.put("fullName", "Zoë Ñúñez-Øberg 山田");
        var answer = browser().submit("/register", "/register", fields);
        assertThat(answer.redirectsTo("/login")).isTrue();
        assertThat(accounts.findByEmail("validation-unicode@example.test")).isPresent();
    }

    @Test
    void resetRequestWhenEmailHoldsNulThenFieldErrorAndNothingAudited() {
        long before = count("audit_event");
        var answer = browser().submit("/password/reset", "/password/reset", Map.of("email", "a\u0000@example.test"));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(count("audit_event")).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource({"107374183, 400", "-1, 400", "2147483648, 400", "0, 200"})
    void staffQueueWhenPageOutOfRangeThenBadRequest(String page, int status) {
        // 2147483648 is not even an int: Spring's own 400 (a JSON body for this client, which asks for no HTML).
        PortalBrowser staff =
                signedIn(org.xrayportal.security.Role.STAFF, "validation-staff-" + page + "@example.test");
        var answer = staff.get("/staff/requests?page=" + page);
        assertThat(answer.status()).isEqualTo(status);
        if (status == 400 && !page.equals("2147483648")) {
            assertThat(answer.body()).contains("We could not handle that request");
        }
    }

    @Test
    void parameterWhenItHoldsControlCharactersThenBadRequest() {
        PortalBrowser admin = signedIn(org.xrayportal.security.Role.ADMIN, "validation-admin@example.test");
        assertThat(admin.get("/admin/accounts?q=a%00b").status()).isEqualTo(400);
        assertThat(admin.get("/admin/accounts?q=Zo%C3%AB").status()).isEqualTo(200);
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private static Map<String, String> registration(String email) {
        var fields = new HashMap<String, String>();
        fields.put("fullName", "Val Idation");
        fields.put("birthDate", "1984-02-29");
        fields.put("email", email);
        fields.put("password", OWN);
        fields.put("confirmPassword", OWN);
        return fields;
    }
}
