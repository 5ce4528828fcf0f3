package dev.outpost.bundle.importing;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import dev.outpost.reputation.InvalidInputException;

/**
 * The last problem that kept a bundle from being imported without being the bundle's fault: a local
 * failure (a full disk) or a bundle in the inbox that stayed incomplete (issue 11 items 5 and 6).
 * Neither goes to quarantine, so this is where readiness and the log say why nothing happened.
 * Kept in memory per replica: each replica has its own disk and its own inbox copy.
 */
@ApplicationScoped
public class ImportProblems {
    private final AtomicReference<ImportProblem> last = new AtomicReference<>();

    /** Records a problem; returns whether it differs from the last one, so that a caller logs it once. */
    public boolean report(ImportProblem problem) {
        ImportProblem before = last.getAndSet(problem);
        return before == null || !before.sameAs(problem);
    }

    /** The bundle {@code fileName} got through: a problem recorded for it is over. */
    public void resolved(String fileName) {
        last.updateAndGet(problem -> problem != null && problem.fileName().equals(fileName) ? null : problem);
    }

    public Optional<ImportProblem> last() {
        return Optional.ofNullable(last.get());
    }

    /** What went wrong, for whom, when; {@code reason} is a stable word, {@code detail} for people. */
    public record ImportProblem(Instant at, String fileName, String reason, String detail) {
        public ImportProblem {
            if (at == null || fileName == null || reason == null || detail == null) {
                throw new InvalidInputException(
                        "invalid-import-problem",
                        "an import problem needs a time, a file, a reason and a detail",
                        fileName);
            }
        }

        boolean sameAs(ImportProblem other) {
            return fileName.equals(other.fileName) && reason.equals(other.reason);
        }

        /** One line for readiness data and logs. */
        public String describe() {
            return at + " " + fileName + ": " + reason + ": " + detail;
        }
    }
}
