package dev.outpost.lookup;

import java.util.List;

/** Answers to a bulk lookup, one per requested item, in request order. */
public record BulkResponse(List<Answer> results) {}
