package org.xrayportal.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;
import org.xrayportal.system.DisplayTime;
import org.xrayportal.system.ProblemException;

/** Downloads per period, by patient and by user; sortable and exportable as CSV. The last 30 days unless asked. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class DownloadReportController {

    private final DownloadReport report;
    private final ConsoleAudit consoleAudit;
    private final DisplayTime displayTime;

    DownloadReportController(DownloadReport report, ConsoleAudit consoleAudit, DisplayTime displayTime) {
        this.report = report;
        this.consoleAudit = consoleAudit;
        this.displayTime = displayTime;
    }

    record Period(LocalDate from, LocalDate to, Instant start, Instant end) {}

    @GetMapping("/admin/audit/downloads")
    String page(
            @CurrentUser PortalUser admin,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String sort,
            HttpServletRequest request,
            Model model) {
        Period period = period(from, to);
        DownloadReport.Sort order = DownloadReport.Sort.parse(sort);
        consoleAudit.used(
                admin.id(),
                admin.email(),
                request.getRemoteAddr(),
                "downloads-report",
                AuditCriteria.between(period.start(), period.end()));
        model.addAttribute("period", period);
        model.addAttribute("sort", order.name());
        model.addAttribute("sorts", DownloadReport.Sort.values());
        model.addAttribute(
                "byPatient", report.report(DownloadReport.GroupBy.PATIENT, period.start(), period.end(), order));
        model.addAttribute("byUser", report.report(DownloadReport.GroupBy.USER, period.start(), period.end(), order));
        return "audit/downloads";
    }

    @GetMapping("/admin/audit/downloads.csv")
    void csv(
            @CurrentUser PortalUser admin,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "patient") String groupBy,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Period period = period(from, to);
        DownloadReport.Sort order = DownloadReport.Sort.parse(sort);
        DownloadReport.GroupBy group = switch (groupBy.toLowerCase(Locale.ROOT)) {
            case "patient" -> DownloadReport.GroupBy.PATIENT;
            case "user" -> DownloadReport.GroupBy.USER;
            default -> throw ProblemException.badRequest("audit.error.groupBy");
        };
        consoleAudit.used(
                admin.id(),
                admin.email(),
                request.getRemoteAddr(),
                "downloads-csv",
                AuditCriteria.between(period.start(), period.end()));
        response.setContentType("text/csv; charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                AuditSearchController.attachment("downloads-by-" + group.name().toLowerCase(Locale.ROOT) + ".csv"));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Writer out = response.getWriter();
        if (group == DownloadReport.GroupBy.PATIENT) {
            Csv.row(out, "patient_id", "issuer_of_patient_id", "downloads", "bytes", "failures");
        } else {
            Csv.row(out, "account_id", "account_name", "downloads", "bytes", "failures");
        }
        for (DownloadReport.Line line : report.report(group, period.start(), period.end(), order)) {
            Csv.row(out, line.key1(), line.key2(), line.downloads(), line.bytes(), line.failures());
        }
        out.flush();
    }

    private Period period(String from, String to) {
        LocalDate today = LocalDate.now(displayTime.zone());
        AuditCriteria range = new AuditSearchForm(
                        null,
                        null,
                        null,
                        null,
                        null,
                        blank(from) ? today.minusDays(29).toString() : from,
                        blank(to) ? today.toString() : to,
                        null)
                .toCriteria(displayTime.zone());
        return new Period(
                range.from().atZone(displayTime.zone()).toLocalDate(),
                range.to().atZone(displayTime.zone()).toLocalDate().minusDays(1),
                range.from(),
                range.to());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
