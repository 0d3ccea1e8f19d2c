package org.xrayportal.system;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * The database is unreachable or too slow (no pooled connection within the connection timeout, or a query past the
 * socket timeout): 503 with the portal's own error page, within seconds, instead of a hanging request.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class DatabaseErrorPages {

    private static final Logger log = LoggerFactory.getLogger(DatabaseErrorPages.class);

    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessResourceException.class,
        QueryTimeoutException.class
    })
    String databaseUnavailable(RuntimeException e, HttpServletResponse response) {
        log.warn("Database unavailable: {}", e.getMessage());
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader(HttpHeaders.RETRY_AFTER, "30");
        return "error/5xx";
    }
}
