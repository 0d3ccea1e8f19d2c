package org.xrayportal.system;

import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactions of Spring Session JDBC, except around a session lookup (issue 14). Spring Session runs every
 * operation in a transaction of its own ({@code REQUIRES_NEW}, as its configuration makes it); a lookup is one SELECT
 * of the session joined with its attributes, which PostgreSQL answers from one snapshot anyway, so its transaction
 * only added a round trip (the COMMIT) and the transaction manager's work to every request. Inside {@link #lookup}
 * the repository's callbacks run without a transaction: the SELECT, and the single DELETE of a session found expired.
 * Saving and deleting otherwise keep their transaction.
 */
final class SessionTransactions implements TransactionOperations {

    private static final ThreadLocal<Boolean> LOOKUP = new ThreadLocal<>();

    private final TransactionOperations transactional;

    SessionTransactions(PlatformTransactionManager transactionManager) {
        TransactionTemplate template = new TransactionTemplate(transactionManager);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        template.afterPropertiesSet();
        this.transactional = template;
    }

    /** Runs a session lookup of the repository: its callbacks without a transaction. */
    static <T> T lookup(Supplier<T> lookup) {
        if (LOOKUP.get() != null) {
            return lookup.get();
        }
        LOOKUP.set(Boolean.TRUE);
        try {
            return lookup.get();
        } finally {
            LOOKUP.remove();
        }
    }

    @Override
    public <T> T execute(TransactionCallback<T> action) throws TransactionException {
        return LOOKUP.get() != null
                ? TransactionOperations.withoutTransaction().execute(action)
                : transactional.execute(action);
    }
}
