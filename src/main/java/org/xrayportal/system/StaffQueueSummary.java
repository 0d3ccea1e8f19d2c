package org.xrayportal.system;

import java.time.Instant;
import java.util.List;

/**
 * One queue of clinic work as the staff home page summarises it: how many items wait and the oldest few. Each feature
 * with a staff queue contributes a bean (ordered with {@code @Order}), so the home page needs none of them.
 */
public interface StaffQueueSummary {

    /** @param first how many of the oldest waiting items to list */
    Summary summarise(int first);

    /**
     * @param titleKey message key of the queue's name
     * @param href the full queue
     * @param count everything waiting, not only the items listed
     */
    record Summary(String titleKey, String href, long count, List<Item> items) {

        public Summary {
            items = List.copyOf(items);
        }
    }

    /**
     * @param label who the item is about (a patient's name)
     * @param since when it arrived
     * @param href the item's own page
     */
    record Item(String label, Instant since, String href) {}
}
