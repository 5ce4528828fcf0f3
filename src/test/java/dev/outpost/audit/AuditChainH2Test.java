package dev.outpost.audit;

import io.quarkus.test.junit.QuarkusTest;

/** {@link AuditChainContract} on the embedded H2 database. */
@QuarkusTest
class AuditChainH2Test extends AuditChainContract {}
