package dev.outpost.store;

/**
 * How much of the store's shared block cache is in use, for monitoring.
 *
 * @param usageBytes bytes held by the cache
 * @param pinnedUsageBytes bytes of entries in use by readers, which cannot be evicted
 * @param capacityBytes the configured capacity ({@code outpost.store.block-cache-bytes})
 */
public record BlockCacheUsage(long usageBytes, long pinnedUsageBytes, long capacityBytes) {}
