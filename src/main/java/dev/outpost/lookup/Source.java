package dev.outpost.lookup;

import java.util.Objects;

import dev.outpost.local.LocalIndex;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.store.DatasetInfo;

/**
 * Where the verdict of an answer came from; every answer cites one. Whether a verdict is an
 * operator's is told by this type, never by comparing a name (ADR 0009).
 */
public sealed interface Source {
    /** The vendor dataset of the generation that answered: its name and bundle sequence. */
    record Vendor(String dataset, long sequence) implements Source {
        public Vendor {
            if (dataset == null || sequence < 1) {
                throw new InvalidInputException(
                        "invalid-source", "a vendor source needs a dataset and a sequence of at least 1", dataset);
            }
        }

        /** What every answer from this generation cites: built once per request, not per answer. */
        static Vendor of(DatasetInfo info) {
            return new Vendor(info.dataset(), info.sequence());
        }
    }

    /** An operator's local verdict (ADR 0009): its id and the operator who set it. */
    record Local(long localVerdictId, String createdBy) implements Source {
        public Local {
            Objects.requireNonNull(createdBy, "createdBy");
        }

        static Local of(LocalIndex.Entry entry) {
            return new Local(entry.id(), entry.createdBy());
        }
    }
}
