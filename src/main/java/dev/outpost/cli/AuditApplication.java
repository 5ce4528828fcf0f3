package dev.outpost.cli;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

import jakarta.inject.Inject;

import io.quarkus.runtime.QuarkusApplication;

import dev.outpost.audit.AuditExporter;
import dev.outpost.audit.AuditVerification;
import dev.outpost.audit.AuditVerifier;

/** The application body of {@code outpost audit verify} and {@code outpost audit export}. */
public class AuditApplication implements QuarkusApplication {
    static final String VERIFY = "verify";
    static final String EXPORT = "export";

    @Inject
    AuditVerifier verifier;

    @Inject
    AuditExporter exporter;

    @Override
    public int run(String... args) throws Exception {
        if (VERIFY.equals(args[0])) {
            return verify();
        }
        return export(Path.of(args[1]), Boolean.parseBoolean(args[2]));
    }

    private int verify() {
        AuditVerification verification = verifier.verify();
        if (verification instanceof AuditVerification.Valid valid) {
            System.out.printf(
                    "Audit log valid: %d entries; head seq %d hash %s%n",
                    valid.entries(), valid.headSeq(), valid.headHash());
            return 0;
        }
        AuditVerification.Broken broken = (AuditVerification.Broken) verification;
        System.out.printf(
                "Audit log BROKEN at entry %d (%s): %s; %d entries in the log%n",
                broken.seq(), broken.reason().slug(), broken.detail(), broken.entries());
        return 1;
    }

    private int export(Path file, boolean force) throws Exception {
        try {
            AuditExporter.Exported exported = exporter.export(file, force);
            System.out.printf(
                    "Exported %d audit entries to %s; last entry seq %d hash %s%n",
                    exported.entries(), file, exported.lastSeq(), exported.lastHash());
            return 0;
        } catch (FileAlreadyExistsException e) {
            System.err.printf("outpost: %s exists; give --force to replace it%n", file);
            return 1;
        }
    }
}
