package dev.outpost.lookup;

import java.util.List;

/** Body of a bulk lookup: {@code {"hashes": ["...", ...]}}, at most 10,000 items. */
public record BulkRequest(List<String> hashes) {}
