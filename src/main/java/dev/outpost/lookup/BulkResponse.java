package dev.outpost.lookup;

import java.util.List;

/** The schema of a bulk file or certificate answer: one answer per requested item, in request order. */
public record BulkResponse(List<Answer> results) {}
