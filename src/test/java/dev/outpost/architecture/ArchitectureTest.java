package dev.outpost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layout rules of ADR 0014, checked on the compiled main classes so that the build fails when
 * one is broken. The failure message lists every offending dependency with its source line.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("dev.outpost");
    }

    /** Every package can be understood, tested and moved without the ones that use it. */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.outpost.(**)").should().beFreeOfCycles().check(main);
    }

    /** RocksDB lives behind the store interface (STYLE.md point 2, ADR 0005). */
    @Test
    void onlyTheRocksDbStoreUsesRocksDb() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.outpost.store.rocksdb..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.rocksdb..")
                .check(main);
    }

    /**
     * Metrics hang off seams (LookupMetrics, ImportFinished, the store's BlockCacheUsage): only the
     * metrics package knows Micrometer, so an application built without it still runs (ADR 0015).
     */
    @Test
    void onlyTheMetricsPackageUsesMicrometer() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.outpost.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.micrometer..")
                .check(main);
    }

    /**
     * The key layouts live beside {@code KeySpace} in {@code reputation} (ADR 0008), so the model and
     * the store key URLs, domains and IP ranges without knowing how they are canonicalized.
     */
    @Test
    void theModelAndTheStoreKnowNothingOfUrlCanonicalization() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.outpost.reputation..", "dev.outpost.store..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.outpost.web..")
                .check(main);
    }

    /** The CLI opens stores through the factory in {@code store}, like any other client of the store. */
    @Test
    void theCliNeverUsesTheRocksDbStoreDirectly() {
        noClasses()
                .that()
                .resideInAPackage("dev.outpost.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.outpost.store.rocksdb..")
                .check(main);
    }

    /**
     * Services and the domain know nothing of HTTP, so that every front end (REST, CLI, and later
     * DNS and the compatible endpoints) maps the same outcomes. Only resources, the HTTP front door
     * and the operator authentication filter speak JAX-RS.
     */
    @Test
    void servicesAndDomainDoNotUseJaxRs() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.outpost.http..", "dev.outpost.security..")
                .and()
                .haveSimpleNameNotEndingWith("Resource")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jakarta.ws.rs..")
                .check(main);
    }

    /** The server's import path only verifies and applies; it never runs publisher code (ADR 0014). */
    @Test
    void theImportPathDoesNotUsePublishing() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.outpost.bundle..", "dev.outpost.trust..", "dev.outpost.store..", "dev.outpost.io..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.outpost.publishing..")
                .check(main);
    }

    /**
     * Exceptions carry no HTTP codes: choosing an error status belongs to the one mapper in {@code
     * dev.outpost.http} (STYLE.md point 5). Resources may answer 200 with a body.
     */
    @Test
    void errorStatusesAreChosenOnlyInTheHttpPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.outpost.http..")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(Response.Status.class, Response.StatusType.class)
                .orShould()
                .callMethod(Response.class, "status", int.class)
                .orShould()
                .callMethod(Response.class, "status", Response.StatusType.class)
                .orShould()
                .beAssignableTo(WebApplicationException.class)
                .check(main);
        noMethods()
                .that()
                .areDeclaredInClassesThat()
                .resideOutsideOfPackage("dev.outpost.http..")
                .should()
                .beAnnotatedWith(ServerExceptionMapper.class)
                .check(main);
    }
}
