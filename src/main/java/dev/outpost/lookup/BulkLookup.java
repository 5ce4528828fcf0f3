package dev.outpost.lookup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.outpost.reputation.InvalidInputException;

/**
 * The one skeleton of every bulk lookup (files, certificates, URLs, domains, addresses): a missing
 * array is an {@code invalid-request} naming its field; more than {@link #MAX_ITEMS} items is
 * {@link TooManyItemsException}; an item that cannot be looked up is answered with an {@link
 * LookupOutcome.InvalidInput} in its place; every other item is answered from one {@link Snapshot}.
 */
final class BulkLookup {
    static final int MAX_ITEMS = 10_000;

    private BulkLookup() {}

    /**
     * One kind of bulk item: how it is parsed before the snapshot is taken, and how parsed items are
     * answered from it.
     *
     * @param <P> what an item is parsed into
     */
    interface Items<P> {
        /** The request body's array, named when it is missing. */
        String field();

        /** The problem type of a null item. */
        String nullItemType();

        /** The parsed item; an {@link InvalidInputException} answers the item as invalid. */
        P parse(String query);

        /** The answer to one parsed item; an {@link InvalidInputException} answers it as invalid. */
        LookupOutcome answer(String query, P item, Snapshot snapshot);

        /**
         * Answers every parsed item into {@code outcomes}; an item that did not parse is answered
         * already and its {@code items} entry is null. One item at a time, unless a kind batches its
         * reads.
         */
        default void answerAll(List<String> queries, List<P> items, LookupOutcome[] outcomes, Snapshot snapshot) {
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null) {
                    try {
                        outcomes[i] = answer(queries.get(i), items.get(i), snapshot);
                    } catch (InvalidInputException e) {
                        outcomes[i] = LookupOutcome.InvalidInput.of(queries.get(i), e);
                    }
                }
            }
        }
    }

    /** Answers every item of {@code queries}, in order. */
    static <P> List<LookupOutcome> answer(List<String> queries, Items<P> kind, Snapshots snapshots) {
        if (queries == null) {
            throw new InvalidInputException(
                    "invalid-request", "request body needs a '" + kind.field() + "' array", null);
        }
        if (queries.size() > MAX_ITEMS) {
            throw new TooManyItemsException(queries.size(), MAX_ITEMS);
        }
        LookupOutcome[] outcomes = new LookupOutcome[queries.size()];
        List<P> items = new ArrayList<>(queries.size());
        for (int i = 0; i < outcomes.length; i++) {
            String query = queries.get(i);
            P item = null;
            try {
                if (query == null) {
                    throw new InvalidInputException(kind.nullItemType(), "item is null", null);
                }
                item = kind.parse(query);
            } catch (InvalidInputException e) {
                outcomes[i] = LookupOutcome.InvalidInput.of(query, e);
            }
            items.add(item);
        }
        try (Snapshot snapshot = snapshots.open()) {
            kind.answerAll(queries, items, outcomes, snapshot);
        }
        return Arrays.asList(outcomes);
    }
}
