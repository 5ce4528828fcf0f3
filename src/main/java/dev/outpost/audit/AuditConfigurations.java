package dev.outpost.audit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The outpost.* configuration as last recorded in the audit log. */
@ApplicationScoped
public class AuditConfigurations implements PanacheRepositoryBase<AuditConfiguration, String> {}
