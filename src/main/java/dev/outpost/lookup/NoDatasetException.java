package dev.outpost.lookup;

import dev.outpost.reputation.OutpostException;

/**
 * No verified dataset is active yet. Answering UNKNOWN would tell clients "nothing known" when in
 * fact nothing was checked, so lookups fail instead, and readiness says why.
 */
public class NoDatasetException extends OutpostException {
    public NoDatasetException() {
        super("no-dataset", "no verified dataset is active yet; import a signed bundle first");
    }
}
