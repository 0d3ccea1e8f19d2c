package org.xrayportal.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.function.Supplier;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.BindingResult;
import org.xrayportal.system.ProblemException;

/** The forms of the access pages, bound and validated before anything reaches the service. */
final class RequestForms {

    private RequestForms() {}

    /**
     * The scope a valid form describes, or {@code null} with the reason added to {@code errors} when the form or its
     * scope fields do not fit together.
     */
    static AccessScope scopeOf(BindingResult errors, Supplier<AccessScope> scope) {
        if (errors.hasErrors()) {
            return null;
        }
        try {
            return scope.get();
        } catch (ProblemException e) {
            errors.reject(e.messageKey());
            return null;
        }
    }

    /** A patient's request. The scope fields are checked together by {@link AccessScope}. */
    record NewRequest(
            @NotNull(message = "{access.form.scope.required}")
            AccessScope.Kind scope,

            String studyUid,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dateFrom,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dateTo,

            @Size(max = 2000, message = "{access.form.message.length}")
            String message,

            @NotNull(message = "{access.form.format.required}")
            AccessRequest.Format format) {

        static NewRequest empty() {
            return new NewRequest(AccessScope.Kind.ALL_STUDIES, null, null, null, "", AccessRequest.Format.VIEW);
        }

        AccessScope toScope() {
            return new AccessScope(scope, studyUid, dateFrom, dateTo);
        }
    }

    /** Staff approval: the scope may be narrower than what was asked; the expiry is optional. */
    record Approve(
            @NotNull(message = "{access.form.scope.required}")
            AccessScope.Kind scope,

            String studyUid,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dateFrom,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate dateTo,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn,
            Boolean allowDownload) {

        /** An unticked checkbox sends nothing. */
        Approve {
            allowDownload = Boolean.TRUE.equals(allowDownload);
        }

        static Approve from(AccessRequest request) {
            return new Approve(
                    request.scope().kind(),
                    request.scope().studyUid(),
                    request.scope().from(),
                    request.scope().to(),
                    null,
                    request.preferredFormat() == AccessRequest.Format.DOWNLOAD);
        }

        AccessScope toScope() {
            return new AccessScope(scope, studyUid, dateFrom, dateTo);
        }
    }

    record Reason(
            @NotBlank(message = "{access.form.reason.required}")
            @Size(max = 2000, message = "{access.form.reason.length}")
            String reason) {}

    record Extend(
            @NotNull(message = "{access.form.newDue.required}") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate newDueDate,

            @NotBlank(message = "{access.form.reason.required}")
            @Size(max = 2000, message = "{access.form.reason.length}")
            String reason) {}
}
