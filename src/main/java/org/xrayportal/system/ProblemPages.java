package org.xrayportal.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * The one problem page of the portal: a {@link ProblemException} from any feature answers with its status and its
 * explanation, and a link back to the section the request came from ({@code /staff/requests/7/deny} links to
 * {@code /staff/requests}). A 404 is the plain "not found" page.
 */
@ControllerAdvice
class ProblemPages {

    @ExceptionHandler(ProblemException.class)
    String problem(ProblemException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(e.status().value());
        if (e.status().value() == HttpServletResponse.SC_NOT_FOUND) {
            return "error/404";
        }
        model.addAttribute("messageKey", e.messageKey());
        model.addAttribute("messageArgs", e.args());
        model.addAttribute(
                "back",
                section(request.getRequestURI()
                        .substring(request.getContextPath().length())));
        return "error/problem";
    }

    /**
     * Sections that only take form posts and have no page of their own, and the page their forms are on: a grant is
     * revoked from its request's page.
     */
    private static final Map<String, String> PAGE_OF_ACTIONS = Map.of("/staff/grants", "/staff/requests");

    /**
     * The first two segments of the path ({@code /patient/requests}), or the page of a section without one, or
     * {@code /} for shorter paths.
     */
    static String section(String path) {
        String[] segments = path.split("/", -1);
        if (segments.length < 3 || segments[1].isEmpty() || segments[2].isEmpty()) {
            return "/";
        }
        String section = "/" + segments[1] + "/" + segments[2];
        return PAGE_OF_ACTIONS.getOrDefault(section, section);
    }
}
